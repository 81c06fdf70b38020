/** Signatures counted by their `source` (the campaign's attribution tag), straight from the signatures table. */

export interface SourceCount {
  /** Null for signatures that came without one. */
  source: string | null;
  count: number;
}

/** The most sources a count lists; the rest are summed by the caller if needed. */
export const SOURCE_LIMIT = 100;

/**
 * Reads every stored signature of the petition (the table has no index on petition_id, to keep each
 * signature's write small), so it is an organiser's occasional question, like the export.
 */
export async function signaturesBySource(db: D1Database, petitionId: number): Promise<SourceCount[]> {
  const { results } = await db
    .prepare(
      `SELECT source, count(*) AS count FROM signatures WHERE petition_id = ?
       GROUP BY source ORDER BY count DESC, source LIMIT ?`,
    )
    .bind(petitionId, SOURCE_LIMIT)
    .all<SourceCount>();
  return results;
}
