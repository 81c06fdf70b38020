import type { RateLimiter, RateLimitPolicy } from "./rate-limiter";

/**
 * A fixed-window count kept in the isolate: exact for one isolate, approximate across many (each
 * counts its own). The partner limits' backend when Upstash is not configured, and their fallback
 * when it does not answer: a per-key limit has no wrangler.toml binding to fall back on.
 */
export function isolateWindowLimiter(policy: RateLimitPolicy): RateLimiter {
  const windows = new Map<string, { start: number; used: number }>();
  const windowMs = policy.windowSeconds * 1000;
  return {
    async limit(key, cost = 1) {
      const now = Date.now();
      const start = now - (now % windowMs);
      let window = windows.get(key);
      if (!window || window.start !== start) {
        if (windows.size > 10_000) windows.clear();
        window = { start, used: 0 };
        windows.set(key, window);
      }
      const success = window.used + cost <= policy.limit;
      if (success) window.used += cost;
      return {
        success,
        limit: policy.limit,
        remaining: Math.max(0, policy.limit - window.used),
        windowSeconds: policy.windowSeconds,
        resetAt: start + windowMs,
        backend: "isolate",
      };
    },
  };
}
