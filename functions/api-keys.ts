/** Partner API keys, behind the admin token: create (the secret shown once), list, revoke. */
import { createRoute, z } from "@hono/zod-openapi";
import { isoTime } from "../src/iso-time";
import { apiKeyFromRow, type ApiKey as Key } from "../src/partners/api-keys";
import { createApiKey, revokeApiKey } from "../src/partners/manage-keys";
import { problems } from "../src/problems";
import { ApiKey, ApiKeyCreate, NewApiKey, SCOPES } from "../src/schemas";
import { listApiKeys } from "../src/store/api-keys";
import { hashKey } from "./config";
import { ADMIN_WRITE, requireAdmin } from "./http/admin-auth";
import { adminSecurity, createRouter, HEADERS, problemResponses } from "./http/router";

const KeyIdParam = z.object({
  id: z
    .string()
    .regex(/^key_[A-Za-z0-9_-]{12}$/, "a key id such as key_3kTMd9Qx1vB2")
    .meta({ param: { name: "id", in: "path" }, example: "key_3kTMd9Qx1vB2" }),
});

const create = createRoute({
  method: "post",
  path: "/",
  operationId: "createApiKey",
  tags: ["Partners"],
  summary: "Create a partner API key (admin); its secret is in this answer only",
  description: `Scopes: ${SCOPES.join(", ")}. The key is sent as \`Authorization: Bearer <secret>\` or \`OSDI-API-Token: <secret>\`.`,
  security: adminSecurity,
  middleware: ADMIN_WRITE,
  request: { body: { required: true, content: { "application/json": { schema: ApiKeyCreate } } } },
  responses: {
    201: {
      description: "Created",
      headers: { Location: HEADERS.Location },
      content: { "application/json": { schema: NewApiKey } },
    },
    ...problemResponses(400, 401, 413, 415, 422, 503),
  },
});

const list = createRoute({
  method: "get",
  path: "/",
  operationId: "listApiKeys",
  tags: ["Partners"],
  summary: "Every partner key, revoked ones too, without secrets (admin)",
  security: adminSecurity,
  middleware: [requireAdmin] as const,
  responses: {
    200: {
      description: "Newest first",
      content: { "application/json": { schema: z.object({ api_keys: z.array(ApiKey) }) } },
    },
    ...problemResponses(401, 503),
  },
});

const revoke = createRoute({
  method: "delete",
  path: "/{id}",
  operationId: "revokeApiKey",
  tags: ["Partners"],
  summary: "Revoke a partner key (admin): refused everywhere within 10 seconds",
  security: adminSecurity,
  middleware: [requireAdmin] as const,
  request: { params: KeyIdParam },
  responses: {
    204: { description: "Revoked (or already revoked)" },
    ...problemResponses(401, 404, 422, 503),
  },
});

function keyView(key: Key) {
  return {
    id: key.id,
    name: key.name,
    petitions: key.petitions,
    scopes: key.scopes,
    rate_limit_per_minute: key.rateLimitPerMinute,
    created_at: isoTime(key.createdAt),
  };
}

export const apiKeyRoutes = createRouter()
  .openapi(create, async (c) => {
    const input = c.req.valid("json");
    const { key, secret } = await createApiKey(
      c.env.DB,
      hashKey(c.env),
      {
        name: input.name,
        petitions: input.petitions,
        scopes: input.scopes,
        rateLimitPerMinute: input.rate_limit_per_minute,
      },
      Date.now(),
    );
    return c.json({ ...keyView(key), secret }, 201, {
      Location: `/v1/admin/api-keys/${key.id}`,
      "Cache-Control": "no-store",
    });
  })
  .openapi(list, async (c) => {
    const rows = await listApiKeys(c.env.DB);
    const apiKeys = rows.map((row) => {
      const key = apiKeyFromRow(row);
      return {
        ...keyView(key),
        revoked_at: isoTime(key.revokedAt),
        last_used_at: isoTime(key.lastUsedAt),
        signatures: row.signatures,
      };
    });
    return c.json({ api_keys: apiKeys }, 200, { "Cache-Control": "no-store" });
  })
  .openapi(revoke, async (c) => {
    const { id } = c.req.valid("param");
    if (!(await revokeApiKey(c.env.DB, id, Date.now()))) throw problems.notFound(`No API key ${id}.`);
    return c.body(null, 204);
  });
