/**
 * Signatures the queue gave up on: kept (src/store/dead-letters.ts), counted for the status page,
 * replayed into D1 by the same statement the consumer uses, and taken out again by an erasure.
 */
import { keptDeadLetters, readDeadLetters, rewriteDeadLetters } from "../store/dead-letters";
import type { SignatureRow } from "../store/signatures";
import { storeQueuedSignatures } from "./sign";

export async function deadLetterCount(kv: KVNamespace): Promise<{ batches: number; signatures: number }> {
  const kept = await keptDeadLetters(kv);
  return { batches: kept.length, signatures: kept.reduce((sum, k) => sum + k.signatures, 0) };
}

export interface Replay {
  batches: number;
  stored: number;
  /** Batches still kept: D1 failed again, or more than one call's worth. */
  remaining: number;
}

/** Stores up to `maxBatches` kept batches, oldest first; a batch D1 took is forgotten, one it refused stays. */
export async function replayDeadLetters(db: D1Database, kv: KVNamespace, maxBatches: number): Promise<Replay> {
  const kept = await keptDeadLetters(kv);
  const replay: Replay = { batches: 0, stored: 0, remaining: kept.length };
  for (const { key } of kept.slice(0, maxBatches)) {
    const rows = await readDeadLetters(kv, key);
    replay.stored += await storeQueuedSignatures(db, rows);
    await rewriteDeadLetters(kv, key, []);
    replay.batches += 1;
    replay.remaining -= 1;
  }
  return replay;
}

/** Removes one person's kept signatures (an erasure): none of them can be replayed afterwards. */
export async function eraseFromDeadLetters(kv: KVNamespace, dedupeKey: string): Promise<number> {
  let erased = 0;
  for (const { key } of await keptDeadLetters(kv)) {
    const rows = await readDeadLetters(kv, key);
    const kept = rows.filter((row: SignatureRow) => row.dedupeKey !== dedupeKey);
    if (kept.length === rows.length) continue;
    erased += rows.length - kept.length;
    await rewriteDeadLetters(kv, key, kept);
  }
  return erased;
}
