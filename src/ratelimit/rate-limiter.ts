/** One question a backend answers: may this key act once more now? */
export interface RateLimitOutcome {
  success: boolean;
  limit: number;
  /** Unknown (undefined) where the backend does not say, as the binding does not while it allows. */
  remaining: number | undefined;
  windowSeconds: number;
  /** When the key may act again (or the window resets), in ms since the epoch. */
  resetAt: number;
  /** Which backend decided: shown in tests and logs, never to callers. */
  backend: "upstash" | "binding" | "isolate" | "none";
  /** Work the backend still does after answering (e.g. Upstash's cache sync): hand it to waitUntil. */
  pending?: Promise<unknown>;
}

export interface RateLimiter {
  /** `cost`: how many acts this one call takes (a batch of signatures); 1 when not given. */
  limit(key: string, cost?: number): Promise<RateLimitOutcome>;
}

/** A limit in requests per window, as the RATE_LIMIT_* vars and the [[ratelimits]] bindings state it. */
export interface RateLimitPolicy {
  name: string;
  limit: number;
  windowSeconds: number;
}
