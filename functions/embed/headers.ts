/** Security headers of the embed pages: only their own nonce'd style and scripts run, and only the right sites frame them. */
import { contentSecurityPolicy, nonceSource } from "../http/html";

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

export function embedPolicy(policy: EmbedPolicy): string {
  const nonce = nonceSource(policy.nonce);
  const turnstile = policy.turnstile ? [TURNSTILE_ORIGIN] : [];
  return contentSecurityPolicy({
    "default-src": ["'none'"],
    "script-src": [nonce, ...turnstile],
    "style-src": [nonce],
    "connect-src": ["'self'"],
    "frame-src": turnstile,
    "form-action": ["'self'", ...policy.formTargets],
    "frame-ancestors": policy.frameAncestors.length > 0 ? policy.frameAncestors : ["'none'"],
    "base-uri": ["'none'"],
  });
}
