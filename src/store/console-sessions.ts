/**
 * Console sessions signed out before their cookie expired. The cookie is deleted in the browser that
 * signed out; this record makes a copy of it (another browser, a stolen header) useless too.
 */
import { kvKeys } from "./kv-keys";

/** KV's shortest expiry. */
const KV_MIN_TTL_SECONDS = 60;

export async function recordSignedOut(kv: KVNamespace, id: string, expiresAtMs: number): Promise<void> {
  const ttl = Math.max(KV_MIN_TTL_SECONDS, Math.ceil((expiresAtMs - Date.now()) / 1000));
  await kv.put(kvKeys.signedOutConsoleSession(id), "1", { expirationTtl: ttl });
}

export async function isSignedOut(kv: KVNamespace, id: string): Promise<boolean> {
  return (await kv.get(kvKeys.signedOutConsoleSession(id))) !== null;
}
