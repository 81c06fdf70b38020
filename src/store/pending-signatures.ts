/** Every D1 statement about signatures waiting for their signer's confirmation (migrations/0010). */
import {
  ROW_COLUMN_NAMES,
  ROW_COLUMN_NAMES_BUT_CREATED_AT,
  ROW_VALUES,
  rowField,
  type SignatureRow,
  type StoredSignature,
} from "./signatures";

/** How long a window of confirmation emails lasts. */
const SEND_WINDOW_MS = 86_400_000;

export interface HeldSignature {
  id: number;
  /** Confirmation emails sent in the current 24-hour window, this one included. */
  sends: number;
}

/**
 * Holds a signature until it is confirmed: a new row, or for a repeat the same row with one more
 * send counted and a later expiry. Nothing when the person's signature is already confirmed.
 */
export async function holdPendingSignature(
  db: D1Database,
  row: SignatureRow,
  expiresAt: number,
): Promise<HeldSignature | null> {
  return db
    .prepare(
      `INSERT INTO pending_signatures (${ROW_COLUMN_NAMES}, expires_at, sends, sends_since)
       SELECT ${ROW_VALUES}, ?2, 1, ${rowField("createdAt")}
       FROM json_each(?1) r
       WHERE NOT EXISTS (SELECT 1 FROM signatures s
                         WHERE s.dedupe_key = ${rowField("dedupeKey")} AND s.petition_id = ${rowField("petitionId")})
       ON CONFLICT (dedupe_key, petition_id) DO UPDATE SET
         sends = CASE WHEN sends_since <= excluded.created_at - ?3 THEN 1 ELSE sends + 1 END,
         sends_since = CASE WHEN sends_since <= excluded.created_at - ?3 THEN excluded.created_at ELSE sends_since END,
         expires_at = max(expires_at, excluded.expires_at)
       RETURNING id, sends`,
    )
    .bind(JSON.stringify([row]), expiresAt, SEND_WINDOW_MS)
    .first<HeldSignature>();
}

/** A held signature with what its confirmation page, emails and access requests need. */
export interface PendingSignature extends StoredSignature {
  expires_at: number;
  title: string;
  slug: string;
}

const PENDING_WITH_PETITION = `SELECT ps.id, ps.petition_id, ps.dedupe_key, ps.key_id, ps.email, ps.name, ps.postcode,
         ps.country, ps.consent, ps.locale, ps.source, ps.created_at, ps.expires_at, p.title, p.slug
  FROM pending_signatures ps JOIN petitions p ON p.id = ps.petition_id`;

/** A held signature still waiting at `now`. */
export function findPendingSignature(db: D1Database, id: number, now: number): Promise<PendingSignature | null> {
  return db
    .prepare(`${PENDING_WITH_PETITION} WHERE ps.id = ? AND ps.expires_at > ?`)
    .bind(id, now)
    .first<PendingSignature>();
}

/**
 * Confirms a held signature in one transaction: it becomes a signature (a fresh id, so the tally
 * counts it once whenever it arrives; `now` is when it was signed) and stops being pending. Returns
 * whether there was one to confirm; a person who had meanwhile signed confirmed is left as they are.
 * D1's trigger refuses it (the batch fails, "petition-closed") once the petition no longer takes signatures.
 */
export async function confirmPendingSignature(db: D1Database, id: number, now: number): Promise<boolean> {
  const [, removed] = await db.batch([
    db
      .prepare(
        `INSERT INTO signatures (${ROW_COLUMN_NAMES_BUT_CREATED_AT}, created_at)
         SELECT ${ROW_COLUMN_NAMES_BUT_CREATED_AT}, ?2
         FROM pending_signatures WHERE id = ?1 AND expires_at > ?2
         ON CONFLICT (dedupe_key, petition_id) DO NOTHING`,
      )
      .bind(id, now),
    db.prepare(`DELETE FROM pending_signatures WHERE id = ?1 AND expires_at > ?2 RETURNING id`).bind(id, now),
  ]);
  return (removed?.results.length ?? 0) > 0;
}

/** Held signatures first signed before `signedBefore`, not yet reminded and not expired: at most `limit`. */
export async function pendingToRemind(
  db: D1Database,
  signedBefore: number,
  now: number,
  limit: number,
): Promise<PendingSignature[]> {
  const { results } = await db
    .prepare(
      `${PENDING_WITH_PETITION}
       WHERE ps.reminded_at IS NULL AND ps.created_at < ? AND ps.expires_at > ? ORDER BY ps.created_at LIMIT ?`,
    )
    .bind(signedBefore, now, limit)
    .all<PendingSignature>();
  return results;
}

export function markReminded(db: D1Database, ids: readonly number[], now: number): Promise<D1Result> {
  return db
    .prepare(`UPDATE pending_signatures SET reminded_at = ?2 WHERE id IN (SELECT value FROM json_each(?1))`)
    .bind(JSON.stringify(ids), now)
    .run();
}

/** Deletes up to `limit` held signatures whose confirmation expired; returns how many. */
export async function purgeExpiredPending(db: D1Database, now: number, limit: number): Promise<number> {
  const { meta } = await db
    .prepare(
      `DELETE FROM pending_signatures
       WHERE id IN (SELECT id FROM pending_signatures WHERE expires_at <= ? ORDER BY expires_at LIMIT ?)`,
    )
    .bind(now, limit)
    .run();
  return meta.changes ?? 0;
}

/** Every held signature of one person (an access request). */
export async function pendingOfPerson(db: D1Database, dedupeKey: string): Promise<PendingSignature[]> {
  const { results } = await db
    .prepare(`${PENDING_WITH_PETITION} WHERE ps.dedupe_key = ? ORDER BY ps.id`)
    .bind(dedupeKey)
    .all<PendingSignature>();
  return results;
}

/** Every held signature of one person (erasure). */
export function deletePendingOf(db: D1Database, dedupeKey: string): D1PreparedStatement {
  return db.prepare(`DELETE FROM pending_signatures WHERE dedupe_key = ?`).bind(dedupeKey);
}
