/** A petition's count as the edge serves it: what the last tally run published to KV. */
import type { Petition } from "../schemas";
import type { PetitionRecord } from "../store/petitions";
import { type PublishedCount, readPublishedCountDocument } from "../store/published-tally";
import { findPetitionTally } from "../store/tallies";
import { publicCount } from "./public-count";

/**
 * What KV publishes and the public reads. A rounded petition's document carries no update time: it
 * would change with every signature even while the rounded count does not.
 */
export function publishedCountDocument(
  petition: Pick<Petition, "slug" | "goal" | "public_count_rounding">,
  count: number,
  updatedAt: number | null,
): PublishedCount {
  const rounding = petition.public_count_rounding;
  return {
    slug: petition.slug,
    count: publicCount(rounding, count),
    goal: petition.goal,
    updated_at: updatedAt && !rounding ? new Date(updatedAt).toISOString() : null,
  };
}

/** The document from D1's tally table: for a first publish, a settings change, or when KV fails. */
export async function tallyDocument(db: D1Database, petition: PetitionRecord): Promise<PublishedCount> {
  const tally = await findPetitionTally(db, petition.id);
  return publishedCountDocument(petition, tally?.count ?? 0, tally?.updated_at ?? null);
}

/** KV first; D1's tally table when KV has nothing yet (the key was never published) or fails. */
export async function readPublishedCount(
  kv: KVNamespace,
  db: D1Database,
  petition: PetitionRecord,
): Promise<PublishedCount> {
  const published = await readPublishedCountDocument(kv, petition.slug).catch(() => null);
  return published ?? (await tallyDocument(db, petition));
}

interface CountEntry {
  document: PublishedCount;
  expiresAt: number;
}

/** This isolate's last read of each count: signing a viral petition must not cost a KV read each time. */
const isolateCounts = new Map<string, CountEntry>();
const MAX_COUNT_ENTRIES = 1000;

/**
 * For the signing answer: the isolate's copy while fresh (counts change once per tally run anyway),
 * else readPublishedCount. When KV and D1 both fail, the isolate's last copy however old, and null
 * only when there is none: a signature is never refused for want of a count.
 */
export async function cachedPublishedCount(
  kv: KVNamespace,
  db: D1Database,
  petition: PetitionRecord,
  options: { ttlSeconds: number; now?: number },
): Promise<PublishedCount | null> {
  const now = options.now ?? Date.now();
  const hit = isolateCounts.get(petition.slug);
  if (hit && hit.expiresAt > now) return hit.document;
  try {
    const document = await readPublishedCount(kv, db, petition);
    if (isolateCounts.size >= MAX_COUNT_ENTRIES) isolateCounts.delete(isolateCounts.keys().next().value!);
    isolateCounts.set(petition.slug, { document, expiresAt: now + options.ttlSeconds * 1000 });
    return document;
  } catch {
    return hit?.document ?? null;
  }
}
