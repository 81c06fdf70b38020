/**
 * The OSDI signature reads: a petition's signatures (the owner) or those one partner key brought, a
 * page at a time in id order, each read walking an index from where the page starts, never the table.
 * - The owner's pages seek `signatures_by_petition (petition_id, id)`.
 * - A partner's pages seek `signatures_by_api_key (api_key_id, petition_id, id)`, partial on keyed rows.
 * A page starts after an id (a `next` link's cursor: a seek) or after a number of rows (a page number
 * typed by the client: the index's entries up to it are walked, covered by the index, no table row read).
 * Totals come from the tallies the cron keeps, one row each, never from counting signatures.
 */
import { type StoredSignature, storedColumns } from "./signatures";

/** Whose signatures: every one of the petition's (the owner), or those one partner key brought. */
export type SignatureScope = { petitionId: number; apiKeyId: string | null };

/** Where a page starts: after a signature id, or after so many of the scope's signatures. */
export type PageStart = { afterId: number } | { skip: number };

function scopeSql(scope: SignatureScope, alias: string): string {
  return scope.apiKeyId === null
    ? `${alias}.petition_id = ?1`
    : `${alias}.api_key_id = ?2 AND ${alias}.petition_id = ?1`;
}

/**
 * Up to `limit` signatures of the scope from `start` on, in id order. With `skip`, the id the page
 * starts after is found by walking the index alone (`SELECT id … LIMIT 1 OFFSET`); past the end it is
 * NULL, and the page is empty.
 */
export async function scopedSignaturePage(
  db: D1Database,
  scope: SignatureScope,
  start: PageStart,
  limit: number,
): Promise<StoredSignature[]> {
  // The first page starts after id 0; a later one after the id `skip` rows in (OFFSET counts from 0).
  const after =
    "afterId" in start
      ? "?3"
      : start.skip === 0
        ? "0"
        : `(SELECT x.id FROM signatures x WHERE ${scopeSql(scope, "x")} ORDER BY x.id LIMIT 1 OFFSET ?3)`;
  const from = "afterId" in start ? start.afterId : start.skip - 1;
  const { results } = await db
    .prepare(
      `SELECT ${storedColumns("s")} FROM signatures s
       WHERE ${scopeSql(scope, "s")} AND s.id > ${after}
       ORDER BY s.id LIMIT ?4`,
    )
    .bind(scope.petitionId, scope.apiKeyId, from, limit)
    .all<StoredSignature>();
  return results;
}

/** One signature of the scope; null when there is none, or it is another scope's. */
export function scopedSignature(db: D1Database, scope: SignatureScope, id: number): Promise<StoredSignature | null> {
  return db
    .prepare(`SELECT ${storedColumns("s")} FROM signatures s WHERE s.id = ?3 AND ${scopeSql(scope, "s")}`)
    .bind(scope.petitionId, scope.apiKeyId, id)
    .first<StoredSignature>();
}

/**
 * How many signatures the scope holds, as the last tally run counted them: petition_tallies for the
 * owner, the key's rows of petition_source_tallies (one per source tag) for a partner.
 */
export async function scopedSignatureTotal(db: D1Database, scope: SignatureScope): Promise<number> {
  const statement =
    scope.apiKeyId === null
      ? db.prepare(`SELECT count AS n FROM petition_tallies WHERE petition_id = ?`).bind(scope.petitionId)
      : db
          .prepare(`SELECT sum(count) AS n FROM petition_source_tallies WHERE petition_id = ? AND api_key_id = ?`)
          .bind(scope.petitionId, scope.apiKeyId);
  return (await statement.first<number>("n")) ?? 0;
}
