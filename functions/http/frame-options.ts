/** Who may frame an answer: pages that name CSP frame-ancestors decide it themselves; every other answer is same-origin only. */
import type { MiddlewareHandler } from "hono";

/**
 * X-Frame-Options would contradict a page's frame-ancestors (the embed pages are framed by the
 * campaign sites they name), so it goes only on answers without them: API answers, problems, scripts, SVGs.
 */
export const frameOptionsUnlessFrameAncestors: MiddlewareHandler = async (c, next) => {
  await next();
  if (!c.res.headers.get("Content-Security-Policy")?.includes("frame-ancestors"))
    c.header("X-Frame-Options", "SAMEORIGIN");
};
