/**
 * A challenge instead of a wall: a public signer whose network is over its limits (many people behind
 * one carrier-grade NAT, or a flood) is offered the organisation's Turnstile challenge, and a solved one
 * signs past those limits. Each such signature still counts against the network's ceiling (far above
 * the limits), so a flood with solved tokens still meets a wall; the ceiling is asked before siteverify,
 * so tokens sent past it cost no siteverify call. The sign use-case asks siteverify last, once the
 * signature is otherwise fine (requireAcceptedToken), so a single-use token is spent only on a signature
 * that is taken. Keyed signers are never challenged: their key's limits are theirs.
 */
import type { RateLimitOutcome } from "../ratelimit/rate-limiter";
import type { NetworkCeiling } from "../ratelimit/signing-limits";
import type { WaitUntil } from "./queue-sender";
import type { TurnstileConfig } from "./turnstile";

/** The organisation's challenge (TURNSTILE_SITE_KEY with TURNSTILE_SECRET_KEY); without it, a refusal is final. */
export interface NetworkChallenge {
  /** The widget a signer over the limits is shown. */
  siteKey: string;
  /** Where its tokens are checked, and with which secret. */
  turnstile: TurnstileConfig & { secret: string };
  /** The challenged signatures a network may make a window (RATE_LIMIT_CHALLENGED). */
  ceiling: NetworkCeiling;
}

/** What a refused signer may do instead of waiting: solve this widget and send its token with the signature. */
export interface ChallengeOffer {
  siteKey: string;
}

/** A refusal, with the offer when a solved challenge may still lift it. */
export interface ChallengeRefusal {
  refused: RateLimitOutcome;
  offer?: ChallengeOffer;
}

/**
 * A network the limits refused (`refusal`), before any token is looked at: refused when this isolate
 * remembers it past the ceiling as well, else offered the challenge. Memory only: the ceiling's backend
 * counts what it is asked, and only a token is worth a count.
 */
export async function challengeOrWall(
  challenge: NetworkChallenge,
  networkHash: () => Promise<string>,
  refusal: RateLimitOutcome,
): Promise<ChallengeRefusal> {
  const wall = await challenge.ceiling.remembered(networkHash);
  return wall ? { refused: wall } : { refused: refusal, offer: { siteKey: challenge.siteKey } };
}

/**
 * The decision for a network the limits refused: challengeOrWall's refusal without a token; with one,
 * the ceiling's refusal past it, otherwise past the limits for this one signature (the ceiling's
 * outcome) provided siteverify accepts the token.
 */
export async function passChallenge(
  challenge: NetworkChallenge,
  networkHash: string,
  token: string | undefined,
  refusal: RateLimitOutcome,
  waitUntil: WaitUntil,
): Promise<ChallengeRefusal | { passedIfTokenAccepted: RateLimitOutcome }> {
  const answer = await challengeOrWall(challenge, async () => networkHash, refusal);
  if (!answer.offer || !token) return answer;
  const ceiling = await challenge.ceiling.check(networkHash);
  if (ceiling.pending) waitUntil(ceiling.pending);
  return ceiling.success ? { passedIfTokenAccepted: ceiling } : { refused: ceiling };
}
