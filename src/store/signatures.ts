/** Every D1 statement that writes or reads signatures. */
import { acceptingSignaturesSql, isoFromUnixMsSql } from "./accepting-signatures";

/**
 * A signature as accepted at the edge, ready to store: what a queue message carries and what one
 * row of `signatures` holds. Plain JSON, so it crosses a queue unchanged.
 */
export interface SignatureRow {
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
  /** When the edge accepted it (unix ms): decides whether the petition was open, and its hour in the tally. */
  createdAt: number;
}

/**
 * What to do with a signature whose petition did not take signatures when it was accepted. `refuse`:
 * the statement fails with "petition-closed" (the trigger in migrations/0005), so a signer waiting on
 * a direct write hears it. `skip`: that row alone is left out, so a queued batch stores the others.
 */
export type ClosedPetitionRows = "refuse" | "skip";

const FIELD = (name: keyof SignatureRow) => `r.value ->> '${name}'`;

/**
 * "How a signature is stored": any number of rows in one statement, from one JSON parameter (D1
 * allows 100 bound parameters, so a row per parameter would cap a statement at 9 signatures).
 * A repeat signature stores nothing (the UNIQUE index, so concurrent writers cannot both win); a
 * signature made before its signer's erasure stays out. Returns how many rows were stored.
 */
export async function insertSignatures(
  db: D1Database,
  rows: readonly SignatureRow[],
  closed: ClosedPetitionRows,
): Promise<number> {
  const { meta } = await db
    .prepare(
      `INSERT INTO signatures (petition_id, dedupe_key, email, name, country, postcode, consent, locale, source, network_hash, created_at)
       SELECT ${FIELD("petitionId")}, ${FIELD("dedupeKey")}, ${FIELD("email")}, ${FIELD("name")}, ${FIELD("country")},
              ${FIELD("postcode")}, ${FIELD("consent")}, ${FIELD("locale")}, ${FIELD("source")}, ${FIELD("networkHash")},
              ${FIELD("createdAt")}
       FROM json_each(?1) r
       WHERE (?2 = 'refuse' OR EXISTS (
                SELECT 1 FROM petitions p
                WHERE p.id = ${FIELD("petitionId")} AND ${acceptingSignaturesSql("p", isoFromUnixMsSql(FIELD("createdAt")))}))
         AND NOT EXISTS (SELECT 1 FROM erasures e WHERE e.dedupe_key = ${FIELD("dedupeKey")} AND e.erased_at >= ${FIELD("createdAt")})
       ON CONFLICT (dedupe_key, petition_id) DO NOTHING`,
    )
    .bind(JSON.stringify(rows), closed)
    .run();
  return meta.changes ?? 0;
}

/** Whether a failed insert was the trigger refusing a petition that did not take signatures. */
export function isPetitionClosedError(error: unknown): boolean {
  return error instanceof Error && error.message.includes("petition-closed");
}

/** Remembers an erasure, so that signatures made before it and still queued are not stored later. */
export function recordErasure(db: D1Database, dedupeKey: string, now: number): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO erasures (dedupe_key, erased_at) VALUES (?1, ?2)
       ON CONFLICT (dedupe_key) DO UPDATE SET erased_at = max(erased_at, excluded.erased_at)`,
    )
    .bind(dedupeKey, now);
}

/** Forgets erasures older than any queued signature can be. */
export function purgeErasures(db: D1Database, before: number): Promise<D1Result> {
  return db.prepare(`DELETE FROM erasures WHERE erased_at < ?`).bind(before).run();
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

/**
 * Signature ids one read scans at most when no index narrows it: the table has none on petition_id
 * (to keep each signature's write at 3 rows), so a petition's rows are found by scanning id ranges.
 */
export const SIGNATURE_SCAN_IDS = 100_000;

/**
 * A petition's signatures with after < id <= upto, in id order, at most `limit`: one read that scans
 * that id range only (keep it to SIGNATURE_SCAN_IDS), for exports.
 */
export async function signaturePage(
  db: D1Database,
  petitionId: number,
  range: { after: number; upto: number; limit: number },
): Promise<ExportedSignature[]> {
  const { results } = await db
    .prepare(
      `SELECT id, email, name, country, postcode, consent, locale, source, created_at FROM signatures
       WHERE id > ? AND id <= ? AND petition_id = ? ORDER BY id LIMIT ?`,
    )
    .bind(range.after, range.upto, petitionId, range.limit)
    .all<ExportedSignature>();
  return results;
}
