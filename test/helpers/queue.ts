/** Driving the queue consumer as Cloudflare does. */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import worker from "../../functions";
import type { SignatureRow } from "../../src/store/signatures";
import { petitionIdOf } from "./index";

export const SIGNATURE_QUEUE = "petition-signatures";

/** Delivers rows to the consumer as Cloudflare would, and returns what it acknowledged or retried. */
export async function deliver(
  rows: SignatureRow[],
  overrides: Partial<Env> = {},
  queueName = SIGNATURE_QUEUE,
  attempts = 1,
) {
  const batch = createMessageBatch<SignatureRow>(
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
