/**
 * The nightly check: rebuild every tally exactly from the signatures the watermark covers, in one
 * transaction, and report any petition whose count had drifted.
 */
import { reconciliationStatements, type TallyDrift } from "../store/tallies";

export interface Drift {
  petitionId: number;
  was: number;
  now: number;
}

export async function reconcile(db: D1Database, now: number): Promise<Drift[]> {
  const results = await db.batch<TallyDrift>(reconciliationStatements(db, now));
  const before = new Map(results[0]!.results.map((row) => [row.petition_id, row.count]));
  return results
    .at(-1)!
    .results.filter((row) => (before.get(row.petition_id) ?? 0) !== row.count)
    .map((row) => ({ petitionId: row.petition_id, was: before.get(row.petition_id) ?? 0, now: row.count }));
}
