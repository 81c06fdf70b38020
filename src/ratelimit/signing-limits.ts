import { bindingRateLimiter } from "./binding";
import type { RateLimiter, RateLimitOutcome, RateLimitPolicy } from "./rate-limiter";
import { RefusalMemory } from "./refusal-memory";
import { type UpstashConfig, upstashRateLimiter } from "./upstash";

/** A limit as the binding states it (wrangler.toml), and as Upstash counts it when configured. */
export interface LimitConfig {
  policy: RateLimitPolicy;
  binding: RateLimit;
}

export interface SigningLimitsConfig {
  perPetition: LimitConfig;
  global: LimitConfig;
  /** Absent: the bindings alone decide. */
  upstash?: UpstashConfig;
}

/**
 * The limiter the sign use-case (src/signing/sign.ts) holds a signer to. signingLimits below is the
 * per-network one; another subject (a partner's key) implements the same check with its own key.
 */
export interface SigningLimits {
  /** The limits for one network signing one petition `cost` times (a batch: its size); the first refusal wins. */
  check(networkHash: string, slug: string, cost: number): Promise<RateLimitOutcome>;
}

/** The per-network limits, which remember their refusals (see RefusalMemory). */
export interface NetworkLimits extends SigningLimits {
  /**
   * The refusal this isolate remembers for a network signing `slug`, if any, without asking a
   * backend; `networkHash` is only called when some refusal is remembered.
   */
  remembered(networkHash: () => Promise<string>, slug: string): Promise<RateLimitOutcome | undefined>;
}

/** One memory for the isolate: a refusal heard by one request spares the next ones their backend calls. */
const isolateRefusals = new RefusalMemory();

/** One limit: Upstash when configured (the binding its fallback), else the binding; its refusals remembered. */
function rememberingLimiter(
  { policy, binding }: LimitConfig,
  upstash: UpstashConfig | undefined,
  refusals: RefusalMemory,
) {
  const fallback = bindingRateLimiter(binding, policy);
  const limiter: RateLimiter = upstash ? upstashRateLimiter(upstash, policy, fallback) : fallback;
  // The policy is part of what is remembered: a refusal under one limit says nothing under another.
  const remembered = `${policy.name}:${policy.limit}/${policy.windowSeconds}s`;
  return {
    async limit(key: string): Promise<RateLimitOutcome> {
      const outcome = await limiter.limit(key);
      refusals.remember(`${remembered}:${key}`, outcome);
      return outcome;
    },
    recall: (key: string) => refusals.recall(`${remembered}:${key}`),
  };
}

export function signingLimits(config: SigningLimitsConfig, refusals = isolateRefusals): NetworkLimits {
  const perPetition = rememberingLimiter(config.perPetition, config.upstash, refusals);
  const global = rememberingLimiter(config.global, config.upstash, refusals);
  const petitionKey = (networkHash: string, slug: string) => `${slug}:${networkHash}`;
  const recall = (networkHash: string, slug: string) =>
    global.recall(networkHash) ?? perPetition.recall(petitionKey(networkHash, slug));

  return {
    async remembered(networkHash, slug) {
      return refusals.isEmpty ? undefined : recall(await networkHash(), slug);
    },
    async check(networkHash, slug) {
      const remembered = recall(networkHash, slug);
      if (remembered) return remembered;
      const [petitionOutcome, globalOutcome] = await Promise.all([
        perPetition.limit(petitionKey(networkHash, slug)),
        global.limit(networkHash),
      ]);
      const pending = Promise.all([petitionOutcome.pending, globalOutcome.pending]);
      // A refusal wins; otherwise report the tighter limit, as RateLimit headers describe the closest one.
      const left = (outcome: RateLimitOutcome) => outcome.remaining ?? Number.POSITIVE_INFINITY;
      const decisive = !petitionOutcome.success
        ? petitionOutcome
        : !globalOutcome.success || left(globalOutcome) < left(petitionOutcome)
          ? globalOutcome
          : petitionOutcome;
      return { ...decisive, pending };
    },
  };
}

/**
 * A per-network ceiling across petitions: the signatures a network over its limits may still make by
 * solving the challenge (src/signing/challenge.ts). Its refusals are remembered like the limits' own.
 */
export interface NetworkCeiling {
  check(networkHash: string): Promise<RateLimitOutcome>;
  /** The refusal this isolate remembers for the network, without asking a backend (see NetworkLimits). */
  remembered(networkHash: () => Promise<string>): Promise<RateLimitOutcome | undefined>;
}

export function networkCeiling(
  limit: LimitConfig,
  upstash: UpstashConfig | undefined,
  refusals = isolateRefusals,
): NetworkCeiling {
  const limiter = rememberingLimiter(limit, upstash, refusals);
  return {
    async check(networkHash) {
      return limiter.recall(networkHash) ?? limiter.limit(networkHash);
    },
    async remembered(networkHash) {
      return refusals.isEmpty ? undefined : limiter.recall(await networkHash());
    },
  };
}
