/**
 * Signing: the hot path. No D1 read and no KV read once the isolate has the petition and its count; one
 * D1 write or one share of a queue batch (SIGNATURE_WRITE_MODE); the same answer for a first and a repeat.
 */
import { createRoute } from "@hono/zod-openapi";
import { keyedHash } from "../src/crypto/keyed-hash";
import { problems } from "../src/problems";
import type { RateLimitOutcome } from "../src/ratelimit/rate-limiter";
import { SignatureInput, SignatureReceipt } from "../src/schemas";
import { networkOf } from "../src/signing/network";
import { sign } from "../src/signing/sign";
import { cachedPublicPetition } from "../src/store/petition-cache";
import { cachedPublishedCount } from "../src/tally/published-count";
import {
  confirmationOptions,
  hashKey,
  keyring,
  petitionCacheOptions,
  signatureWriter,
  signingLimitsFor,
  turnstileOptions,
} from "./config";
import { answerFormPostsWithPages } from "./embed/form-answers";
import { limitBody, refuseMalformedUrlencoded, requireMediaType } from "./http/body";
import { requireSigningOrigin, signingCors } from "./http/cors";
import { SlugParam } from "./http/params";
import { createRouter, HEADERS, problemResponses, publicAccess } from "./http/router";

export const SIGNATURE_BODY_LIMIT = 16 * 1024;
const SIGNATURE_MEDIA_TYPES = ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"] as const;

const signRoute = createRoute({
  method: "post",
  path: "/{slug}/signatures",
  operationId: "signPetition",
  tags: ["Signing"],
  summary: "Sign a petition",
  security: publicAccess,
  description:
    "Takes JSON, urlencoded or multipart bodies. A repeat signature by the same person gets exactly the answer a first one gets, and is counted once. A form posted by a browser that prefers HTML gets pages instead: a 303 to the thank-you page, or the form again with its errors.",
  middleware: [
    answerFormPostsWithPages,
    requireSigningOrigin,
    limitBody(SIGNATURE_BODY_LIMIT),
    requireMediaType(SIGNATURE_MEDIA_TYPES),
    refuseMalformedUrlencoded,
  ] as const,
  request: {
    params: SlugParam,
    body: {
      content: {
        "application/json": { schema: SignatureInput },
        "application/x-www-form-urlencoded": { schema: SignatureInput },
        "multipart/form-data": { schema: SignatureInput },
      },
    },
  },
  responses: {
    201: {
      description: "Signed (or already signed: indistinguishable)",
      headers: { "RateLimit-Policy": HEADERS.RateLimitPolicy, RateLimit: HEADERS.RateLimit },
      content: { "application/json": { schema: SignatureReceipt } },
    },
    303: {
      description: "Signed, for a browser posting a form without JavaScript: to the thank-you page",
      headers: { Location: HEADERS.Location },
    },
    ...problemResponses(400, 403, 404, 409, 413, 415, 422, 429, 503),
  },
});

/** RateLimit-Policy and (where the backend knows what remains) RateLimit, as in the IETF httpapi draft. */
function rateLimitHeaders(outcome: RateLimitOutcome): Record<string, string> {
  const policy = { "RateLimit-Policy": `"signing";q=${outcome.limit};w=${outcome.windowSeconds}` };
  if (outcome.remaining === undefined) return policy;
  return { ...policy, RateLimit: `"signing";r=${outcome.remaining};t=${outcome.resetSeconds}` };
}

const router = createRouter();
// Before the route, so preflights are answered and every answer carries the grant.
router.use("/:slug/signatures", signingCors);

export const signatureRoutes = router.openapi(signRoute, async (c) => {
  const { slug } = c.req.valid("param");
  const secret = hashKey(c.env);
  const sealingKeys = await keyring(c.env);

  const networkHash = await keyedHash(secret, "network", networkOf(c.req.header("cf-connecting-ip")));
  const outcome = await signingLimitsFor(c.env).check(networkHash, slug);
  if (outcome.pending) c.executionCtx.waitUntil(outcome.pending);
  const limitHeaders = rateLimitHeaders(outcome);
  if (!outcome.success) throw problems.rateLimited(outcome.resetSeconds, limitHeaders);

  const cache = petitionCacheOptions(c.env);
  const petition = await cachedPublicPetition(slug, cache);
  if (!petition) throw problems.petitionNotFound(slug);

  // Cached as long as the petition's settings: counts change once per tally run anyway.
  const published = await cachedPublishedCount(c.env.KV, c.env.DB, petition, { ttlSeconds: cache.ttlSeconds });
  // The route's validators have parsed and checked whichever kind of body was sent.
  const isJson = c.req.header("content-type")?.toLowerCase().startsWith("application/json");
  const status = await sign(petition, isJson ? c.req.valid("json") : c.req.valid("form"), {
    writer: signatureWriter(c.env, c.executionCtx),
    hashKey: secret,
    keyring: sealingKeys,
    networkHash,
    turnstile: turnstileOptions(c.env),
    confirmation: () => ({ ...confirmationOptions(c.env), defer: (work) => c.executionCtx.waitUntil(work) }),
    edgeCountry: c.req.raw.cf?.country as string | undefined,
    now: new Date(),
  });
  return c.json({ status, petition: slug, count: published?.count ?? null }, 201, {
    ...limitHeaders,
    "Cache-Control": "no-store",
  });
});
