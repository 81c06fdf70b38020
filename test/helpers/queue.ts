/** Driving the queue consumer as Cloudflare does. */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import worker from "../../functions";
import { rowsOf, type SignatureMessage } from "../../src/signing/queue-sender";
import type { SignatureRow } from "../../src/store/signatures";
import { petitionIdOf } from "./index";

export const SIGNATURE_QUEUE = "petition-signatures";

/** Delivers messages (a row each, or the rows of one shared send) to the consumer as Cloudflare would; returns what it acknowledged or retried. */
export async function deliver(
  rows: SignatureMessage[],
  overrides: Partial<Env> = {},
  queueName = SIGNATURE_QUEUE,
  attempts = 1,
) {
  const batch = createMessageBatch<SignatureMessage>(
    queueName,
    rows.map((body, i) => ({ id: `m${i}-${crypto.randomUUID()}`, timestamp: new Date(), attempts, body })),
  );
  const retryAll = vi.spyOn(batch, "retryAll");
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...overrides });
  return { ...(await getQueueResult(batch, ctx)), retryDelay: retryAll.mock.calls[0]?.[0]?.delaySeconds };
}

/** The row id of a petition made through the API (the API never shows it). */
export const idOf = (petition: Record<string, any>): Promise<number> => petitionIdOf(petition.slug);

/** A queue binding that keeps what it is sent (or refuses it), so a test can deliver it when it likes. */
export function recordingQueue(options: { failing?: boolean } = {}) {
  const sent: SignatureRow[] = [];
  let roundTrips = 0;
  const queue = {
    async send(body: SignatureMessage) {
      roundTrips += 1;
      await scheduler.wait(5); // a round trip, as to the real service
      if (options.failing) throw new Error("queue unavailable");
      sent.push(...rowsOf(body));
    },
    async sendBatch(messages: Iterable<MessageSendRequest<SignatureMessage>>) {
      roundTrips += 1;
      await scheduler.wait(5); // a round trip, as to the real service
      if (options.failing) throw new Error("queue unavailable");
      for (const m of messages) sent.push(...rowsOf(m.body));
    },
  } as unknown as Queue<SignatureMessage>;
  return { queue, sent, roundTrips: () => roundTrips };
}
