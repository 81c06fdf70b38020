import { bindingRateLimiter } from "./binding";
import type { RateLimiter, RateLimitOutcome, RateLimitPolicy } from "./rate-limiter";
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

export function signingLimits(config: SigningLimitsConfig): SigningLimits {
  const limiterFor = ({ policy, binding }: { policy: RateLimitPolicy; binding: RateLimit }): RateLimiter => {
    const fallback = bindingRateLimiter(binding, policy);
    return config.upstash ? upstashRateLimiter(config.upstash, policy, fallback) : fallback;
  };
  const perPetition = limiterFor(config.perPetition);
  const global = limiterFor(config.global);

  return {
    async check(networkHash, slug) {
      const [petitionOutcome, globalOutcome] = await Promise.all([
        perPetition.limit(`${slug}:${networkHash}`),
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
