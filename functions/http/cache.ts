/** Headers for what the edge may cache: counts and charts change at most once per tally run. */
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { etag } from "hono/etag";
import { tallyIntervalSeconds } from "../config";
import type { AppEnv } from "../types";

/** A day of stale-if-error: a count a little old beats an error page during an outage. */
const STALE_IF_ERROR_SECONDS = 86_400;

export function tallyCacheControl(env: Env): string {
  const interval = tallyIntervalSeconds(env);
  return `public, max-age=${interval}, stale-while-revalidate=${interval}, stale-if-error=${STALE_IF_ERROR_SECONDS}`;
}

/**
 * For public GETs of tally data: anyone may read them cross-origin; ETag/If-None-Match answers 304.
 * A tuple, so a route that adds its own middleware keeps their context types.
 */
export const publicTallyRead: [MiddlewareHandler<AppEnv>, MiddlewareHandler<AppEnv>, MiddlewareHandler<AppEnv>] = [
  cors({ origin: "*", allowMethods: ["GET", "HEAD"], exposeHeaders: ["ETag"] }),
  etag(),
  async (c, next) => {
    await next();
    if (c.res.ok) c.header("Cache-Control", tallyCacheControl(c.env));
  },
];
