/**
 * The organisers' API: petitions (create, update, close, list and read with drafts), exports, webhook
 * delivery status, removal (erasure, invalidation) and key rotation.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { accessRequest } from "../src/privacy/access";
import { signaturesCsv } from "../src/privacy/export";
import { KEY_ROTATION_BATCH, rotateKeys } from "../src/privacy/key-rotation";
import { eraseSignatures, invalidateSignatures } from "../src/privacy/removal";
import { problems } from "../src/problems";
import { Email, Instant, Petition, PetitionCreate, PetitionPatch, PetitionWithCount, Text } from "../src/schemas";
import { recentDeliveries } from "../src/store/outbox";
import { refreshCachedPetition } from "../src/store/petition-cache";
import { findPetition, insertPetition, publicPetition, updatePetition } from "../src/store/petitions";
import { writePublishedCount } from "../src/store/published-tally";
import { findRemoval, type Removal } from "../src/store/removals";
import { SOURCE_LIMIT, signaturesBySource } from "../src/store/sources";
import { findPetitionTally } from "../src/store/tallies";
import { publishedCountDocument, tallyDocument } from "../src/tally/published-count";
import { MAX_ATTEMPTS } from "../src/webhooks/delivery";
import { bulkCallBudget, hashKey, keyring } from "./config";
import { requireAdmin } from "./http/admin-auth";
import { ADMIN_BODY_LIMIT, limitBody, requireMediaType } from "./http/body";
import { PageQuery, SlugParam } from "./http/params";
import { PetitionList, petitionList } from "./http/petition-list";
import { adminSecurity, createRouter, HEADERS, problemResponses } from "./http/router";
import type { AppEnv } from "./types";

/** Every admin route that takes a body: the gate first, so nobody unauthorised gets a body read. */
const ADMIN_WRITE: MiddlewareHandler<AppEnv>[] = [
  requireAdmin,
  limitBody(ADMIN_BODY_LIMIT),
  requireMediaType(["application/json"]),
];

const create = createRoute({
  method: "post",
  path: "/v1/petitions",
  operationId: "createPetition",
  tags: ["Admin"],
  summary: "Create a petition (admin)",
  security: adminSecurity,
  middleware: ADMIN_WRITE,
  request: { body: { required: true, content: { "application/json": { schema: PetitionCreate } } } },
  responses: {
    201: {
      description: "Created",
      headers: { Location: HEADERS.Location },
      content: { "application/json": { schema: Petition } },
    },
    ...problemResponses(400, 401, 409, 413, 415, 422, 503),
  },
});

const update = createRoute({
  method: "patch",
  path: "/v1/petitions/{slug}",
  operationId: "updatePetition",
  tags: ["Admin"],
  summary: "Update a petition, closing it included (admin)",
  security: adminSecurity,
  middleware: ADMIN_WRITE,
  request: { params: SlugParam, body: { required: true, content: { "application/json": { schema: PetitionPatch } } } },
  responses: {
    200: { description: "Updated", content: { "application/json": { schema: Petition } } },
    ...problemResponses(400, 401, 404, 413, 415, 422, 503),
  },
});

const listAll = createRoute({
  method: "get",
  path: "/v1/admin/petitions",
  operationId: "listAllPetitions",
  tags: ["Admin"],
  summary: "All petitions, drafts and closed ones included (admin)",
  security: adminSecurity,
  middleware: [requireAdmin] as const,
  request: { query: PageQuery },
  responses: {
    200: { description: "A page of petitions", content: { "application/json": { schema: PetitionList } } },
    ...problemResponses(401, 422, 503),
  },
});

const getAny = createRoute({
  method: "get",
  path: "/v1/admin/petitions/{slug}",
  operationId: "getAnyPetition",
  tags: ["Admin"],
  summary: "One petition with its count, drafts included (admin)",
  security: adminSecurity,
  middleware: [requireAdmin] as const,
  request: { params: SlugParam },
  responses: {
    200: { description: "The petition", content: { "application/json": { schema: PetitionWithCount } } },
    ...problemResponses(401, 404, 422, 503),
  },
});

const DeliveryStatus = z
  .object({
    event_id: z.string(),
    receiver: z.string().meta({ description: "Hex SHA-256 of the receiver's URL" }),
    state: z.enum(["delivered", "pending", "given_up"]),
    attempts: z.int(),
    created_at: z.string(),
    delivered_at: z.string().nullable(),
    last_error: z.string().nullable(),
  })
  .meta({ id: "DeliveryStatus" });

/** Enough to see whether the receivers are getting the reports; older rows are history. */
const DELIVERY_STATUS_LIMIT = 50;

const deliveries = createRoute({
  method: "get",
  path: "/v1/admin/webhook-deliveries",
  operationId: "listWebhookDeliveries",
  tags: ["Admin"],
  summary: "The newest report webhook deliveries and their state (admin)",
  security: adminSecurity,
  middleware: [requireAdmin] as const,
  responses: {
    200: {
      description: `The ${DELIVERY_STATUS_LIMIT} newest deliveries, newest first`,
      content: { "application/json": { schema: z.object({ deliveries: z.array(DeliveryStatus) }) } },
    },
    ...problemResponses(401, 503),
  },
});

const SourceCounts = z
  .object({
    sources: z.array(
      z.object({
        source: z.string().nullable().meta({ description: "null: signatures sent without one" }),
        count: z.int(),
      }),
    ),
  })
  .meta({ id: "SourceCounts" });

const sources = createRoute({
  method: "get",
  path: "/v1/petitions/{slug}/sources",
  operationId: "countSignaturesBySource",
  tags: ["Admin"],
  summary: "A petition's stored signatures counted by source (admin)",
  description: `Counted from the signatures themselves (like the export, it reads them all, 100,000 ids per D1 call), most first, at most ${SOURCE_LIMIT}.`,
  security: adminSecurity,
  middleware: [requireAdmin] as const,
  request: { params: SlugParam },
  responses: {
    200: { description: "Counts by source", content: { "application/json": { schema: SourceCounts } } },
    ...problemResponses(401, 404, 422, 503),
  },
});

/** One person, by address: erasure and access requests. */
const ErasureRequest = z.strictObject({ email: Email }).meta({ id: "ErasureRequest" });

const removalProgress = {
  completed: z.boolean().meta({
    description: "False: the request did what fits in one invocation's D1 calls; the minute's cron removes the rest",
  }),
  status: z.string().meta({ description: "The removal's status, to follow it", example: "/v1/admin/removals/7" }),
};

const CONTINUES = "Removed what fits in one invocation; the cron continues (follow Location)";

/** 200 when the removal is done, else 202 with where to follow it; `name` carries how many were removed so far. */
function removalAnswer<Name extends string>(name: Name, removal: Removal) {
  const status = `/v1/admin/removals/${removal.id}`;
  const body = { [name]: removal.removed, completed: removal.completedAt !== null, status } as Record<Name, number> & {
    completed: boolean;
    status: string;
  };
  const headers: Record<string, string> = body.completed ? {} : { Location: status };
  return { body, status: body.completed ? (200 as const) : (202 as const), headers };
}

const ErasureOutcome = z
  .object({ erased: z.int().meta({ description: "Signatures removed so far" }), ...removalProgress })
  .meta({ id: "ErasureOutcome" });

const erase = createRoute({
  method: "post",
  path: "/v1/admin/erasures",
  operationId: "erasePerson",
  tags: ["Admin"],
  summary: "Erase every signature of one person, on every petition (admin)",
  description:
    "The person is found by the canonical form of the address, as for dedupe. Each chunk of rows removed adjusts the tallies in the same transaction; published counts follow at the next tally run. What does not fit in one invocation's D1 calls the minute's cron removes (202).",
  security: adminSecurity,
  middleware: ADMIN_WRITE,
  request: { body: { required: true, content: { "application/json": { schema: ErasureRequest } } } },
  responses: {
    200: { description: "Erased", content: { "application/json": { schema: ErasureOutcome } } },
    202: {
      description: CONTINUES,
      headers: { Location: HEADERS.Location },
      content: { "application/json": { schema: ErasureOutcome } },
    },
    ...problemResponses(400, 401, 413, 415, 422, 503),
  },
});

const HeldRecord = z.object({
  petition: z.object({ slug: z.string(), title: z.string() }),
  email: z.string(),
  name: z.string().nullable(),
  postcode: z.string().nullable(),
  country: z.string(),
  consent: z.boolean(),
  locale: z.string().nullable(),
  source: z.string().nullable(),
  signed_at: z.string(),
});

const AccessReport = z
  .object({
    signatures: z.array(HeldRecord),
    pending: z.array(HeldRecord.extend({ expires_at: z.string() })),
  })
  .meta({ id: "AccessReport" });

const access = createRoute({
  method: "post",
  path: "/v1/admin/access-requests",
  operationId: "accessRequest",
  tags: ["Admin"],
  summary: "Everything held about one person, on every petition, decrypted (admin)",
  description:
    "For a data subject's access request. The person is found by the canonical form of the address, as for dedupe and erasure; signatures waiting for confirmation are included. Anonymised signatures no longer belong to anyone and are not found.",
  security: adminSecurity,
  middleware: ADMIN_WRITE,
  request: { body: { required: true, content: { "application/json": { schema: ErasureRequest } } } },
  responses: {
    200: { description: "What is held", content: { "application/json": { schema: AccessReport } } },
    ...problemResponses(400, 401, 413, 415, 422, 503),
  },
});

const InvalidationRequest = z
  .strictObject({
    ip: z
      .string()
      .refine(
        (value) => z.ipv4().safeParse(value).success || z.ipv6().safeParse(value).success,
        "an IPv4 or IPv6 address",
      )
      .optional()
      .meta({
        description: "Any IPv4 or IPv6 address in the network to void (its /24 or /64)",
        example: "203.0.113.7",
      }),
    from: Instant.optional().meta({ description: "Signed at or after" }),
    to: Instant.optional().meta({ description: "Signed before" }),
    source: Text.max(100).optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: "Give at least one of ip, from, to, source: a petition's signatures are not voided wholesale",
  })
  .meta({ id: "InvalidationRequest" });

const InvalidationOutcome = z
  .object({ invalidated: z.int().meta({ description: "Signatures removed so far" }), ...removalProgress })
  .meta({ id: "InvalidationOutcome" });

const invalidate = createRoute({
  method: "post",
  path: "/v1/admin/petitions/{slug}/invalidations",
  operationId: "invalidateSignatures",
  tags: ["Admin"],
  summary: "Void a fraud wave: a petition's signatures from one network, time window or source (admin)",
  description:
    "Signatures stored so far that match every criterion given are removed, in chunks that each adjust the tallies in the same transaction. What does not fit in one invocation's D1 calls the minute's cron removes (202).",
  security: adminSecurity,
  middleware: ADMIN_WRITE,
  request: {
    params: SlugParam,
    body: { required: true, content: { "application/json": { schema: InvalidationRequest } } },
  },
  responses: {
    200: { description: "Voided", content: { "application/json": { schema: InvalidationOutcome } } },
    202: {
      description: CONTINUES,
      headers: { Location: HEADERS.Location },
      content: { "application/json": { schema: InvalidationOutcome } },
    },
    ...problemResponses(400, 401, 404, 413, 415, 422, 503),
  },
});

const RemovalStatus = z
  .object({
    removed: z.int().meta({ description: "Signatures removed so far" }),
    completed: z.boolean(),
    started_at: z.string(),
    completed_at: z.string().nullable(),
  })
  .meta({ id: "RemovalStatus" });

const removalStatus = createRoute({
  method: "get",
  path: "/v1/admin/removals/{id}",
  operationId: "getRemoval",
  tags: ["Admin"],
  summary: "How far an erasure or invalidation has come (admin)",
  security: adminSecurity,
  middleware: [requireAdmin] as const,
  request: { params: z.object({ id: z.coerce.number().int().positive() }) },
  responses: {
    200: { description: "The removal", content: { "application/json": { schema: RemovalStatus } } },
    ...problemResponses(401, 404, 422, 503),
  },
});

const rotateKeysRoute = createRoute({
  method: "post",
  path: "/v1/admin/key-rotation",
  operationId: "rotateKeys",
  tags: ["Admin"],
  summary: "Reseal one batch of signatures under the current encryption key (admin)",
  description:
    "Moves rows sealed under a retired key, or stored in plain text before encryption, to the first key of ENCRYPTION_KEYS, up to 1,000 rows of signatures and of those waiting for confirmation per call; the minute cron does the same. Call until `done`. Takes no body.",
  security: adminSecurity,
  middleware: [requireAdmin] as const,
  responses: {
    200: {
      description: "One batch done",
      content: {
        "application/json": { schema: z.object({ scanned: z.int(), resealed: z.int(), done: z.boolean() }) },
      },
    },
    ...problemResponses(401, 503),
  },
});

const exportSignatures = createRoute({
  method: "get",
  path: "/v1/petitions/{slug}/signatures.csv",
  operationId: "exportSignatures",
  tags: ["Admin"],
  summary: "Export a petition's signatures as CSV (admin)",
  description:
    "Streamed in signature id order, decrypted. Confirmed signatures by default; `?signatures=pending` exports those still waiting for confirmation by email (signed_at: when first signed). One response reads at most what one invocation's D1 calls allow (about 3.8 million signature ids); on a larger table its `Link` header names the next part.",
  security: adminSecurity,
  middleware: [requireAdmin] as const,
  request: {
    params: SlugParam,
    query: z.object({
      signatures: z.enum(["confirmed", "pending"]).default("confirmed"),
      after: z.string().regex(/^\d+$/, "a signature id, from the Link header's next part").optional(),
    }),
  },
  responses: {
    200: {
      description: "email, name, country, postcode, consent, locale, source, signed_at",
      headers: { Link: HEADERS.LinkNext },
      content: { "text/csv": { schema: z.string() } },
    },
    ...problemResponses(401, 404, 422, 503),
  },
});

export const admin = createRouter()
  .openapi(create, async (c) => {
    const input = c.req.valid("json");
    const petition = await insertPetition(c.env.DB, input, new Date());
    if (!petition) throw problems.slugTaken(input.slug);
    await Promise.all([
      refreshCachedPetition(c.env.KV, petition),
      // Drafts stay unpublished: their count would tell the public they exist.
      petition.status === "draft"
        ? undefined
        : writePublishedCount(c.env.KV, publishedCountDocument(petition, 0, null)),
    ]);
    return c.json(publicPetition(petition), 201, { Location: `/v1/petitions/${petition.slug}` });
  })
  .openapi(update, async (c) => {
    const { slug } = c.req.valid("param");
    const petition = await updatePetition(c.env.DB, slug, c.req.valid("json"), new Date());
    if (!petition) throw problems.petitionNotFound(slug);
    await Promise.all([
      refreshCachedPetition(c.env.KV, petition),
      // The published count carries the goal and follows the rounding: keep it in step without waiting for the next tally.
      petition.status === "draft" ? undefined : writePublishedCount(c.env.KV, await tallyDocument(c.env.DB, petition)),
    ]);
    return c.json(publicPetition(petition), 200);
  })
  .openapi(listAll, async (c) => {
    return c.json(await petitionList(c.env.DB, c.req.valid("query"), "admin"), 200);
  })
  .openapi(getAny, async (c) => {
    const { slug } = c.req.valid("param");
    const petition = await findPetition(c.env.DB, slug);
    if (!petition) throw problems.petitionNotFound(slug);
    // Organisers see the exact count, not the public's (maybe rounded) one.
    const count = (await findPetitionTally(c.env.DB, petition.id))?.count ?? 0;
    return c.json({ ...publicPetition(petition), count }, 200, { "Cache-Control": "no-store" });
  })
  .openapi(sources, async (c) => {
    const { slug } = c.req.valid("param");
    const petition = await findPetition(c.env.DB, slug);
    if (!petition) throw problems.petitionNotFound(slug);
    return c.json({ sources: await signaturesBySource(c.env.DB, petition.id) }, 200, { "Cache-Control": "no-store" });
  })
  .openapi(deliveries, async (c) => {
    const rows = await recentDeliveries(c.env.DB, DELIVERY_STATUS_LIMIT);
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    const state = (row: (typeof rows)[number]) =>
      row.delivered_at !== null ? "delivered" : row.attempts >= MAX_ATTEMPTS ? "given_up" : "pending";
    return c.json(
      {
        deliveries: rows.map((row) => ({
          ...row,
          state: state(row),
          created_at: iso(row.created_at)!,
          delivered_at: iso(row.delivered_at),
        })),
      },
      200,
      { "Cache-Control": "no-store" },
    );
  })
  .openapi(erase, async (c) => {
    const { email } = c.req.valid("json");
    const removal = await eraseSignatures(c.env.DB, hashKey(c.env), email, Date.now(), bulkCallBudget(c.env));
    const answer = removalAnswer("erased", removal);
    return c.json(answer.body, answer.status, answer.headers);
  })
  .openapi(access, async (c) => {
    const email = c.req.valid("json").email;
    return c.json(await accessRequest(c.env.DB, hashKey(c.env), await keyring(c.env), email), 200);
  })
  .openapi(rotateKeysRoute, async (c) => {
    return c.json(await rotateKeys(c.env.DB, await keyring(c.env), KEY_ROTATION_BATCH), 200);
  })
  .openapi(exportSignatures, async (c) => {
    const { slug } = c.req.valid("param");
    const petition = await findPetition(c.env.DB, slug);
    if (!petition) throw problems.petitionNotFound(slug);
    const { signatures: which, after: from } = c.req.valid("query");
    const after = Number(from ?? 0);
    const csv = await signaturesCsv(c.env.DB, await keyring(c.env), petition, which, bulkCallBudget(c.env), after);
    const part = `${which === "pending" ? "-pending" : ""}${after === 0 ? "" : `-after-${after}`}`;
    return c.body(csv.body, 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${slug}-signatures${part}.csv"`,
      "Cache-Control": "no-store",
      ...(csv.next === null
        ? {}
        : { Link: `</v1/petitions/${slug}/signatures.csv?signatures=${which}&after=${csv.next}>; rel="next"` }),
    });
  })
  .openapi(invalidate, async (c) => {
    const { slug } = c.req.valid("param");
    const petition = await findPetition(c.env.DB, slug);
    if (!petition) throw problems.petitionNotFound(slug);
    const { ip, from, to, source } = c.req.valid("json");
    const criteria = { ip, source, from: from ? Date.parse(from) : undefined, to: to ? Date.parse(to) : undefined };
    const budget = bulkCallBudget(c.env);
    const removal = await invalidateSignatures(c.env.DB, hashKey(c.env), petition.id, criteria, Date.now(), budget);
    const answer = removalAnswer("invalidated", removal);
    return c.json(answer.body, answer.status, answer.headers);
  })
  .openapi(removalStatus, async (c) => {
    const { id } = c.req.valid("param");
    const removal = await findRemoval(c.env.DB, id);
    if (!removal) throw problems.removalNotFound(id);
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return c.json(
      {
        removed: removal.removed,
        completed: removal.completedAt !== null,
        started_at: iso(removal.createdAt)!,
        completed_at: iso(removal.completedAt),
      },
      200,
      { "Cache-Control": "no-store" },
    );
  });
