/**
 * Taking signatures out again, with the tally adjusted in the same transaction: erasure of one
 * person on request, and invalidation of a fraud wave on one petition. A removal of any size is a
 * series of short transactions, each exact on its own, so signing never waits long behind one.
 */

import { recordErasure } from "../store/signatures";
import {
  newestSignatureId,
  personSelection,
  removeSignatures,
  type SignatureSelection,
  selectedSignatureIds,
  waveSelection,
} from "../store/tallies";
import { canonicalEmail } from "./canonical-email";
import { keyedHash } from "./keyed-hash";
import { networkOf } from "./network";

export interface RemovalChunks {
  /** Signatures one transaction removes at most. */
  rows: number;
  /** Signature ids one read scans at most when no index finds the selection. */
  scanIds: number;
}

const REMOVAL_CHUNKS: RemovalChunks = { rows: 500, scanIds: 100_000 };

/** Removes the selected signatures stored so far (ids up to the newest now), chunk by chunk. */
async function remove(db: D1Database, selection: SignatureSelection, now: number, chunks: RemovalChunks) {
  const newest = await newestSignatureId(db);
  let after = 0;
  let removed = 0;
  while (after < newest) {
    const upto = selection.indexed ? newest : Math.min(newest, after + chunks.scanIds);
    const ids = await selectedSignatureIds(db, selection, { after, upto, limit: chunks.rows });
    if (ids.length > 0) removed += (await removeSignatures(db, ids, now)).removed;
    after = ids.length === chunks.rows ? ids.at(-1)! : upto;
  }
  return removed;
}

/**
 * Every signature of the person behind `email` (found as dedupe finds them), on every petition. The
 * erasure is recorded first, so one they made earlier and still waiting in the queue is not stored
 * later, and any stored before the record has an id the removal reaches.
 */
export async function eraseSignatures(
  db: D1Database,
  hashKey: string,
  email: string,
  now: number,
  chunks = REMOVAL_CHUNKS,
): Promise<number> {
  const dedupeKey = await keyedHash(hashKey, "email", canonicalEmail(email));
  await recordErasure(db, dedupeKey, now).run();
  return remove(db, personSelection(dedupeKey), now, chunks);
}

export interface WaveCriteria {
  /** Any address in the network to void: its /24 or /64 (stored only as a keyed hash) is matched. */
  ip?: string;
  /** Signed at or after (unix ms). */
  from?: number;
  /** Signed before (unix ms). */
  to?: number;
  source?: string;
}

/** A petition's signatures matching every criterion given, among those stored when it starts. */
export async function invalidateSignatures(
  db: D1Database,
  hashKey: string,
  petitionId: number,
  criteria: WaveCriteria,
  now: number,
  chunks = REMOVAL_CHUNKS,
): Promise<number> {
  const networkHash =
    criteria.ip === undefined ? undefined : await keyedHash(hashKey, "network", networkOf(criteria.ip));
  return remove(db, waveSelection(petitionId, { ...criteria, networkHash }), now, chunks);
}
