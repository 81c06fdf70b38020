/**
 * Key rotation: walks the signatures, and those waiting for confirmation, by id in bounded batches and
 * reseals under the current key every row sealed under another key, or stored in plain text before
 * encryption. Signing goes on meanwhile: new rows already use the current key, and each batch is one
 * short transaction. When the current key changes, the walk starts again from the first row.
 */

import { type Keyring, openPersonalFields, sealPersonalFields } from "../crypto/sealing";
import { type ResealedRow, readRotationCursor, resealSignatures, signaturesAfter } from "../store/key-rotation";
import { ANONYMISED_EMAIL } from "../store/retention";
import type { SignatureTable } from "../store/signatures";

/** Rows looked at per batch and table: about 3,000 AES-GCM operations each, a few tens of milliseconds of CPU. */
export const KEY_ROTATION_BATCH = 1000;

export interface RotationProgress {
  /** Rows looked at in this batch. */
  scanned: number;
  /** Rows moved to the current key. */
  resealed: number;
  /** The walk reached the newest row: every older row is under the current key. */
  done: boolean;
}

/** One table's next batch: the rows after its cursor, those under another key (or none) resealed. */
async function rotateTable(
  db: D1Database,
  table: SignatureTable,
  keyring: Keyring,
  limit: number,
): Promise<RotationProgress> {
  const cursor = await readRotationCursor(db, table);
  const afterId = cursor?.key_id === keyring.currentId ? cursor.after_id : 0;
  const page = await signaturesAfter(db, table, afterId, limit);
  if (page.length === 0) return { scanned: 0, resealed: 0, done: true };
  // Anonymised rows (retention) hold nothing to seal.
  const stale = page.filter((row) => row.key_id !== keyring.currentId && row.email !== ANONYMISED_EMAIL);
  const rows: ResealedRow[] = await Promise.all(
    stale.map(async (row) => ({
      id: row.id,
      wasKeyId: row.key_id,
      wasEmail: row.email,
      ...(await sealPersonalFields(
        keyring,
        { petitionId: row.petition_id, dedupeKey: row.dedupe_key },
        await openPersonalFields(keyring, row),
      )),
    })),
  );
  const next = { key_id: keyring.currentId, after_id: page.at(-1)!.id };
  const resealed = await resealSignatures(db, table, rows, next);
  return { scanned: page.length, resealed, done: page.length < limit };
}

/** A batch of each table that holds sealed rows: signatures, and those waiting for confirmation. */
export async function rotateKeys(db: D1Database, keyring: Keyring, limit: number): Promise<RotationProgress> {
  const counted = await rotateTable(db, "signatures", keyring, limit);
  const pending = await rotateTable(db, "pending_signatures", keyring, limit);
  return {
    scanned: counted.scanned + pending.scanned,
    resealed: counted.resealed + pending.resealed,
    done: counted.done && pending.done,
  };
}
