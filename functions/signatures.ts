/**
 * Signing: the hot path. No D1 read and no KV read once the isolate has the petition and its count; one
 * D1 write or one share of a queue batch (SIGNATURE_WRITE_MODE); the same answer for a first and a repeat.
 */
import { createRoute } from "@hono/zod-openapi";
import { SignatureInput, SignatureReceipt } from "../src/schemas";
import { signPetition } from "../src/signing/sign";
import { answerFormPostsWithPages } from "./embed/form-answers";
import { limitBody, refuseMalformedUrlencoded, requireMediaType } from "./http/body";
import { identifyCaller, requirePetitionAccess } from "./http/callers";
import { requireSigningOrigin, signingCors } from "./http/cors";
import { SlugParam } from "./http/params";
import { rateLimited, rateLimitHeaders } from "./http/rate-limit";
import { createRouter, HEADERS, partnerOrPublicAccess, problemResponses } from "./http/router";
import { signingDeps } from "./http/signing-deps";
import { publicSigningPetition } from "./http/signing-petition";

export const SIGNATURE_BODY_LIMIT = 16 * 1024;
const SIGNATURE_MEDIA_TYPES = ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"] as const;

const signRoute = createRoute({
  method: "post",
  path: "/{slug}/signatures",
  operationId: "signPetition",
  tags: ["Signing"],
  summary: "Sign a petition",
  security: partnerOrPublicAccess,
  description:
    "Takes JSON, urlencoded or multipart bodies. A repeat signature by the same person gets exactly the answer a first one gets, and is counted once. A form posted by a browser that prefers HTML gets pages instead: a 303 to the thank-you page, or the form again with its errors. With a partner key (signatures:write) the key's limits apply instead of the network's, the signature is attributed to the key, and no Turnstile challenge is asked.",
  middleware: [
    identifyCaller("signatures:write"),
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
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 503),
  },
});

const router = createRouter();
// Before the route, so preflights are answered and every answer carries the grant.
router.use("/:slug/signatures", signingCors);

export const signatureRoutes = router.openapi(signRoute, async (c) => {
  const { slug } = c.req.valid("param");
  requirePetitionAccess(c.var.caller, slug);
  // The route's validators have parsed and checked whichever kind of body was sent.
  const isJson = c.req.header("content-type")?.toLowerCase().startsWith("application/json");
  const result = await signPetition(
    { slug, load: () => publicSigningPetition(c) },
    isJson ? c.req.valid("json") : c.req.valid("form"),
    await signingDeps(c, c.var.caller),
  );
  if (result.status === "rate-limited") throw rateLimited(result.rateLimit);
  return c.json({ status: result.status, petition: slug, count: result.count }, 201, {
    ...rateLimitHeaders(result.rateLimit),
    "Cache-Control": "no-store",
  });
});
