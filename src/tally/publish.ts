/**
 * Publishing the tally to KV after a run: one `count:<slug>` per petition whose count changed, and
 * `tally:global` when anything did. Writes grow with the petitions that changed, at most one per key
 * per run (KV allows one write per key per second).
 */
import { writePublishedCount, writePublishedGlobalTally } from "../store/published-tally";
import { markPublished, readWatermark, tallyChangesAfter } from "../store/tallies";
import { buildGlobalTally } from "./global-tally";
import { publishedCountDocument } from "./published-count";

export interface PublishResult {
  petitions: number;
  global: boolean;
}

/** `global`: rewrite the global tally even when no petition's count changed (after reconciliation). */
export async function publishTally(
  db: D1Database,
  kv: KVNamespace,
  now: Date,
  options: { global?: boolean } = {},
): Promise<PublishResult> {
  const { published_seq } = await readWatermark(db);
  const changes = await tallyChangesAfter(db, published_seq);
  if (changes.length === 0 && !options.global) return { petitions: 0, global: false };

  await Promise.all(
    changes.map((change) => writePublishedCount(kv, publishedCountDocument(change, change.count, change.updated_at))),
  );
  await writePublishedGlobalTally(kv, await buildGlobalTally(db, now));
  // Only after KV has it all: a run that dies before this point is published again by the next.
  const lastSeq = changes.at(-1)?.seq;
  if (lastSeq !== undefined) await markPublished(db, lastSeq);
  return { petitions: changes.length, global: true };
}
