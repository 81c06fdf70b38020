/** Every D1 statement that writes or reads signatures. */

export interface NewSignature {
  petitionId: number;
  dedupeKey: string;
  email: string;
  name: string | null;
  country: string;
  postcode: string | null;
  consent: boolean;
  locale: string | null;
  source: string | null;
  networkHash: string;
  createdAt: Date;
}

/**
 * Stores a signature with one statement. It stores nothing when the person has signed before (the
 * UNIQUE index, so concurrent requests cannot both win) or when the petition stopped accepting
 * signatures after the caller's cached copy was read (the WHERE, checked by D1 itself).
 */
export function insertSignature(db: D1Database, signature: NewSignature): Promise<D1Result> {
  return db
    .prepare(
      `INSERT INTO signatures (petition_id, dedupe_key, email, name, country, postcode, consent, locale, source, network_hash, created_at)
       SELECT id, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11 FROM petitions
       WHERE id = ?1 AND status = 'open' AND (closes_at IS NULL OR closes_at > ?12)
       ON CONFLICT (dedupe_key, petition_id) DO NOTHING`,
    )
    .bind(
      signature.petitionId,
      signature.dedupeKey,
      signature.email,
      signature.name,
      signature.country,
      signature.postcode,
      signature.consent ? 1 : 0,
      signature.locale,
      signature.source,
      signature.networkHash,
      signature.createdAt.getTime(),
      signature.createdAt.toISOString(),
    )
    .run();
}

/** Exact count from the source of truth: for reconciliation and tests, never the request path. */
export async function countSignatures(db: D1Database, petitionId: number): Promise<number> {
  const row = await db.prepare(`SELECT count(*) AS n FROM signatures WHERE petition_id = ?`).bind(petitionId).first<{ n: number }>();
  return row?.n ?? 0;
}

export interface ExportedSignature {
  id: number;
  email: string;
  name: string | null;
  country: string;
  postcode: string | null;
  consent: number;
  locale: string | null;
  source: string | null;
  created_at: number;
}

/** One page of a petition's signatures in id order, after `afterId`: keyset pagination for exports. */
export async function signaturePage(db: D1Database, petitionId: number, afterId: number, limit: number): Promise<ExportedSignature[]> {
  const { results } = await db
    .prepare(
      `SELECT id, email, name, country, postcode, consent, locale, source, created_at FROM signatures
       WHERE id > ? AND petition_id = ? ORDER BY id LIMIT ?`,
    )
    .bind(afterId, petitionId, limit)
    .all<ExportedSignature>();
  return results;
}
