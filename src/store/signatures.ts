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

/** Why a signature was not stored: only this one is the caller's business (the others look like success). */
export type InsertOutcome = "stored-or-duplicate" | "petition-closed";

/**
 * Stores a signature with one statement. A repeat signature stores nothing (the UNIQUE index, so
 * concurrent requests cannot both win) and looks the same to the caller. A petition that stopped
 * taking signatures after the caller's cached copy was read is refused by D1 itself (the trigger in
 * migrations/0004_signatures_only_while_open.sql).
 */
export async function insertSignature(db: D1Database, signature: NewSignature): Promise<InsertOutcome> {
  try {
    await db
      .prepare(
        `INSERT INTO signatures (petition_id, dedupe_key, email, name, country, postcode, consent, locale, source, network_hash, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
      )
      .run();
    return "stored-or-duplicate";
  } catch (error) {
    if (error instanceof Error && error.message.includes("petition-closed")) return "petition-closed";
    throw error;
  }
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
export async function signaturePage(
  db: D1Database,
  petitionId: number,
  afterId: number,
  limit: number,
): Promise<ExportedSignature[]> {
  const { results } = await db
    .prepare(
      `SELECT id, email, name, country, postcode, consent, locale, source, created_at FROM signatures
       WHERE id > ? AND petition_id = ? ORDER BY id LIMIT ?`,
    )
    .bind(afterId, petitionId, limit)
    .all<ExportedSignature>();
  return results;
}
