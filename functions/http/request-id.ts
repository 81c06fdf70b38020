/** Every log line of a request carries its id: Cloudflare's cf-ray when present, else a random one. */
import type { MiddlewareHandler } from "hono";
import { currentRequestId, newRequestId, withRequestId } from "../../src/log";

/** The console's in-process calls to the admin API carry no cf-ray: they keep the page request's id. */
export const requestIds: MiddlewareHandler = (c, next) =>
  withRequestId(c.req.header("cf-ray") ?? currentRequestId() ?? newRequestId(), next);
