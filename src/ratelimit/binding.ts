import type { RateLimiter, RateLimitPolicy } from "./rate-limiter";

/**
 * The Workers rate-limiting binding: zero config, local to a Cloudflare location. It tells only yes
 * or no; its limit and period are set in wrangler.toml, which the policy mirrors. It counts calls,
 * not costs: the per-network limits it backs only ever take one signature per call. Its windows are
 * fixed periods of the wall clock (as workerd counts them), so a window resets at the next multiple of
 * the period.
 */
export function bindingRateLimiter(binding: RateLimit, policy: RateLimitPolicy): RateLimiter {
  const windowMs = policy.windowSeconds * 1000;
  return {
    async limit(key) {
      const { success } = await binding.limit({ key });
      return {
        success,
        limit: policy.limit,
        remaining: success ? undefined : 0,
        windowSeconds: policy.windowSeconds,
        resetAt: (Math.floor(Date.now() / windowMs) + 1) * windowMs,
        backend: "binding",
      };
    },
  };
}
