import type { RateLimiter, RateLimitPolicy } from "./rate-limiter";

/**
 * The Workers rate-limiting binding: zero config, local to a Cloudflare location. It tells only yes
 * or no; its limit and period are set in wrangler.toml, which the policy mirrors. It counts calls,
 * not costs: the per-network limits it backs only ever take one signature per call.
 */
export function bindingRateLimiter(binding: RateLimit, policy: RateLimitPolicy): RateLimiter {
  return {
    async limit(key) {
      const { success } = await binding.limit({ key });
      return {
        success,
        limit: policy.limit,
        remaining: success ? undefined : 0,
        windowSeconds: policy.windowSeconds,
        resetSeconds: policy.windowSeconds,
        backend: "binding",
      };
    },
  };
}
