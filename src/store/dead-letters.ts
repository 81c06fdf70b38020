/**
 * Dead-lettered signature batches that D1 would not take, kept in KV (durable, and not the D1 that
 * failed) until an organiser replays them: no accepted signature is left to Cloudflare's last retry.
 * Rows stay as the queue carried them: personal fields sealed, the person a keyed hash.
 */
import { kvKeys } from "./kv-keys";
import type { SignatureRow } from "./signatures";

/** What a kept batch's key lists without reading it. */
interface KeptMetadata {
  signatures: number;
}

export async function keepDeadLetters(kv: KVNamespace, rows: readonly SignatureRow[], now: number): Promise<string> {
  const key = kvKeys.deadLetter(now, crypto.randomUUID());
  await kv.put(key, JSON.stringify(rows), { metadata: { signatures: rows.length } satisfies KeptMetadata });
  return key;
}

/** Every kept batch's key and size, oldest first (KV lists keys in order). */
export async function keptDeadLetters(kv: KVNamespace): Promise<{ key: string; signatures: number }[]> {
  const kept: { key: string; signatures: number }[] = [];
  let cursor: string | undefined;
  do {
    const page = await kv.list<KeptMetadata>({ prefix: kvKeys.deadLetterPrefix, cursor });
    for (const key of page.keys) kept.push({ key: key.name, signatures: key.metadata?.signatures ?? 0 });
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return kept;
}

export async function readDeadLetters(kv: KVNamespace, key: string): Promise<SignatureRow[]> {
  return (await kv.get<SignatureRow[]>(key, "json")) ?? [];
}

/** Rewrites a kept batch (some rows gone), or forgets it when none are left. */
export async function rewriteDeadLetters(kv: KVNamespace, key: string, rows: readonly SignatureRow[]): Promise<void> {
  if (rows.length === 0) await kv.delete(key);
  else await kv.put(key, JSON.stringify(rows), { metadata: { signatures: rows.length } satisfies KeptMetadata });
}
