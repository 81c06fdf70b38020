/**
 * Who may sign from a browser: the Worker's own pages, and the petition's embed_origins. CORS grants
 * those origins' scripts the JSON endpoint; the origin check also stops plain cross-site form posts,
 * which CORS cannot (they need no preflight), so no other site can sign in its visitors' names.
 */
import type { Context, MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { problems } from "../../src/problems";
import type { AppEnv } from "../types";
import { signingPetition } from "./signing-petition";

async function isEmbedOrigin(c: Context<AppEnv>, origin: string): Promise<boolean> {
  const petition = await signingPetition(c);
  return petition?.embed_origins.includes(origin) ?? false;
}

export const signingCors = cors({
  origin: async (origin, c) => (origin && (await isEmbedOrigin(c, origin)) ? origin : null),
  allowMethods: ["POST"],
  allowHeaders: ["Content-Type"],
  exposeHeaders: ["Retry-After", "RateLimit", "RateLimit-Policy"],
  maxAge: 600,
});

/**
 * 403 for a browser request from another site that is not one of the petition's embed_origins.
 * Requests without browser headers (API clients, servers) pass: they sign only in their own name.
 * Same-origin posts may carry `Origin: null` (the pages send Referrer-Policy: no-referrer), so
 * Sec-Fetch-Site decides for them.
 */
export const requireSigningOrigin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const origin = c.req.header("Origin");
  const site = c.req.header("Sec-Fetch-Site");
  const allowed =
    site === "same-origin" ||
    (origin === undefined && (site === undefined || site === "none")) ||
    (origin !== undefined && (origin === new URL(c.req.url).origin || (await isEmbedOrigin(c, origin))));
  if (!allowed) throw problems.forbiddenOrigin();
  await next();
};
