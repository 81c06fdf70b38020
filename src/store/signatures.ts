/** Every D1 statement that writes or reads signatures. */
import type { SealedFields, StoredPersonalColumns } from "../crypto/sealing";
import { acceptingSignaturesSql, isoFromUnixMsSql } from "./accepting-signatures";

/**
 * A signature as accepted at the edge, ready to store: what a queue message carries and what one
 * row of `signatures` holds. Plain JSON, so it crosses a queue unchanged. Email, name and postcode
 * are ciphertexts under the key `keyId` (src/crypto/sealing.ts): neither the queue nor D1
 * ever holds them in plain text.
 */
export interface SignatureRow extends SealedFields {
  petitionId: number;
  dedupeKey: string;
  country: string;
  consent: boolean;
  locale: string | null;
  source: string | null;
  /** The partner key that brought it; null for the public sign path and the owner. */
  apiKeyId: string | null;
  /** The shared link it came through (a random code minted for that share) and the channel it was shared on. */
  referralCode: string | null;
  channel: string | null;
  networkHash: string;
  /** The keyed hash of its email's domain, and the domain when a disposable-address service (src/signing/email-domain.ts); null in rows queued before they existed. */
  emailDomainHash: string | null;
  disposableDomain: string | null;
  /** When the edge accepted it (unix ms): decides whether the petition was open, and its hour in the tally. */
  createdAt: number;
}

/**
 * What to do with a signature whose petition did not take signatures when it was accepted. `refuse`:
 * the statement fails with "petition-closed" (the trigger in migrations/0005), so a signer waiting on
 * a direct write hears it. `skip`: that row alone is left out, so a queued batch stores the others.
 */
export type ClosedPetitionRows = "refuse" | "skip";

/** A SignatureRow field read from `json_each(…) r`: how one statement takes many rows in one parameter. */
export const rowField = (name: keyof SignatureRow) => `r.value ->> '${name}'`;

/** The columns a SignatureRow fills, each with the field it comes from: shared by every table of signatures. */
const ROW_COLUMNS = {
  petition_id: "petitionId",
  dedupe_key: "dedupeKey",
  key_id: "keyId",
  email: "email",
  name: "name",
  country: "country",
  postcode: "postcode",
  consent: "consent",
  locale: "locale",
  source: "source",
  api_key_id: "apiKeyId",
  referral_code: "referralCode",
  channel: "channel",
  network_hash: "networkHash",
  email_domain_hash: "emailDomainHash",
  disposable_domain: "disposableDomain",
  created_at: "createdAt",
} as const satisfies Record<string, keyof SignatureRow>;

/** For `INSERT INTO <table> (${ROW_COLUMN_NAMES}) SELECT ${ROW_VALUES} FROM json_each(?) r`. */
export const ROW_COLUMN_NAMES = Object.keys(ROW_COLUMNS).join(", ");
export const ROW_VALUES = Object.values(ROW_COLUMNS).map(rowField).join(", ");
/** Every column but created_at: for copying a row between tables of signatures with a new time. */
export const ROW_COLUMN_NAMES_BUT_CREATED_AT = Object.keys(ROW_COLUMNS)
  .filter((column) => column !== "created_at")
  .join(", ");

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
      `INSERT INTO signatures (${ROW_COLUMN_NAMES})
       SELECT ${ROW_VALUES} FROM json_each(?1) r
       WHERE (?2 = 'refuse' OR EXISTS (
                SELECT 1 FROM petitions p
                WHERE p.id = ${rowField("petitionId")} AND ${acceptingSignaturesSql("p", isoFromUnixMsSql(rowField("createdAt")))}))
         AND NOT EXISTS (SELECT 1 FROM erasures e WHERE e.dedupe_key = ${rowField("dedupeKey")} AND e.erased_at >= ${rowField("createdAt")})
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

/** A stored signature as exports and access requests read it: personal fields still sealed. */
export interface StoredSignature extends StoredPersonalColumns {
  id: number;
  country: string;
  consent: number;
  locale: string | null;
  source: string | null;
  api_key_id: string | null;
  referral_code: string | null;
  channel: string | null;
  created_at: number;
}

/**
 * Signature ids one read scans at most when no index narrows it: the table has none on petition_id
 * (to keep each signature's write at 3 rows), so a petition's rows are found by scanning id ranges.
 */
export const SIGNATURE_SCAN_IDS = 100_000;

const STORED_COLUMN_NAMES = [
  "id",
  "petition_id",
  "dedupe_key",
  "key_id",
  "email",
  "name",
  "country",
  "postcode",
  "consent",
  "locale",
  "source",
  "api_key_id",
  "referral_code",
  "channel",
  "created_at",
] as const satisfies readonly (keyof StoredSignature)[];

/** StoredSignature's columns for a SELECT, of the table aliased `alias`. */
export const storedColumns = (alias = "signatures") => STORED_COLUMN_NAMES.map((name) => `${alias}.${name}`).join(", ");

/** Where signatures are kept: counted, or held until confirmed by email (the same columns). */
export type SignatureTable = "signatures" | "pending_signatures";

/** The newest id of a table of signatures: one step down its rowid b-tree. */
export async function newestRowId(db: D1Database, table: SignatureTable): Promise<number> {
  return (await db.prepare(`SELECT max(id) AS id FROM ${table}`).first<number>("id")) ?? 0;
}

/**
 * A petition's signatures (or held signatures) with after < id <= upto, in id order, at most `limit`:
 * one read that scans that id range only (keep it to SIGNATURE_SCAN_IDS), for exports.
 */
export async function signaturePage(
  db: D1Database,
  table: SignatureTable,
  petitionId: number,
  range: { after: number; upto: number; limit: number },
): Promise<StoredSignature[]> {
  const { results } = await db
    .prepare(
      `SELECT ${storedColumns(table)} FROM ${table}
       WHERE id > ? AND id <= ? AND petition_id = ? ORDER BY id LIMIT ?`,
    )
    .bind(range.after, range.upto, petitionId, range.limit)
    .all<StoredSignature>();
  return results;
}

/** Everything stored under one dedupe key (an access request), with each signature's petition. */
export async function signaturesOfPerson(
  db: D1Database,
  dedupeKey: string,
): Promise<(StoredSignature & { slug: string; title: string })[]> {
  const { results } = await db
    .prepare(
      `SELECT ${storedColumns("s")}, p.slug, p.title
       FROM signatures s JOIN petitions p ON p.id = s.petition_id WHERE s.dedupe_key = ? ORDER BY s.id`,
    )
    .bind(dedupeKey)
    .all<StoredSignature & { slug: string; title: string }>();
  return results;
}
