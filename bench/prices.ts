/**
 * Cloudflare's published prices (Workers Paid, beyond the monthly inclusions), for the benchmark's
 * dollars per million signatures. Read 2026-11-25 from the pricing pages named beside each figure.
 * Inclusions ($5/month plan, 10M requests, 50M D1 rows written, …) are left out: the figures are the
 * marginal cost of a viral petition, not a monthly bill.
 */
export const PRICES_USD_PER_MILLION = {
  /** developers.cloudflare.com/workers/platform/pricing/ (Standard usage model). Queue consumer invocations are requests too. */
  workerRequests: 0.3,
  /** developers.cloudflare.com/d1/platform/pricing/ */
  d1RowsWritten: 1.0,
  /** developers.cloudflare.com/d1/platform/pricing/ */
  d1RowsRead: 0.001,
  /** developers.cloudflare.com/kv/platform/pricing/ */
  kvReads: 0.5,
  /** developers.cloudflare.com/kv/platform/pricing/ (writes, deletes and lists alike) */
  kvWrites: 5.0,
  /** developers.cloudflare.com/queues/platform/pricing/: per 64 KB written, read or deleted; a delivered message is 3. */
  queueOperations: 0.4,
} as const;

/** Queue operations per delivered message under 64 KB: written, read, deleted. */
export const QUEUE_OPERATIONS_PER_MESSAGE = 3;

/** Not priced: CPU time ($0.02 per million CPU-ms) cannot be measured faithfully on a laptop, and the rate-limiting binding has no charge. */
export const UNPRICED = ["Workers CPU time", "rate-limiting binding (no charge)"] as const;
