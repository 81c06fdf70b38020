/**
 * The minute's work: count the signatures added since the last run into every tally. Incremental
 * (reads only the new rows), exact (watermark and counts move in one transaction) and safe to overlap
 * or retry (a run whose claim on the watermark fails adds nothing).
 */
import { newestRowId } from "../store/signatures";
import { aggregateRange, readWatermark } from "../store/tallies";

export interface AggregationOptions {
  now: number;
  /** Round-number milestones besides each petition's goal. */
  thresholds: number[];
  /** Signatures one transaction absorbs at most; a backlog is worked off in several. */
  maxPerBatch: number;
  /** Transactions one run may take, so a run stays within the cron's time budget. */
  maxBatches: number;
}

export interface AggregationResult {
  /** Signature ids counted: (from, to]. Equal when there was nothing new. */
  from: number;
  to: number;
  batches: number;
  /** False when another run claimed the range first (this one then added nothing). */
  claimed: boolean;
  rowsRead: number;
  rowsWritten: number;
}

export async function aggregate(db: D1Database, options: AggregationOptions): Promise<AggregationResult> {
  const start = await readWatermark(db);
  const newest = await newestRowId(db, "signatures");
  const result: AggregationResult = {
    from: start.last_id,
    to: start.last_id,
    batches: 0,
    claimed: true,
    rowsRead: 0,
    rowsWritten: 0,
  };

  while (result.to < newest && result.batches < options.maxBatches) {
    const upperId = Math.min(newest, result.to + options.maxPerBatch);
    const batch = await aggregateRange(db, {
      lastId: result.to,
      upperId,
      runId: crypto.randomUUID(),
      now: options.now,
      thresholds: options.thresholds,
    });
    result.batches += 1;
    result.rowsRead += batch.rowsRead;
    result.rowsWritten += batch.rowsWritten;
    if (!batch.claimed) {
      result.claimed = false;
      break;
    }
    result.to = upperId;
  }
  return result;
}
