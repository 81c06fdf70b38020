/** CORS for the sign endpoint: a petition's embed_origins may sign from their own pages' scripts; other origins get no grant. */
import { cors } from "hono/cors";
import { SLUG_PATTERN } from "../../src/schemas";
import { cachedPetition } from "../../src/store/petition-cache";
import { petitionCacheOptions } from "../config";

export const signingCors = cors({
  origin: async (origin, c) => {
    const slug = c.req.param("slug");
    if (!origin || !slug || !SLUG_PATTERN.test(slug)) return null;
    const petition = await cachedPetition(slug, petitionCacheOptions(c.env));
    return petition?.embed_origins.includes(origin) ? origin : null;
  },
  allowMethods: ["POST"],
  allowHeaders: ["Content-Type"],
  exposeHeaders: ["Retry-After", "RateLimit", "RateLimit-Policy"],
  maxAge: 600,
});
