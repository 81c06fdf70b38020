/**
 * Recognising a key on each keyed request without a D1 read each time: the isolate remembers what a
 * secret's hash resolved to for KEY_CACHE_MS, so a revocation reaches every isolate within that time
 * (the isolate that revokes forgets at once). Cost per keyed request: one HMAC and a map lookup; one
 * D1 read (a unique-index lookup) per key, isolate and KEY_CACHE_MS.
 */
import { findApiKeyBySecretHash } from "../store/api-keys";
import { type ApiKey, apiKeyFromRow, secretHash } from "./api-keys";

/** Well under the 10 seconds within which a revoked key must be refused everywhere. */
export const KEY_CACHE_MS = 5_000;
/** Unknown secrets are remembered too (a guessing client costs no D1 reads), so the map is bounded. */
const MAX_CACHED = 1_000;

const cache = new Map<string, { key: ApiKey | null; readAt: number }>();

/** The live (unrevoked) key a secret belongs to, or null. */
export async function liveKeyFor(
  db: D1Database,
  hashKey: string,
  secret: string,
  now = Date.now(),
): Promise<ApiKey | null> {
  const hash = await secretHash(hashKey, secret);
  let entry = cache.get(hash);
  if (!entry || now - entry.readAt >= KEY_CACHE_MS) {
    const row = await findApiKeyBySecretHash(db, hash);
    entry = { key: row ? apiKeyFromRow(row) : null, readAt: now };
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(hash, entry);
  }
  return entry.key && entry.key.revokedAt === null ? entry.key : null;
}

/** This isolate stops honouring the key at once (others within KEY_CACHE_MS). */
export function forgetKey(id: string): void {
  for (const [hash, entry] of cache) if (entry.key?.id === id) cache.delete(hash);
}

/** Per isolate: the minute each key's use was last recorded. */
const recordedUse = new Map<string, number>();

/** Whether this use is the key's first in this minute here: last_used_at is written at most once a minute per isolate. */
export function isFirstUseThisMinute(id: string, now = Date.now()): boolean {
  const minute = Math.floor(now / 60_000);
  if (recordedUse.get(id) === minute) return false;
  if (recordedUse.size >= MAX_CACHED) recordedUse.clear();
  recordedUse.set(id, minute);
  return true;
}
