import type { RateLimiter, RateLimitPolicy } from "./rate-limiter";

/**
 * The Workers rate-limiting binding: zero config, local to a Cloudflare location, and without a
 * remaining count, so the policy fills in what the binding cannot tell.
 */
export function bindingRateLimiter(binding: RateLimit, policy: RateLimitPolicy): RateLimiter {
  return {
    async limit(key) {
      const { success } = await binding.limit({ key });
      return {
        success,
        limit: policy.limit,
        remaining: success ? Math.max(policy.limit - 1, 0) : 0,
        resetSeconds: policy.windowSeconds,
        backend: "binding",
      };
    },
  };
}
