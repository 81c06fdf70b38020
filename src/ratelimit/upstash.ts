import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis/cloudflare";
import { CircuitBreaker } from "./circuit-breaker";
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

/** Timeouts in a row that open the breaker, and how long it stays open between probes. */
const BREAKER_THRESHOLD = 3;
const BREAKER_COOLDOWN_MS = 5_000;
/** One breaker per Upstash database and isolate: a hung Upstash is hung for every limit it holds. */
const breakers = new Map<string, CircuitBreaker>();

function breakerFor(config: UpstashConfig): CircuitBreaker {
  let breaker = breakers.get(config.url);
  if (!breaker) {
    breaker = new CircuitBreaker(BREAKER_THRESHOLD, BREAKER_COOLDOWN_MS);
    breakers.set(config.url, breaker);
  }
  return breaker;
}

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
 * binding) instead, so a Redis outage neither blocks signers nor switches limiting off; after a few
 * in a row a circuit breaker sends signers to the fallback at once, probing Upstash now and then, so a
 * hung Upstash does not cost every signer its timeout.
 */
export function upstashRateLimiter(config: UpstashConfig, policy: RateLimitPolicy, fallback: RateLimiter): RateLimiter {
  const ratelimit = ratelimitFor(config, policy);
  const breaker = breakerFor(config);
  return {
    async limit(key, cost = 1) {
      if (!breaker.allows()) return fallback.limit(key, cost);
      try {
        const result = await ratelimit.limit(key, { rate: cost });
        if (result.reason === "timeout") {
          breaker.failed();
          return await fallback.limit(key, cost);
        }
        breaker.succeeded();
        return {
          success: result.success,
          limit: result.limit,
          remaining: result.remaining,
          windowSeconds: policy.windowSeconds,
          resetAt: result.reset,
          backend: "upstash",
          pending: result.pending,
        };
      } catch {
        breaker.failed();
        return fallback.limit(key, cost);
      }
    },
  };
}
