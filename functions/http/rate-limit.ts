/** Rate-limit outcomes as HTTP: the headers every signing answer carries, and the 429 problem. */
import { type ProblemError, problems } from "../../src/problems";
import type { RateLimitOutcome } from "../../src/ratelimit/rate-limiter";

/** RateLimit-Policy and (where the backend knows what remains) RateLimit, as in the IETF httpapi draft. */
export function rateLimitHeaders(outcome: RateLimitOutcome): Record<string, string> {
  if (!Number.isFinite(outcome.limit)) return {};
  const policy = { "RateLimit-Policy": `"signing";q=${outcome.limit};w=${outcome.windowSeconds}` };
  if (outcome.remaining === undefined) return policy;
  return { ...policy, RateLimit: `"signing";r=${outcome.remaining};t=${outcome.resetSeconds}` };
}

/** The 429 for a refused outcome, with Retry-After and the same RateLimit headers. */
export function rateLimited(outcome: RateLimitOutcome): ProblemError {
  return problems.rateLimited(outcome.resetSeconds, rateLimitHeaders(outcome));
}
