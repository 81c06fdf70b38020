/**
 * The queue consumer: stores each batch of accepted signatures with the same use-case the sign route
 * uses (src/signing/sign.ts), acknowledging only after D1 has committed. A failed batch is retried
 * with backoff; after the last retry Cloudflare moves it to the dead-letter queue, which this same
 * handler consumes: stored if D1 takes it now, else kept in KV (src/store/dead-letters.ts) for the
 * organiser to replay, so nothing is left to Cloudflare's last retry.
 */
import { errorMessage } from "../src/error-message";
import { log } from "../src/log";
import { rowsOf, type SignatureMessage } from "../src/signing/queue-sender";
import { storeQueuedSignatures } from "../src/signing/sign";
import { keepDeadLetters } from "../src/store/dead-letters";
import type { SignatureRow } from "../src/store/signatures";

/** The dead-letter queue's name ends so (wrangler.toml names both queues). */
const DEAD_LETTER_SUFFIX = "-dlq";

/** 2 s, 4 s, 8 s … capped at 5 minutes; a dead-lettered batch waits 15 minutes between tries. */
export function retryDelaySeconds(attempts: number, deadLettered: boolean): number {
  return deadLettered ? 900 : Math.min(300, 2 ** Math.max(1, attempts));
}

export async function queue(batch: MessageBatch<SignatureMessage>, env: Env): Promise<void> {
  const deadLettered = batch.queue.endsWith(DEAD_LETTER_SUFFIX);
  const attempts = Math.max(...batch.messages.map((m) => m.attempts));
  const rows = batch.messages.flatMap((m) => rowsOf(m.body));
  try {
    const stored = await storeQueuedSignatures(env.DB, rows);
    batch.ackAll();
    if (deadLettered) log.warn("dead-letters-stored", { messages: batch.messages.length, stored });
  } catch (error) {
    // Counts and the error's text only: the rows hold personal data.
    const failure = { messages: batch.messages.length, attempts, error: errorMessage(error) };
    if (deadLettered) {
      await keepInKv(batch, env, rows, attempts, failure);
      return;
    }
    log.error("signature-batch-failed", failure);
    batch.retryAll({ delaySeconds: retryDelaySeconds(attempts, false) });
  }
}

/** A dead-lettered batch D1 would not take: kept for a replay (the status page counts it), or retried if KV fails too. */
async function keepInKv(
  batch: MessageBatch<SignatureMessage>,
  env: Env,
  rows: SignatureRow[],
  attempts: number,
  failure: Record<string, unknown>,
): Promise<void> {
  try {
    await keepDeadLetters(env.KV, rows, Date.now());
    batch.ackAll();
    log.error("dead-letters-kept", { signatures: rows.length, ...failure });
  } catch (error) {
    log.error("dead-letters-failed", { ...failure, kv: errorMessage(error) });
    batch.retryAll({ delaySeconds: retryDelaySeconds(attempts, true) });
  }
}
