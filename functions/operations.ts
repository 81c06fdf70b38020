/** Operations behind the admin token: resealing signatures under the current key, the report webhooks' delivery status, the audit list. */
import { createRoute, z } from "@hono/zod-openapi";
import { isoTime } from "../src/iso-time";
import { KEY_ROTATION_BATCH, rotateKeys } from "../src/privacy/key-rotation";
import { recentAudit } from "../src/store/audit";
import { recentDeliveries } from "../src/store/outbox";
import { MAX_ATTEMPTS } from "../src/webhooks/delivery";
import { keyring } from "./config";
import { requireAdmin } from "./http/admin-auth";
import { adminSecurity, createRouter, problemResponses } from "./http/router";

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
  path: "/webhook-deliveries",
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
  summary: "Who created, used and revoked partner keys (admin)",
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

export const operationRoutes = createRouter()
  .openapi(audit, async (c) => {
    const events = await recentAudit(c.env.DB, AUDIT_LIMIT);
    return c.json({ events: events.map((e) => ({ ...e, at: isoTime(e.at) })) }, 200, { "Cache-Control": "no-store" });
  })
  .openapi(rotateKeysRoute, async (c) => {
    return c.json(await rotateKeys(c.env.DB, await keyring(c.env), KEY_ROTATION_BATCH), 200);
  })
  .openapi(deliveries, async (c) => {
    const rows = await recentDeliveries(c.env.DB, DELIVERY_STATUS_LIMIT);
    const state = (row: (typeof rows)[number]) =>
      row.delivered_at !== null ? "delivered" : row.attempts >= MAX_ATTEMPTS ? "given_up" : "pending";
    return c.json(
      {
        deliveries: rows.map((row) => ({
          ...row,
          state: state(row),
          created_at: isoTime(row.created_at),
          delivered_at: isoTime(row.delivered_at),
        })),
      },
      200,
      { "Cache-Control": "no-store" },
    );
  });
