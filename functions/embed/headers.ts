/** Security headers of the embed pages: only their own nonce'd style and scripts run, and only the right sites frame them. */
import type { MiddlewareHandler } from "hono";

const TURNSTILE_ORIGIN = "https://challenges.cloudflare.com";

export interface EmbedPolicy {
  nonce: string;
  /** CSP frame-ancestors sources; none at all means no site may frame the page. */
  frameAncestors: readonly string[];
  /** Origins the form may end up on besides this one: a thank_you_url's, which form-action also governs. */
  formTargets: readonly string[];
  /** The petition uses Turnstile, whose script and frame come from Cloudflare. */
  turnstile: boolean;
}

export function contentSecurityPolicy(policy: EmbedPolicy): string {
  const nonce = `'nonce-${policy.nonce}'`;
  return [
    "default-src 'none'",
    `script-src ${nonce}${policy.turnstile ? ` ${TURNSTILE_ORIGIN}` : ""}`,
    `style-src ${nonce}`,
    "connect-src 'self'",
    ...(policy.turnstile ? [`frame-src ${TURNSTILE_ORIGIN}`] : []),
    `form-action ${["'self'", ...policy.formTargets].join(" ")}`,
    `frame-ancestors ${policy.frameAncestors.join(" ") || "'none'"}`,
    "base-uri 'none'",
  ].join("; ");
}

/**
 * A response that names its frame-ancestors decides who may frame it; the global X-Frame-Options
 * would contradict that. Mounted before secureHeaders, so it runs after secureHeaders has set it.
 */
export const frameAncestorsReplaceFrameOptions: MiddlewareHandler = async (c, next) => {
  await next();
  if (c.res.headers.get("Content-Security-Policy")?.includes("frame-ancestors"))
    c.res.headers.delete("X-Frame-Options");
};
