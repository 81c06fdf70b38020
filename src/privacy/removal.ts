/**
 * Taking signatures out again, with the tally adjusted in the same transaction: erasure of one
 * person on request, and invalidation of a fraud wave on one petition. A removal of any size is a
 * series of short transactions, each exact on its own, so signing never waits long behind one; it is
 * recorded in D1 with its progress, so what does not fit in one invocation's D1 calls the cron continues.
 */

import { personKey } from "../signing/canonical-email";
import { networkHashOf } from "../signing/network";
import type { CallBudget } from "../store/call-budget";
import { namedBatch } from "../store/d1";
import { deletePendingOf } from "../store/pending-signatures";
import {
  insertRemoval,
  pendingRemovals,
  type Removal,
  type RemovalCriteria,
  removalChunkProgress,
  removalFromResult,
  saveRemovalProgress,
  selectionOf,
} from "../store/removals";
import { recordErasure, SIGNATURE_SCAN_IDS } from "../store/signatures";
import { removeSignatures, selectedSignatureIds } from "../store/tallies";
import { insertRemovalEvents } from "../store/webhooks";

export interface RemovalChunks {
  /** Signatures one transaction removes at most. */
  rows: number;
  /** Signature ids one read scans at most when no index finds the selection. */
  scanIds: number;
}

const REMOVAL_CHUNKS: RemovalChunks = { rows: 500, scanIds: SIGNATURE_SCAN_IDS };

/**
 * Works on a removal, chunk by chunk, until it is done or the budget is spent; returns it as it
 * then stands. (Recording a removal is the request's own call, outside the budget's bulk work.)
 */
export async function continueRemoval(
  db: D1Database,
  removal: Removal,
  now: number,
  budget: CallBudget,
  chunks = REMOVAL_CHUNKS,
): Promise<Removal> {
  // One call is kept back to save where the scan stopped.
  if (!budget.spend(1)) return removal;
  const selection = selectionOf(removal.criteria);
  let { after } = removal;
  while (after < removal.upto && budget.spend(2)) {
    const upto = selection.indexed ? removal.upto : Math.min(removal.upto, after + chunks.scanIds);
    const ids = await selectedSignatureIds(db, selection, { after, upto, limit: chunks.rows });
    const next = ids.length === chunks.rows ? ids.at(-1)! : upto;
    if (ids.length > 0)
      await removeSignatures(db, ids, now, [
        removalChunkProgress(db, removal.id, ids, next),
        insertRemovalEvents(db, "person" in removal.criteria ? "signature.erased" : "signature.invalidated", ids, now),
      ]);
    after = next;
  }
  return saveRemovalProgress(db, removal.id, after, now);
}

/** The cron's share: removals under way, oldest first, as far as the budget goes. */
export async function continuePendingRemovals(db: D1Database, now: number, budget: CallBudget): Promise<Removal[]> {
  if (!budget.spend(1)) return [];
  const continued: Removal[] = [];
  for (const removal of await pendingRemovals(db, 10)) {
    if (budget.left < 2) break;
    continued.push(await continueRemoval(db, removal, now, budget));
  }
  return continued;
}

async function startRemoval(
  db: D1Database,
  criteria: RemovalCriteria,
  now: number,
  before: D1PreparedStatement[] = [],
): Promise<Removal> {
  const { removal } = await namedBatch(db, { before, removal: insertRemoval(db, criteria, now) });
  return removalFromResult(removal);
}

/**
 * Every signature of the person behind `email` (found as dedupe finds them), on every petition, and
 * those waiting for confirmation. The erasure is recorded in the removal's own transaction, so one they
 * made earlier and still waiting in the queue is not stored later, and any stored before the record has
 * an id the removal reaches.
 */
export async function eraseSignatures(
  db: D1Database,
  hashKey: string,
  email: string,
  now: number,
  budget: CallBudget,
  chunks = REMOVAL_CHUNKS,
): Promise<Removal> {
  const dedupeKey = await personKey(hashKey, email);
  const removal = await startRemoval(db, { person: dedupeKey }, now, [
    recordErasure(db, dedupeKey, now),
    deletePendingOf(db, dedupeKey),
  ]);
  return continueRemoval(db, removal, now, budget, chunks);
}

export interface WaveCriteria {
  /** Any address in the network to void: its /24 or /64 (stored only as a keyed hash) is matched. */
  ip?: string;
  /** Or the network's keyed hash itself, as a fraud flag names it. */
  networkHash?: string;
  /** The keyed hash of the signers' email domain, as a fraud flag names it. */
  emailDomainHash?: string;
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
  budget: CallBudget,
  chunks = REMOVAL_CHUNKS,
): Promise<Removal> {
  const networkHash = criteria.ip === undefined ? criteria.networkHash : await networkHashOf(hashKey, criteria.ip);
  const { emailDomainHash, from, to, source } = criteria;
  const removal = await startRemoval(db, { wave: { petitionId, networkHash, emailDomainHash, from, to, source } }, now);
  return continueRemoval(db, removal, now, budget, chunks);
}
