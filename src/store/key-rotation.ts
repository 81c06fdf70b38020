/** Every D1 statement of key rotation: its cursor, the rows it walks, and the compare-and-set that reseals them. */
import type { SealedFields } from "../crypto/sealing";
import { type SignatureTable, type StoredSignature, storedColumns } from "./signatures";

export interface RotationCursor {
  /** The key rows are being moved to. */
  key_id: string;
  /** Every signature up to this id has been looked at. */
  after_id: number;
}

/** A row resealed under the current key, with what it held when read (the compare-and-set). */
export interface ResealedRow extends SealedFields {
  id: number;
  wasKeyId: string | null;
  wasEmail: string;
}

export function readRotationCursor(db: D1Database, table: SignatureTable): Promise<RotationCursor | null> {
  return db
    .prepare(`SELECT key_id, after_id FROM key_rotation WHERE table_name = ?`)
    .bind(table)
    .first<RotationCursor>();
}

/** The next `limit` rows after `afterId`, by primary key: a bounded read whatever the table's size. */
export async function signaturesAfter(
  db: D1Database,
  table: SignatureTable,
  afterId: number,
  limit: number,
): Promise<StoredSignature[]> {
  const { results } = await db
    .prepare(`SELECT ${storedColumns(table)} FROM ${table} WHERE id > ? ORDER BY id LIMIT ?`)
    .bind(afterId, limit)
    .all<StoredSignature>();
  return results;
}

/**
 * One transaction: the resealed rows replace their old values only where a row still holds what was
 * read (an erasure or anonymisation in between wins), and the cursor moves forward (never back, if an
 * overlapping run finished first). Returns how many rows were resealed.
 */
export async function resealSignatures(
  db: D1Database,
  table: SignatureTable,
  rows: readonly ResealedRow[],
  cursor: RotationCursor,
): Promise<number> {
  const field = (name: keyof ResealedRow) => `u.value ->> '${name}'`;
  const [updated] = await db.batch([
    db
      .prepare(
        `UPDATE ${table}
         SET email = ${field("email")}, name = ${field("name")}, postcode = ${field("postcode")}, key_id = ${field("keyId")}
         FROM json_each(?1) u
         WHERE ${table}.id = ${field("id")} AND ${table}.key_id IS ${field("wasKeyId")}
           AND ${table}.email = ${field("wasEmail")}`,
      )
      .bind(JSON.stringify(rows)),
    db
      .prepare(
        `INSERT INTO key_rotation (table_name, key_id, after_id) VALUES (?3, ?1, ?2)
         ON CONFLICT (table_name) DO UPDATE SET
           after_id = CASE WHEN key_id = excluded.key_id THEN max(after_id, excluded.after_id) ELSE excluded.after_id END,
           key_id = excluded.key_id`,
      )
      .bind(cursor.key_id, cursor.after_id, table),
  ]);
  return updated?.meta.changes ?? 0;
}
