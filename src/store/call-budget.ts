/**
 * D1 allows 1,000 queries per Worker invocation (50 on the Free plan). A bulk step (recount, removal,
 * export, count by source) spends D1 calls from a budget, stops when it runs out and continues later.
 */
export class CallBudget {
  #left: number;

  constructor(calls: number) {
    this.#left = calls;
  }

  /** Whether `calls` more D1 calls fit; if they do, they are counted as spent. */
  spend(calls: number): boolean {
    if (calls > this.#left) return false;
    this.#left -= calls;
    return true;
  }

  get left(): number {
    return this.#left;
  }
}

/** No bound: the step runs to its end (tests and the benchmark). */
export const unbounded = (): CallBudget => new CallBudget(Number.POSITIVE_INFINITY);
