/**
 * The limits a keyed signer is held to: its key's own signatures per minute, wherever it signs from
 * (a partner's server is one network, which the per-network limits would stop after a few dozen).
 */
import { isolateWindowLimiter } from "./isolate-window";
import type { RateLimiter, RateLimitPolicy } from "./rate-limiter";
import type { SigningLimits } from "./signing-limits";
import { type UpstashConfig, upstashRateLimiter } from "./upstash";

/** One isolate-window limiter per limit, for the life of the isolate (its counts must outlive a request). */
const isolateLimiters = new Map<number, RateLimiter>();

function isolateLimiter(policy: RateLimitPolicy): RateLimiter {
  let limiter = isolateLimiters.get(policy.limit);
  if (!limiter) {
    limiter = isolateWindowLimiter(policy);
    isolateLimiters.set(policy.limit, limiter);
  }
  return limiter;
}

/** Upstash (global, exact) when configured; otherwise, and when it does not answer, this isolate's count. */
export function partnerLimits(
  key: { id: string; rateLimitPerMinute: number },
  upstash: UpstashConfig | undefined,
): SigningLimits {
  const policy: RateLimitPolicy = { name: "partner", limit: key.rateLimitPerMinute, windowSeconds: 60 };
  const fallback = isolateLimiter(policy);
  const limiter = upstash ? upstashRateLimiter(upstash, policy, fallback) : fallback;
  return { check: (_networkHash, _slug, cost) => limiter.limit(key.id, cost) };
}

/** The owner (the admin token) is not limited: the outcome says so, and carries no RateLimit headers. */
export const OWNER_LIMITS: SigningLimits = {
  async check() {
    return {
      success: true,
      limit: Number.POSITIVE_INFINITY,
      remaining: undefined,
      windowSeconds: 60,
      resetAt: Date.now() + 60_000,
      backend: "none",
    };
  },
};
