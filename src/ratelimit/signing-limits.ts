import { bindingRateLimiter } from "./binding";
import type { RateLimiter, RateLimitOutcome, RateLimitPolicy } from "./rate-limiter";
import { RefusalMemory } from "./refusal-memory";
import { upstashRateLimiter } from "./upstash";

export interface SigningLimitsConfig {
  perPetition: { policy: RateLimitPolicy; binding: RateLimit };
  global: { policy: RateLimitPolicy; binding: RateLimit };
  /** Absent: the bindings alone decide. */
  upstash?: { url: string; token: string; timeoutMs: number };
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

export function signingLimits(config: SigningLimitsConfig, refusals = isolateRefusals): NetworkLimits {
  const limiterFor = ({ policy, binding }: { policy: RateLimitPolicy; binding: RateLimit }) => {
    const fallback = bindingRateLimiter(binding, policy);
    const limiter: RateLimiter = config.upstash ? upstashRateLimiter(config.upstash, policy, fallback) : fallback;
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
  };
  const perPetition = limiterFor(config.perPetition);
  const global = limiterFor(config.global);
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
