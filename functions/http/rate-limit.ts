/**
 * Rate-limit outcomes as HTTP: the headers every signing answer carries, the 429 problems (refused, or
 * challenged), and refusals from memory.
 */
import type { Context, MiddlewareHandler } from "hono";
import { type ProblemError, problems } from "../../src/problems";
import type { RateLimitOutcome } from "../../src/ratelimit/rate-limiter";
import { challengeOrWall, type NetworkChallenge } from "../../src/signing/challenge";
import { networkHashOf } from "../../src/signing/network";
import type { LimitRefusal } from "../../src/signing/sign";
import { TURNSTILE_FIELD } from "../../src/signing/turnstile";
import { hashKey, networkChallengeFor, signingLimitsFor } from "../config";
import { limitBody, mediaType, SIGNATURE_BODY_LIMIT } from "./body";
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

/**
 * The 429 for a refusal, with Retry-After and the same RateLimit headers: the challenge-required
 * problem (the widget's site key, the token's field) when a solved challenge would lift it.
 */
export function rateLimited({ rateLimit, challenge }: LimitRefusal): ProblemError {
  const seconds = secondsToReset(rateLimit);
  const headers = rateLimitHeaders(rateLimit);
  if (!challenge) return problems.rateLimited(seconds, headers);
  return problems.challengeRequired(seconds, headers, { site_key: challenge.siteKey, field: TURNSTILE_FIELD });
}

/** The Turnstile token a body of the sign route's media types carries, if any. */
async function tokenIn(request: Request, type: string | undefined): Promise<unknown> {
  if (type === "application/json") return ((await request.json()) as Record<string, unknown> | null)?.[TURNSTILE_FIELD];
  return (await request.formData()).get(TURNSTILE_FIELD);
}

/**
 * Whether the body carries a challenge token: read from a copy within the signature's size limit, so
 * the route reads it afresh (and refuses what it would refuse); one it cannot parse carries none.
 */
async function carriesChallengeToken(c: Context): Promise<boolean> {
  let token: unknown;
  try {
    await limitBody(SIGNATURE_BODY_LIMIT)(c, async () => {
      token = await tokenIn(c.req.raw.clone(), mediaType(c));
    });
  } catch {
    return false;
  }
  return typeof token === "string" && token !== "";
}

/**
 * A network refused in memory. Without the challenge: refused. With it: refused past the challenge's
 * ceiling, challenged unless the body carries a token; a token goes on to the sign use-case, which
 * still holds it to the limits, then the ceiling, then siteverify.
 */
async function answerRefusedNetwork(
  c: Context,
  refusal: RateLimitOutcome,
  challenge: NetworkChallenge | undefined,
  networkHash: () => Promise<string>,
): Promise<void> {
  if (!challenge) throw rateLimited({ rateLimit: refusal });
  const { refused, offer } = await challengeOrWall(challenge, networkHash, refusal);
  if (!offer || !(await carriesChallengeToken(c))) throw rateLimited({ rateLimit: refused, challenge: offer });
}

/**
 * A public signer from a network this isolate has seen over a limit is refused at once, before its
 * body is read, parsed, validated or hashed and without a call to the limits' backends, until that
 * limit's window can have reset; where the challenge is configured, it is challenged at once instead
 * unless its body carries a token (the one read it costs). Everything else (and the first refusal)
 * the backends decide, in the sign use-case. Keyed callers are held to their key's own limits: they pass.
 */
export const refuseNetworksOverLimit: MiddlewareHandler<CallerEnv> = async (c, next) => {
  if (c.var.caller === undefined) {
    let hashed: Promise<string> | undefined;
    const networkHash = () => (hashed ??= networkHashOf(hashKey(c.env), c.req.header("cf-connecting-ip")));
    const refusal = await signingLimitsFor(c.env).remembered(networkHash, c.req.param("slug") ?? "");
    if (refusal) await answerRefusedNetwork(c, refusal, networkChallengeFor(c.env), networkHash);
  }
  await next();
};
