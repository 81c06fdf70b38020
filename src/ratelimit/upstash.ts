import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis/cloudflare";
import type { RateLimiter, RateLimitPolicy } from "./rate-limiter";

export interface UpstashConfig {
  url: string;
  token: string;
  /** After this long the signer is not kept waiting: the fallback decides. */
  timeoutMs: number;
}

/**
 * One Ratelimit per policy and config for the life of the isolate: its ephemeral cache of blocked
 * keys only helps if it outlives a request.
 */
const instances = new Map<string, Ratelimit>();

function ratelimitFor(config: UpstashConfig, policy: RateLimitPolicy): Ratelimit {
  const id = JSON.stringify([config.url, config.token, config.timeoutMs, policy]);
  let instance = instances.get(id);
  if (!instance) {
    const redis = new Redis({
      url: config.url,
      token: config.token,
      // A Redis outage must not pile up retries or hung sockets behind signers.
      retry: { retries: 0 },
      signal: () => AbortSignal.timeout(config.timeoutMs * 10),
      enableTelemetry: false,
    });
    instance = new Ratelimit({
      redis,
      limiter: Ratelimit.slidingWindow(policy.limit, `${policy.windowSeconds} s`),
      prefix: `ratelimit:${policy.name}`,
      ephemeralCache: new Map(),
      timeout: config.timeoutMs,
      analytics: false,
    });
    instances.set(id, instance);
  }
  return instance;
}

/**
 * Global, precise limits through Upstash Redis. On a timeout or an error it asks `fallback` (the
 * binding) instead, so a Redis outage neither blocks signers nor switches limiting off.
 */
export function upstashRateLimiter(config: UpstashConfig, policy: RateLimitPolicy, fallback: RateLimiter): RateLimiter {
  const ratelimit = ratelimitFor(config, policy);
  return {
    async limit(key, cost = 1) {
      try {
        const result = await ratelimit.limit(key, { rate: cost });
        if (result.reason === "timeout") return await fallback.limit(key, cost);
        return {
          success: result.success,
          limit: result.limit,
          remaining: result.remaining,
          windowSeconds: policy.windowSeconds,
          resetSeconds: Math.max(1, Math.ceil((result.reset - Date.now()) / 1000)),
          backend: "upstash",
          pending: result.pending,
        };
      } catch {
        return fallback.limit(key, cost);
      }
    },
  };
}
