/** Rate-limit outcomes as HTTP: the headers every signing answer carries, the 429 problem, and refusals from memory. */
import type { MiddlewareHandler } from "hono";
import { keyedHash } from "../../src/crypto/keyed-hash";
import { type ProblemError, problems } from "../../src/problems";
import type { RateLimitOutcome } from "../../src/ratelimit/rate-limiter";
import { networkOf } from "../../src/signing/network";
import { hashKey, signingLimitsFor } from "../config";
import type { CallerEnv } from "./callers";

/** Whole seconds until the outcome's window resets (at least 1), as Retry-After and RateLimit count them. */
function secondsToReset(outcome: RateLimitOutcome): number {
  return Math.max(1, Math.ceil((outcome.resetAt - Date.now()) / 1000));
}

/** RateLimit-Policy and (where the backend knows what remains) RateLimit, as in the IETF httpapi draft. */
export function rateLimitHeaders(outcome: RateLimitOutcome): Record<string, string> {
  if (!Number.isFinite(outcome.limit)) return {};
  const policy = { "RateLimit-Policy": `"signing";q=${outcome.limit};w=${outcome.windowSeconds}` };
  if (outcome.remaining === undefined) return policy;
  return { ...policy, RateLimit: `"signing";r=${outcome.remaining};t=${secondsToReset(outcome)}` };
}

/** The 429 for a refused outcome, with Retry-After and the same RateLimit headers. */
export function rateLimited(outcome: RateLimitOutcome): ProblemError {
  return problems.rateLimited(secondsToReset(outcome), rateLimitHeaders(outcome));
}

/**
 * A public signer from a network this isolate has seen over a limit is refused at once, before its
 * body is read, parsed, validated or hashed and without a call to the limits' backends, until that
 * limit's window can have reset. Everything else (and the first refusal) the backends decide, in the
 * sign use-case. Keyed callers are held to their key's own limits: they pass.
 */
export const refuseNetworksOverLimit: MiddlewareHandler<CallerEnv> = async (c, next) => {
  if (c.var.caller === undefined) {
    const networkHash = () => keyedHash(hashKey(c.env), "network", networkOf(c.req.header("cf-connecting-ip")));
    const refusal = await signingLimitsFor(c.env).remembered(networkHash, c.req.param("slug") ?? "");
    if (refusal) throw rateLimited(refusal);
  }
  await next();
};
