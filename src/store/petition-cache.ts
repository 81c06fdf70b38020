/**
 * Petition settings for the hot path: isolate memory first, then KV, then D1. Signing a petition
 * must not cost a D1 read, and a viral petition is read thousands of times a second. The cache only
 * decides what a request tries; whether a petition takes signatures is checked again by D1 itself.
 */
import { kvKeys } from "./kv-keys";
import { findPetition, type PetitionRecord } from "./petitions";

interface Entry {
  petition: PetitionRecord | null;
  expiresAt: number;
}

const isolateCache = new Map<string, Entry>();
/** Bounds the memory a flood of made-up slugs can take; the oldest entry goes first. */
const MAX_ENTRIES = 1000;

/** How long a copy read from D1 by a cache miss may stand in KV: it bounds how long a stale one can. */
export const BACKFILL_TTL_SECONDS = 300;

export interface PetitionCacheOptions {
  db: D1Database;
  kv: KVNamespace;
  /** How long this isolate trusts what it read. Other locations also wait for KV to propagate (up to ~60 s). */
  ttlSeconds: number;
  now?: number;
}

export async function cachedPetition(slug: string, options: PetitionCacheOptions): Promise<PetitionRecord | null> {
  const now = options.now ?? Date.now();
  const hit = isolateCache.get(slug);
  if (hit && hit.expiresAt > now) return hit.petition;

  const petition = await readThrough(slug, options).catch((error) => {
    // KV and D1 both failing: an expired copy still lets signing go on (D1 re-checks closing).
    if (hit) return hit.petition;
    throw error;
  });
  // Unknown slugs are remembered too, so a flood of them does not become a flood of D1 reads.
  if (isolateCache.size >= MAX_ENTRIES) isolateCache.delete(isolateCache.keys().next().value!);
  isolateCache.set(slug, { petition, expiresAt: now + options.ttlSeconds * 1000 });
  return petition;
}

/** KV, then D1 (also when KV fails: KV is a cache, never a single point of failure). */
async function readThrough(slug: string, options: PetitionCacheOptions): Promise<PetitionRecord | null> {
  const cached = await options.kv.get<PetitionRecord>(kvKeys.petition(slug), "json").catch(() => null);
  if (cached) return cached;
  const petition = await findPetition(options.db, slug);
  // Many isolates may miss at once and KV takes one write per key per second: a refused backfill
  // is harmless (another one landed), so it must never fail the request. A backfill may also land
  // after an organiser's change it read too early, so it expires; the organiser's own write does not.
  if (petition) {
    await options.kv
      .put(kvKeys.petition(slug), JSON.stringify(petition), { expirationTtl: BACKFILL_TTL_SECONDS })
      .catch(() => undefined);
  }
  return petition;
}

/** After a petition changes: this isolate forgets it at once, others after their TTL and KV's propagation. */
export async function refreshCachedPetition(kv: KVNamespace, petition: PetitionRecord): Promise<void> {
  isolateCache.delete(petition.slug);
  await kv.put(kvKeys.petition(petition.slug), JSON.stringify(petition));
}

/** A petition the public may see: drafts are as unknown as slugs nobody used. */
export async function cachedPublicPetition(
  slug: string,
  options: PetitionCacheOptions,
): Promise<PetitionRecord | null> {
  return visibleToPublic(await cachedPetition(slug, options));
}

/** A draft is as unknown to the public as a slug nobody used. */
export function visibleToPublic(petition: PetitionRecord | null): PetitionRecord | null {
  return petition && petition.status !== "draft" ? petition : null;
}
