/** A petition's count as the edge serves it: what the last tally run published to KV. */
import type { Petition } from "../schemas";
import { kvKeys } from "../store/kv-keys";
import type { PetitionRecord } from "../store/petitions";
import { findPetitionTally } from "../store/tallies";

export interface PublishedCount {
  slug: string;
  count: number;
  goal: number;
  /** When the tally last changed this count (ISO 8601); null before the first signature is tallied. */
  updated_at: string | null;
}

export function publishedCountDocument(
  petition: Pick<Petition, "slug" | "goal">,
  count: number,
  updatedAt: number | null,
): PublishedCount {
  return {
    slug: petition.slug,
    count,
    goal: petition.goal,
    updated_at: updatedAt ? new Date(updatedAt).toISOString() : null,
  };
}

/** KV first; D1's tally table only when KV has nothing yet (e.g. the key was never published). */
export async function readPublishedCount(
  kv: KVNamespace,
  db: D1Database,
  petition: PetitionRecord,
): Promise<PublishedCount> {
  const published = await kv.get<PublishedCount>(kvKeys.count(petition.slug), "json");
  if (published) return published;
  const tally = await findPetitionTally(db, petition.id);
  return publishedCountDocument(petition, tally?.count ?? 0, tally?.updated_at ?? null);
}

export function publishCount(kv: KVNamespace, document: PublishedCount): Promise<void> {
  return kv.put(kvKeys.count(document.slug), JSON.stringify(document));
}
