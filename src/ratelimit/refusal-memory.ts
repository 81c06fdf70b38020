import type { RateLimitOutcome } from "./rate-limiter";

/** More refusals than this at once (a flood from very many networks) and the memory starts afresh. */
const CAPACITY = 10_000;

/**
 * The refusals this isolate has heard from a limit's backend, each kept until that limit's window can
 * have reset, so a key over its limit is answered from memory instead of asking the backend again.
 * Only refusals are kept (an allowance is always asked for) and none outlives its window, so the
 * memory never refuses what the backend would then allow, nor allows what it would refuse; forgetting
 * (a new isolate, a full memory) only means asking the backend again.
 */
export class RefusalMemory {
  private readonly refusals = new Map<string, RateLimitOutcome>();

  get isEmpty(): boolean {
    return this.refusals.size === 0;
  }

  remember(key: string, outcome: RateLimitOutcome): void {
    if (outcome.success || outcome.resetAt <= Date.now()) return;
    if (this.refusals.size >= CAPACITY) this.refusals.clear();
    const { pending: _settledByTheFirstAnswer, ...refusal } = outcome;
    this.refusals.set(key, refusal);
  }

  /** The refusal remembered for `key`, while its window lasts. */
  recall(key: string): RateLimitOutcome | undefined {
    const refusal = this.refusals.get(key);
    if (refusal && refusal.resetAt > Date.now()) return refusal;
    this.refusals.delete(key);
    return undefined;
  }
}
