/**
 * The queue consumer: stores each batch of accepted signatures with the same use-case the sign route
 * uses (src/signing/sign.ts), acknowledging only after D1 has committed. A failed batch is retried
 * with backoff; after the last retry Cloudflare moves it to the dead-letter queue, which this same
 * handler consumes more patiently and loudly. Nothing is dropped silently.
 */
import { errorMessage } from "../src/error-message";
import { rowsOf, type SignatureMessage } from "../src/signing/queue-sender";
import { storeQueuedSignatures } from "../src/signing/sign";

/** The dead-letter queue's name ends so (wrangler.toml names both queues). */
const DEAD_LETTER_SUFFIX = "-dlq";

/** 2 s, 4 s, 8 s … capped at 5 minutes; a dead-lettered batch waits 15 minutes between tries. */
export function retryDelaySeconds(attempts: number, deadLettered: boolean): number {
  return deadLettered ? 900 : Math.min(300, 2 ** Math.max(1, attempts));
}

export async function queue(batch: MessageBatch<SignatureMessage>, env: Env): Promise<void> {
  const deadLettered = batch.queue.endsWith(DEAD_LETTER_SUFFIX);
  const attempts = Math.max(...batch.messages.map((m) => m.attempts));
  try {
    const stored = await storeQueuedSignatures(
      env.DB,
      batch.messages.flatMap((m) => rowsOf(m.body)),
    );
    batch.ackAll();
    if (deadLettered)
      console.warn(JSON.stringify({ event: "dead-letters-stored", messages: batch.messages.length, stored }));
  } catch (error) {
    // Counts and the error's text only: the rows hold personal data.
    console.error(
      JSON.stringify({
        event: deadLettered ? "dead-letters-failed" : "signature-batch-failed",
        messages: batch.messages.length,
        attempts,
        error: errorMessage(error),
      }),
    );
    batch.retryAll({ delaySeconds: retryDelaySeconds(attempts, deadLettered) });
  }
}
