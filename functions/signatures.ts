/**
 * Signing: the hot path. No D1 read and no KV read once the isolate has the petition and its count; one
 * D1 write or one share of a queue batch (SIGNATURE_WRITE_MODE); the same answer for a first and a repeat.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { problemDocument, problems } from "../src/problems";
import { BatchSignature, Problem, SignatureInput, SignatureReceipt } from "../src/schemas";
import { BATCH_MAX_ITEMS, batchItems, csvItems } from "../src/signing/batch-input";
import { signBatch, signPetition } from "../src/signing/sign";
import { answerFormPostsWithPages } from "./embed/form-answers";
import {
  BATCH_BODY_LIMIT,
  limitBody,
  mediaType,
  refuseMalformedUrlencoded,
  requireMediaType,
  SIGNATURE_BODY_LIMIT,
} from "./http/body";
import { identifyCaller, requireCaller, requirePetitionAccess } from "./http/callers";
import { requireSigningOrigin, signingCors } from "./http/cors";
import { SlugParam } from "./http/params";
import { rateLimited, rateLimitHeaders, refuseNetworksOverLimit } from "./http/rate-limit";
import { createRouter, HEADERS, partnerOrPublicAccess, partnerSecurity, problemResponses } from "./http/router";
import { signingDeps } from "./http/signing-deps";
import { publicSigningPetition } from "./http/signing-petition";

const SIGNATURE_MEDIA_TYPES = ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"] as const;

const signRoute = createRoute({
  method: "post",
  path: "/{slug}/signatures",
  operationId: "signPetition",
  tags: ["Signing"],
  summary: "Sign a petition",
  security: partnerOrPublicAccess,
  description:
    "Takes JSON, urlencoded or multipart bodies. A repeat signature by the same person gets exactly the answer a first one gets, and is counted once. A form posted by a browser that prefers HTML gets pages instead: a 303 to the thank-you page, or the form again with its errors. Over the network's limits: 429 /problems/rate-limited, or, where the organisation's Turnstile challenge is configured (TURNSTILE_SITE_KEY), 429 /problems/challenge-required naming the widget's site key and the field its token goes in (challenge.site_key, challenge.field): sent again with a solved token, the signature is taken up to the network's much higher ceiling. With a partner key (signatures:write) the key's limits apply instead of the network's, the signature is attributed to the key, and no Turnstile challenge is asked.",
  middleware: [
    identifyCaller("signatures:write"),
    answerFormPostsWithPages,
    requireSigningOrigin,
    refuseNetworksOverLimit,
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

const BATCH_MEDIA_TYPES = ["application/json", "text/csv"] as const;

const BatchItemAnswer = z
  .object({
    index: z
      .int()
      .meta({ description: "The item's position in the array, or its CSV record (0: the first after the header)" }),
    status: z.enum(["accepted", "rejected"]).meta({
      description:
        "accepted: taken (stored, held for confirmation, or a repeat of an earlier signature: indistinguishable). rejected: see problem.",
    }),
    problem: Problem.optional(),
  })
  .meta({ id: "BatchItemAnswer" });

const batchRoute = createRoute({
  method: "post",
  path: "/{slug}/signatures/batch",
  operationId: "importSignatures",
  tags: ["Partners"],
  summary: `Import up to ${BATCH_MAX_ITEMS} signatures at once (partner keys with signatures:write; the admin token)`,
  description:
    "A JSON array of BatchSignature, or text/csv with a header row naming BatchSignature's fields. Each item is judged as the sign endpoint judges one signature; the answer is per item and never tells which were repeats. The key's per-minute limit counts every item; items may carry `signed_at` (from 2000 to now).",
  security: partnerSecurity,
  middleware: [
    requireCaller("signatures:write"),
    limitBody(BATCH_BODY_LIMIT),
    requireMediaType(BATCH_MEDIA_TYPES),
  ] as const,
  request: {
    params: SlugParam,
    body: {
      required: true,
      // Plain schemas, not zod: each item is checked on its own, so one bad item fails only itself.
      content: {
        "application/json": {
          schema: { type: "array", maxItems: BATCH_MAX_ITEMS, items: { $ref: "#/components/schemas/BatchSignature" } },
        },
        "text/csv": { schema: { type: "string", description: "A header row, then one signature per record" } },
      },
    },
  },
  responses: {
    200: {
      description: "Judged, item by item",
      headers: { "RateLimit-Policy": HEADERS.RateLimitPolicy, RateLimit: HEADERS.RateLimit },
      content: {
        "application/json": {
          schema: z
            .object({ accepted: z.int(), rejected: z.int(), items: z.array(BatchItemAnswer) })
            .meta({ id: "BatchAnswer" }),
        },
      },
    },
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 503),
  },
});

/** The body as raw items: a JSON array, or CSV records by the header's names. */
async function rawBatch(c: Context): Promise<unknown> {
  if (mediaType(c) === "text/csv") return csvItems(await c.req.text());
  try {
    return await c.req.json();
  } catch (error) {
    throw problems.malformedBody("The body is not valid JSON.").withCause(error);
  }
}

const router = createRouter();
router.openAPIRegistry.register("BatchSignature", BatchSignature);
// Before the route, so preflights are answered and every answer carries the grant.
router.use("/:slug/signatures", signingCors);

export const signatureRoutes = router
  .openapi(signRoute, async (c) => {
    const { slug } = c.req.valid("param");
    requirePetitionAccess(c.var.caller, slug);
    // The route's validators have parsed and checked whichever kind of body was sent.
    const isJson = c.req.header("content-type")?.toLowerCase().startsWith("application/json");
    const result = await signPetition(
      { slug, load: () => publicSigningPetition(c) },
      isJson ? c.req.valid("json") : c.req.valid("form"),
      await signingDeps(c, c.var.caller),
    );
    if (result.status === "rate-limited") throw rateLimited(result);
    return c.json({ status: result.status, petition: slug, count: result.count }, 201, {
      ...rateLimitHeaders(result.rateLimit),
      "Cache-Control": "no-store",
    });
  })
  .openapi(batchRoute, async (c) => {
    const { slug } = c.req.valid("param");
    requirePetitionAccess(c.var.caller, slug);
    const items = batchItems(await rawBatch(c));
    const valid = items.flatMap((item) => (item.ok ? [item.input] : []));
    const result = await signBatch(
      { slug, load: () => publicSigningPetition(c) },
      valid,
      await signingDeps(c, c.var.caller),
    );
    if (result.status === "rate-limited") throw rateLimited(result);
    // The judged items in order, between the ones that failed their schema.
    const judged = result.items.values();
    const answers = items.map((item, index) => {
      const outcome = item.ok ? judged.next().value! : { status: "rejected" as const, problem: item.problem };
      return outcome.status === "accepted"
        ? { index, status: outcome.status }
        : { index, status: outcome.status, problem: problemDocument(outcome.problem) };
    });
    const accepted = answers.filter((answer) => answer.status === "accepted").length;
    return c.json({ accepted, rejected: answers.length - accepted, items: answers }, 200, {
      ...rateLimitHeaders(result.rateLimit),
      "Cache-Control": "no-store",
    });
  });
