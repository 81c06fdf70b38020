/** Signatures by attribution (partner key and source tag), as the cron keeps them in petition_source_tallies. */

export interface SourceCount {
  /** The source tag; null for signatures that came without one. */
  source: string | null;
  /** The partner key that brought them (its id); null for the public sign path. */
  api_key_id: string | null;
  count: number;
}

/** The most attributions a count lists, most first. */
export const SOURCE_LIMIT = 100;

/** One indexed read of the tally: as exact as the last cron run, whatever the number of signatures. */
export async function signaturesBySource(db: D1Database, petitionId: number): Promise<SourceCount[]> {
  const { results } = await db
    .prepare(
      `SELECT nullif(source, '') AS source, nullif(api_key_id, '') AS api_key_id, count FROM petition_source_tallies
       WHERE petition_id = ? AND count > 0 ORDER BY count DESC, api_key_id, source LIMIT ?`,
    )
    .bind(petitionId, SOURCE_LIMIT)
    .all<SourceCount>();
  return results;
}
