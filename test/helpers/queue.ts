/** Driving the queue consumer as Cloudflare does. */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import worker from "../../functions";
import type { SignatureMessage } from "../../src/signing/queue-sender";
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
