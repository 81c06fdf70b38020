/** Counts at the edge: served from KV, which the cron publishes; D1 only before the first publish. */
import { createRoute, z } from "@hono/zod-openapi";
import { readGlobalTally } from "../src/tally/global-tally";
import { readPublishedCount } from "../src/tally/published-count";
import { publicTallyRead } from "./http/cache";
import { SlugParam } from "./http/params";
import { loadPetition } from "./http/petition";
import { createRouter, HEADERS, notModified, problemResponses, publicAccess } from "./http/router";

const PublishedCount = z
  .object({ slug: z.string(), count: z.int(), goal: z.int(), updated_at: z.string().nullable() })
  .meta({ id: "PublishedCount" });

const GlobalTallySchema = z
  .object({
    total: z.int(),
    countries: z.record(z.string(), z.int()),
    petitions: z.record(z.string(), z.int()),
    updated_at: z.string(),
  })
  .meta({ id: "GlobalTally" });

const CACHEABLE = { ETag: HEADERS.ETag, "Cache-Control": HEADERS.CacheControl };

const petitionCount = createRoute({
  method: "get",
  path: "/petitions/{slug}/count",
  operationId: "getPetitionCount",
  tags: ["Counts"],
  summary: "A petition's count, as of the last tally run",
  security: publicAccess,
  middleware: [...publicTallyRead, loadPetition("public")] as const,
  request: { params: SlugParam },
  responses: {
    200: {
      description: "The published count",
      headers: CACHEABLE,
      content: { "application/json": { schema: PublishedCount } },
    },
    ...notModified,
    ...problemResponses(404, 422),
  },
});

const globalTally = createRoute({
  method: "get",
  path: "/tally",
  operationId: "getGlobalTally",
  tags: ["Counts"],
  summary: "The global tally: total, per country, per open petition",
  security: publicAccess,
  middleware: publicTallyRead,
  responses: {
    200: {
      description: "The published tally",
      headers: CACHEABLE,
      content: { "application/json": { schema: GlobalTallySchema } },
    },
    ...notModified,
  },
});

export const countRoutes = createRouter()
  .openapi(petitionCount, async (c) => {
    return c.json(await readPublishedCount(c.env.KV, c.env.DB, c.var.petition), 200);
  })
  .openapi(globalTally, async (c) => {
    return c.json(await readGlobalTally(c.env.KV, c.env.DB, new Date()), 200);
  });
