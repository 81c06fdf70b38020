/** Webhook endpoints, behind the admin token: subscribe (the secret shown once), list, change, replay, test, delete. */
import { createRoute, z } from "@hono/zod-openapi";
import { isoTime } from "../src/iso-time";
import { problems } from "../src/problems";
import { Instant, Slug } from "../src/schemas";
import { findEndpoint } from "../src/store/webhooks";
import { deliverEndpoint } from "../src/webhooks/delivery";
import {
  changeEndpoint,
  createEndpoint,
  type EndpointView,
  endpointView,
  listEndpointViews,
  removeEndpoint,
  replayEndpoint,
} from "../src/webhooks/endpoints";
import { EVENT_TYPES, testEvent } from "../src/webhooks/events";
import { KEPT_DAYS } from "../src/webhooks/minute";
import { hashKey, webhookDeliveryOptions } from "./config";
import { ADMIN_WRITE, requireAdmin } from "./http/admin-auth";
import { adminSecurity, createRouter, HEADERS, problemResponses } from "./http/router";

const Events = z
  .array(z.enum(EVENT_TYPES))
  .min(1)
  .refine((events) => new Set(events).size === events.length, "each event once");
const Petitions = z
  .array(Slug)
  .min(1)
  .max(100)
  .nullable()
  .meta({ description: "The petitions whose events it is sent; null: every petition" });

const WebhookCreate = z
  .strictObject({
    url: z.url().max(2048).meta({ description: "https:// (plain http only to localhost, for development)" }),
    events: Events,
    petitions: Petitions.default(null),
  })
  .meta({ id: "WebhookCreate" });

const WebhookPatch = z
  .strictObject({
    state: z.enum(["active", "paused"]).optional().meta({
      description: "paused: events are kept (7 days) until resumed; active also re-enables a disabled endpoint",
    }),
    events: Events.optional(),
    petitions: Petitions.optional(),
  })
  .meta({ id: "WebhookPatch" });

const WebhookEndpoint = z
  .object({
    id: z.string(),
    url: z
      .string()
      .nullable()
      .meta({ description: "null for REPORT_WEBHOOK_URLS entries: their URLs stay in the variable" }),
    configured: z.boolean().meta({ description: "From REPORT_WEBHOOK_URLS (milestones and daily reports)" }),
    events: z.array(z.string()),
    petitions: z.array(Slug).nullable(),
    state: z.enum(["active", "paused", "disabled"]),
    disabled_reason: z.string().nullable(),
    backlog: z.int().meta({ description: "Messages' worth of events waiting, counted up to 10,000 of each kind" }),
    last_success_at: z.string().nullable(),
    last_error: z.string().nullable().meta({ description: "HTTP status or error name of the last failure" }),
    last_error_at: z.string().nullable(),
    next_attempt_at: z.string().nullable().meta({ description: "While failing: when it is tried again" }),
    created_at: z.string(),
  })
  .meta({ id: "WebhookEndpoint" });

const NewWebhookEndpoint = WebhookEndpoint.extend({
  secret: z.string().meta({ description: "whsec_<base64>, for Standard Webhooks verifiers: shown this once" }),
}).meta({ id: "NewWebhookEndpoint" });

const IdParam = z.object({
  id: z
    .string()
    .regex(/^(wh|cfg)_[0-9a-f]{16}$/, "an endpoint id such as wh_0123456789abcdef")
    .meta({ param: { name: "id", in: "path" }, example: "wh_0123456789abcdef" }),
});

const json = (schema: z.ZodType, description: string) => ({ description, content: { "application/json": { schema } } });

function endpointJson(view: EndpointView) {
  return {
    ...view,
    last_success_at: isoTime(view.last_success_at),
    last_error_at: isoTime(view.last_error_at),
    next_attempt_at: isoTime(view.next_attempt_at),
    created_at: isoTime(view.created_at),
  };
}

const create = createRoute({
  method: "post",
  path: "/",
  operationId: "createWebhook",
  tags: ["Webhooks"],
  summary: "Subscribe an endpoint (admin); its signing secret is in this answer only",
  description: `Events: ${EVENT_TYPES.join(", ")}. Messages carry Standard Webhooks headers signed with the secret.`,
  security: adminSecurity,
  middleware: ADMIN_WRITE,
  request: { body: { required: true, content: { "application/json": { schema: WebhookCreate } } } },
  responses: {
    201: { ...json(NewWebhookEndpoint, "Subscribed"), headers: { Location: HEADERS.Location } },
    ...problemResponses(400, 401, 413, 415, 422, 503),
  },
});

const list = createRoute({
  method: "get",
  path: "/",
  operationId: "listWebhooks",
  tags: ["Webhooks"],
  summary: "Every endpoint with its backlog, last success and last error (admin)",
  security: adminSecurity,
  middleware: [requireAdmin] as const,
  responses: {
    200: json(z.object({ webhooks: z.array(WebhookEndpoint) }), "Newest first"),
    ...problemResponses(401, 503),
  },
});

const one = createRoute({
  method: "get",
  path: "/{id}",
  operationId: "getWebhook",
  tags: ["Webhooks"],
  summary: "One endpoint (admin)",
  security: adminSecurity,
  middleware: [requireAdmin] as const,
  request: { params: IdParam },
  responses: { 200: json(WebhookEndpoint, "The endpoint"), ...problemResponses(401, 404, 422, 503) },
});

const change = createRoute({
  method: "patch",
  path: "/{id}",
  operationId: "updateWebhook",
  tags: ["Webhooks"],
  summary: "Pause, resume, or change an endpoint's events or petitions (admin)",
  security: adminSecurity,
  middleware: ADMIN_WRITE,
  request: { params: IdParam, body: { required: true, content: { "application/json": { schema: WebhookPatch } } } },
  responses: { 200: json(WebhookEndpoint, "Changed"), ...problemResponses(400, 401, 404, 413, 415, 422, 503) },
});

const remove = createRoute({
  method: "delete",
  path: "/{id}",
  operationId: "deleteWebhook",
  tags: ["Webhooks"],
  summary: "Delete an endpoint (admin): nothing more is sent to it",
  security: adminSecurity,
  middleware: [requireAdmin] as const,
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...problemResponses(401, 404, 422, 503) },
});

const replay = createRoute({
  method: "post",
  path: "/{id}/replay",
  operationId: "replayWebhook",
  tags: ["Webhooks"],
  summary: `Send again what happened since a time, within the ${KEPT_DAYS} days kept (admin)`,
  description:
    "Delivered from the next cron run, each event with the idempotency key it had: receivers drop what they had.",
  security: adminSecurity,
  middleware: [requireAdmin] as const,
  request: {
    params: IdParam,
    query: z.object({ since: Instant.meta({ description: "From when (ISO 8601)" }) }),
  },
  responses: { 202: json(WebhookEndpoint, "Rewound; the cron delivers"), ...problemResponses(401, 404, 422, 503) },
});

const test = createRoute({
  method: "post",
  path: "/{id}/test",
  operationId: "testWebhook",
  tags: ["Webhooks"],
  summary: "Send a test event now (admin), with whatever else waits for the endpoint",
  security: adminSecurity,
  middleware: [requireAdmin] as const,
  request: { params: IdParam },
  responses: {
    200: json(WebhookEndpoint, "Tried: see last_success_at and last_error"),
    ...problemResponses(401, 404, 422, 503),
  },
});

const endpointNotFound = (id: string) => problems.notFound(`No webhook endpoint ${id}.`);

const known = (view: EndpointView | null, id: string): EndpointView => {
  if (!view) throw endpointNotFound(id);
  return view;
};

export const webhookRoutes = createRouter()
  .openapi(create, async (c) => {
    const { view, secret } = await createEndpoint(c.env.DB, hashKey(c.env), c.req.valid("json"), Date.now());
    return c.json({ ...endpointJson(view), secret }, 201, {
      Location: `/v1/admin/webhooks/${view.id}`,
      "Cache-Control": "no-store",
    });
  })
  .openapi(list, async (c) => {
    const views = await listEndpointViews(c.env.DB);
    return c.json({ webhooks: views.map(endpointJson) }, 200, { "Cache-Control": "no-store" });
  })
  .openapi(one, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(endpointJson(known(await endpointView(c.env.DB, id), id)), 200, { "Cache-Control": "no-store" });
  })
  .openapi(change, async (c) => {
    const { id } = c.req.valid("param");
    const view = await changeEndpoint(c.env.DB, id, c.req.valid("json"), Date.now());
    return c.json(endpointJson(known(view, id)), 200);
  })
  .openapi(remove, async (c) => {
    const { id } = c.req.valid("param");
    if (!(await removeEndpoint(c.env.DB, id, Date.now()))) throw endpointNotFound(id);
    return c.body(null, 204);
  })
  .openapi(replay, async (c) => {
    const { id } = c.req.valid("param");
    const since = Date.parse(c.req.valid("query").since);
    if (!(await replayEndpoint(c.env.DB, id, since, Date.now()))) throw endpointNotFound(id);
    return c.json(endpointJson(known(await endpointView(c.env.DB, id), id)), 202);
  })
  .openapi(test, async (c) => {
    const { id } = c.req.valid("param");
    const row = await findEndpoint(c.env.DB, id);
    if (!row) throw endpointNotFound(id);
    const now = Date.now();
    await testEvent(c.env.DB, id, now).run();
    // Sent now, whatever the state: the organiser is checking the receiver.
    const options = await webhookDeliveryOptions(c.env, now);
    await deliverEndpoint(c.env.DB, { ...row, failures: 0 }, 0, { ...options, maxMessages: 10 });
    return c.json(endpointJson(known(await endpointView(c.env.DB, id), id)), 200);
  });
