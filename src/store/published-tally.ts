/** Every KV read and write of the published tally: one count per petition and the global document. */
import { kvKeys } from "./kv-keys";

/** A petition's count as the edge serves it: what the last tally run published. */
export interface PublishedCount {
  slug: string;
  count: number;
  goal: number;
  /** When the tally last changed this count (ISO 8601); null before the first signature is tallied. */
  updated_at: string | null;
}

/** The global tally document: what `GET /v1/tally` serves. */
export interface GlobalTally {
  total: number;
  /** ISO 3166-1 alpha-2 (XX: unknown) to signatures across all petitions, largest first. */
  countries: Record<string, number>;
  /** Open petitions' slugs to their public counts (rounded where the petition asks), largest first. */
  petitions: Record<string, number>;
  updated_at: string;
}

/** Null when the count was never published. */
export function readPublishedCountDocument(kv: KVNamespace, slug: string): Promise<PublishedCount | null> {
  return kv.get<PublishedCount>(kvKeys.count(slug), "json");
}

export function writePublishedCount(kv: KVNamespace, document: PublishedCount): Promise<void> {
  return kv.put(kvKeys.count(document.slug), JSON.stringify(document));
}

/** Null before the first publish. */
export function readPublishedGlobalTally(kv: KVNamespace): Promise<GlobalTally | null> {
  return kv.get<GlobalTally>(kvKeys.globalTally, "json");
}

export function writePublishedGlobalTally(kv: KVNamespace, tally: GlobalTally): Promise<void> {
  return kv.put(kvKeys.globalTally, JSON.stringify(tally));
}
