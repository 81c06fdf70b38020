/** Removal and access for data subjects and fraud: erasure, access requests, invalidations and their status. */
import { createRoute, z } from "@hono/zod-openapi";
import { isoTime } from "../src/iso-time";
import { accessRequest } from "../src/privacy/access";
import { eraseSignatures, invalidateSignatures } from "../src/privacy/removal";
import { problems } from "../src/problems";
import { Email, InvalidationRequest } from "../src/schemas";
import { personKey } from "../src/signing/canonical-email";
import { eraseFromDeadLetters } from "../src/signing/dead-letters";
import { findRemoval, type Removal } from "../src/store/removals";
import { bulkCallBudget, hashKey, keyring } from "./config";
import { ADMIN_WRITE, requireAdmin } from "./http/admin-auth";
import { SlugParam } from "./http/params";
import { loadPetition } from "./http/petition";
import { adminSecurity, createRouter, HEADERS, problemResponses } from "./http/router";

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
  path: "/erasures",
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
  path: "/access-requests",
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

const InvalidationOutcome = z
  .object({ invalidated: z.int().meta({ description: "Signatures removed so far" }), ...removalProgress })
  .meta({ id: "InvalidationOutcome" });

const invalidate = createRoute({
  method: "post",
  path: "/petitions/{slug}/invalidations",
  operationId: "invalidateSignatures",
  tags: ["Admin"],
  summary: "Void a fraud wave: a petition's signatures from one network, email domain, time window or source (admin)",
  description:
    "Signatures stored so far that match every criterion given are removed (a fraud flag's `slice` is such a body), in chunks that each adjust the tallies in the same transaction. What does not fit in one invocation's D1 calls the minute's cron removes (202).",
  security: adminSecurity,
  middleware: [...ADMIN_WRITE, loadPetition("current")] as const,
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
  path: "/removals/{id}",
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

export const privacyRoutes = createRouter()
  .openapi(erase, async (c) => {
    const { email } = c.req.valid("json");
    const removal = await eraseSignatures(c.env.DB, hashKey(c.env), email, Date.now(), bulkCallBudget(c.env));
    // Dead-lettered signatures kept for a replay (functions/queue.ts) go too: none can come back.
    await eraseFromDeadLetters(c.env.KV, await personKey(hashKey(c.env), email));
    const answer = removalAnswer("erased", removal);
    return c.json(answer.body, answer.status, answer.headers);
  })
  .openapi(access, async (c) => {
    const email = c.req.valid("json").email;
    return c.json(await accessRequest(c.env.DB, hashKey(c.env), await keyring(c.env), email), 200);
  })
  .openapi(invalidate, async (c) => {
    const petition = c.var.petition;
    const { ip, network_hash, email_domain_hash, from, to, source } = c.req.valid("json");
    const criteria = {
      ip,
      networkHash: network_hash,
      emailDomainHash: email_domain_hash,
      source,
      from: from ? Date.parse(from) : undefined,
      to: to ? Date.parse(to) : undefined,
    };
    const budget = bulkCallBudget(c.env);
    const removal = await invalidateSignatures(c.env.DB, hashKey(c.env), petition.id, criteria, Date.now(), budget);
    const answer = removalAnswer("invalidated", removal);
    return c.json(answer.body, answer.status, answer.headers);
  })
  .openapi(removalStatus, async (c) => {
    const { id } = c.req.valid("param");
    const removal = await findRemoval(c.env.DB, id);
    if (!removal) throw problems.removalNotFound(id);
    return c.json(
      {
        removed: removal.removed,
        completed: removal.completedAt !== null,
        started_at: isoTime(removal.createdAt),
        completed_at: isoTime(removal.completedAt),
      },
      200,
      { "Cache-Control": "no-store" },
    );
  });
