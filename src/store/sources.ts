/** Signatures counted by their `source` (the campaign's attribution tag), straight from the signatures table. */
import { newestRowId, SIGNATURE_SCAN_IDS } from "./signatures";

export interface SourceCount {
  /** Null for signatures that came without one. */
  source: string | null;
  count: number;
}

/** The most sources a count lists; the rest are summed by the caller if needed. */
export const SOURCE_LIMIT = 100;

/**
 * Reads every stored signature of the petition (the table has no index on petition_id, to keep each
 * signature's write small), one id range at a time so no query holds D1's writer long: an organiser's
 * occasional question, like the export. Costs one D1 call per `scanIds` ids, plus one.
 */
export async function signaturesBySource(
  db: D1Database,
  petitionId: number,
  scanIds = SIGNATURE_SCAN_IDS,
): Promise<SourceCount[]> {
  const newest = await newestRowId(db, "signatures");
  const counts = new Map<string | null, number>();
  for (let after = 0; after < newest; after += scanIds) {
    const { results } = await db
      .prepare(
        `SELECT source, count(*) AS count FROM signatures WHERE id > ? AND id <= ? AND petition_id = ? GROUP BY source`,
      )
      .bind(after, after + scanIds, petitionId)
      .all<SourceCount>();
    for (const { source, count } of results) counts.set(source, (counts.get(source) ?? 0) + count);
  }
  // Most first, then as SQLite orders text: no source first, then by code unit.
  const bySource = (a: string | null, b: string | null) => (a === b ? 0 : a === null || (b !== null && a < b) ? -1 : 1);
  return Array.from(counts, ([source, count]) => ({ source, count }))
    .sort((a, b) => b.count - a.count || bySource(a.source, b.source))
    .slice(0, SOURCE_LIMIT);
}
