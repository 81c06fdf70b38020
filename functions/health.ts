/** A liveness check for uptime monitors and load balancers: answers without touching any binding. */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, publicAccess } from "./http/router";

const health = createRoute({
  method: "get",
  path: "/",
  operationId: "getHealth",
  tags: ["Health"],
  summary: "Liveness: the Worker answers (no storage is touched)",
  security: publicAccess,
  responses: {
    200: {
      description: "Alive",
      content: { "application/json": { schema: z.object({ status: z.literal("ok") }).meta({ id: "Health" }) } },
    },
  },
});

export const healthRoutes = createRouter().openapi(health, (c) =>
  c.json({ status: "ok" as const }, 200, { "Cache-Control": "no-store" }),
);
