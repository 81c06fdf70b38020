/** Operations behind the admin token: the operator's status, dead-letter replay, resealing under the current key, the audit list. */
import { createRoute, z } from "@hono/zod-openapi";
import { isoTime } from "../src/iso-time";
import { LEVELS, operatorStatus, STATUS_ITEM_IDS } from "../src/operations/status";
import { KEY_ROTATION_BATCH, rotateKeys } from "../src/privacy/key-rotation";
import { replayDeadLetters } from "../src/signing/dead-letters";
import { recentAudit } from "../src/store/audit";
import { configurationChecks, keyring } from "./config";
import { requireAdmin } from "./http/admin-auth";
import { adminSecurity, createRouter, problemResponses } from "./http/router";

const rotateKeysRoute = createRoute({
  method: "post",
  path: "/key-rotation",
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

/** Enough for an organiser to see recent key and endpoint activity; older entries stay in D1. */
const AUDIT_LIMIT = 100;

const AuditEvent = z
  .object({
    at: z.string(),
    actor: z.string().meta({ description: '"admin", or the key id that acted' }),
    action: z.string().meta({ example: "api-key.revoked" }),
    subject: z.string().meta({ description: "The key's (or endpoint's) id" }),
  })
  .meta({ id: "AuditEvent" });

const audit = createRoute({
  method: "get",
  path: "/audit",
  operationId: "listAuditEvents",
  tags: ["Admin"],
  summary: "Who created, used and revoked partner keys and webhook endpoints (admin)",
  description: `The ${AUDIT_LIMIT} newest events, newest first. A key's use is listed when it was idle for an hour before.`,
  security: adminSecurity,
  middleware: [requireAdmin] as const,
  responses: {
    200: {
      description: "Newest first",
      content: { "application/json": { schema: z.object({ events: z.array(AuditEvent) }) } },
    },
    ...problemResponses(401, 503),
  },
});

/** Kept batches one replay call stores at most (each one D1 statement of up to 1,000 rows). */
const REPLAY_BATCHES = 50;

const StatusLevel = z.enum(LEVELS).meta({ id: "StatusLevel" });

const StatusItem = z
  .object({
    id: z.enum(STATUS_ITEM_IDS),
    title: z.string(),
    status: StatusLevel,
    summary: z.string().meta({ description: "A sentence with the figures that decided the status" }),
    threshold: z.string().meta({ description: "When the item is green, amber and red" }),
    figures: z
      .record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()]))
      .meta({ description: "The item's figures (times in ISO 8601): docs/operations.md lists them" }),
    details: z.array(z.string()).meta({ description: "One line per endpoint, key or setting that needs a look" }),
  })
  .meta({ id: "StatusItem" });

const status = createRoute({
  method: "get",
  path: "/status",
  operationId: "getStatus",
  tags: ["Admin"],
  summary: "Whether signatures are being counted, item by item, green, amber or red (admin)",
  description:
    "The tally's last run and what waits for it, the nightly reconciliation and its drift, dead-lettered batches, webhook delivery, encryption keys and rows under old ones, outbound email, configuration warnings. Each item states its threshold. A batch of small D1 reads and one KV list: cheap enough for a monitor to poll every minute. An unreachable D1 turns its items red rather than failing the answer. `GET /v1/health` stays a liveness check that touches nothing.",
  security: adminSecurity,
  middleware: [requireAdmin] as const,
  responses: {
    200: {
      description: "The status",
      content: {
        "application/json": {
          schema: z
            .object({
              status: StatusLevel.meta({ description: "The worst item's" }),
              checked_at: z.string(),
              items: z.array(StatusItem),
              dead_letters: z.object({
                batches: z.int(),
                signatures: z.int().meta({
                  description: "Accepted signatures D1 would not take after every retry: not counted until replayed",
                }),
              }),
            })
            .meta({ id: "Status" }),
        },
      },
    },
    ...problemResponses(401, 503),
  },
});

const replayDeadLettersRoute = createRoute({
  method: "post",
  path: "/dead-letters/replay",
  operationId: "replayDeadLetters",
  tags: ["Admin"],
  summary: "Store the kept dead-lettered signatures now (admin)",
  description: `Up to ${REPLAY_BATCHES} kept batches per call, oldest first, by the statement the queue consumer uses (repeats and erased people stay out); call until \`remaining\` is 0. Takes no body.`,
  security: adminSecurity,
  middleware: [requireAdmin] as const,
  responses: {
    200: {
      description: "Replayed",
      content: {
        "application/json": {
          schema: z.object({ batches: z.int(), stored: z.int(), remaining: z.int() }),
        },
      },
    },
    ...problemResponses(401, 503),
  },
});

export const operationRoutes = createRouter()
  .openapi(status, async (c) => {
    const now = Date.now();
    const keyIds = await keyring(c.env).then(
      (keys) => [keys.currentId, ...[...keys.keys.keys()].filter((id) => id !== keys.currentId)],
      () => null,
    );
    const configuration = await configurationChecks(c.env);
    const document = await operatorStatus(c.env.DB, c.env.KV, { now, keyIds, configuration });
    return c.json(document, 200, { "Cache-Control": "no-store" });
  })
  .openapi(replayDeadLettersRoute, async (c) => {
    return c.json(await replayDeadLetters(c.env.DB, c.env.KV, REPLAY_BATCHES), 200);
  })
  .openapi(audit, async (c) => {
    const events = await recentAudit(c.env.DB, AUDIT_LIMIT);
    return c.json({ events: events.map((e) => ({ ...e, at: isoTime(e.at) })) }, 200, { "Cache-Control": "no-store" });
  })
  .openapi(rotateKeysRoute, async (c) => {
    return c.json(await rotateKeys(c.env.DB, await keyring(c.env), KEY_ROTATION_BATCH), 200);
  });
