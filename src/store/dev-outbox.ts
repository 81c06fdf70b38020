/** The dev-outbox transport's KV entries (npm start only): emails kept for a day, newest first by key. */
import { kvKeys } from "./kv-keys";

export interface OutboxEmail {
  to: string;
  subject: string;
  text: string;
  sent_at: number;
}

/** A day: long enough to click a link, short enough that a dev machine does not keep addresses. */
const DEV_OUTBOX_TTL_SECONDS = 86_400;

export function keepOutboxEmail(kv: KVNamespace, email: OutboxEmail): Promise<void> {
  const key = kvKeys.devOutboxEmail(email.sent_at, crypto.randomUUID());
  return kv.put(key, JSON.stringify(email), { expirationTtl: DEV_OUTBOX_TTL_SECONDS });
}

/** The newest emails of the dev outbox. */
export async function devOutbox(kv: KVNamespace, limit: number): Promise<OutboxEmail[]> {
  const { keys } = await kv.list({ prefix: kvKeys.devOutboxPrefix, limit });
  const emails = await Promise.all(keys.map((key) => kv.get<OutboxEmail>(key.name, "json")));
  return emails.filter((email): email is OutboxEmail => email !== null);
}
