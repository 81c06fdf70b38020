/**
 * Taking signatures out again, with the tally adjusted in the same transaction: erasure of one
 * person on request, and invalidation of a fraud wave on one petition.
 */

import { recordErasure } from "../store/signatures";
import { personSelection, removalStatements, type SignatureSelection, waveSelection } from "../store/tallies";
import { canonicalEmail } from "./canonical-email";
import { keyedHash } from "./keyed-hash";
import { networkOf } from "./network";

async function remove(
  db: D1Database,
  selection: SignatureSelection,
  now: number,
  alongside: D1PreparedStatement[] = [],
): Promise<number> {
  const results = await db.batch([...alongside, ...removalStatements(db, selection, now)]);
  return results.at(-1)!.results.length;
}

/**
 * Every signature of the person behind `email` (found as dedupe finds them), on every petition; the
 * erasure is remembered, so one they made earlier and still waiting in the queue is not stored later.
 */
export async function eraseSignatures(db: D1Database, hashKey: string, email: string, now: number): Promise<number> {
  const dedupeKey = await keyedHash(hashKey, "email", canonicalEmail(email));
  return remove(db, personSelection(dedupeKey), now, [recordErasure(db, dedupeKey, now)]);
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

/** A petition's signatures matching every criterion given. */
export async function invalidateSignatures(
  db: D1Database,
  hashKey: string,
  petitionId: number,
  criteria: WaveCriteria,
  now: number,
): Promise<number> {
  const networkHash =
    criteria.ip === undefined ? undefined : await keyedHash(hashKey, "network", networkOf(criteria.ip));
  return remove(db, waveSelection(petitionId, { ...criteria, networkHash }), now);
}
