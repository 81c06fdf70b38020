/**
 * Sends accepted signatures to the queue, letting the concurrent requests of one isolate share a
 * message: one queue round trip and one message carry up to 100 signatures, which cuts queue
 * operations (billed per message) and lifts the queue's 5,000 messages/s limit alike. Nothing waits
 * on a timer: a send starts at once when none is in flight, and whatever arrives meanwhile goes in
 * the next one.
 *
 * Workers tie I/O to the request that started it, so each batch is sent by a request that is itself
 * waiting in it (its leader), kept alive by waitUntil even if its client goes away, and every
 * waiter's promises are created in its own request. A waiter whose row nobody has taken within
 * TAKE_OVER_MS (a leader's request that died before handing over) sends the next batch itself.
 */
import type { SignatureRow } from "../store/signatures";

/** Signatures per message: about 600 bytes each sealed, so a message stays under a queue operation's 64 KB. */
const MAX_BATCH = 100;
/** Far above a healthy sendBatch (milliseconds), well below a signer's patience. */
const TAKE_OVER_MS = 2000;

/**
 * A queue message: the signatures of one shared send. A single row is read too (messages from before
 * signatures were gathered), so a deploy never strands what is in flight.
 */
export type SignatureMessage = SignatureRow[] | SignatureRow;

export function rowsOf(message: SignatureMessage): SignatureRow[] {
  return Array.isArray(message) ? message : [message];
}

interface Waiter {
  row: SignatureRow;
  /** Settled by whichever request sends this row: the row is on the queue, or why it is not. */
  sent: PromiseWithResolvers<void>;
  /** Resolved when this request is to send the next batch. */
  wake: PromiseWithResolvers<void>;
}

/** The calling request's waitUntil: a message it sends outlives its client. */
export type WaitUntil = (promise: Promise<unknown>) => void;

export interface SignatureSender {
  /** One signature shares a message with concurrent ones; a batch (an import) is sent in messages of its own. */
  send(rows: readonly SignatureRow[], waitUntil: WaitUntil): Promise<void>;
}

/** Messages per sendBatch: 100 sealed rows are about 60 KB, and a sendBatch carries at most 256 KB. */
const MESSAGES_PER_SEND = 3;

/** A batch's rows in messages of MAX_BATCH, sent MESSAGES_PER_SEND at a time, all in parallel. */
async function sendRows(queue: Queue<SignatureMessage>, rows: readonly SignatureRow[]): Promise<void> {
  const messages: MessageSendRequest<SignatureMessage>[] = [];
  for (let start = 0; start < rows.length; start += MAX_BATCH)
    messages.push({ body: rows.slice(start, start + MAX_BATCH), contentType: "json" });
  const sends: Promise<unknown>[] = [];
  for (let start = 0; start < messages.length; start += MESSAGES_PER_SEND)
    sends.push(queue.sendBatch(messages.slice(start, start + MESSAGES_PER_SEND)));
  await Promise.all(sends);
}

class BatchingSender implements SignatureSender {
  private waiting: Waiter[] = [];
  private busy = false;

  constructor(private readonly queue: Queue<SignatureMessage>) {}

  async send(rows: readonly SignatureRow[], waitUntil: WaitUntil): Promise<void> {
    const [row] = rows;
    if (rows.length !== 1 || !row) return sendRows(this.queue, rows);
    const waiter: Waiter = { row, sent: Promise.withResolvers(), wake: Promise.withResolvers() };
    // Observed here so a failure is never unhandled; it is rethrown below.
    const settled = waiter.sent.promise.then(
      () => "settled" as const,
      () => "settled" as const,
    );
    this.waiting.push(waiter);
    if (!this.busy) {
      this.busy = true;
      waiter.wake.resolve();
    }
    while ((await this.nextTurn(waiter, settled)) === "lead") {
      waiter.wake = Promise.withResolvers();
      if (this.waiting.includes(waiter)) {
        const batch = this.lead();
        waitUntil(batch);
        await batch;
      }
    }
    return waiter.sent.promise;
  }

  /** Waits until this row is settled, or this request is to lead (woken, or nobody took its row in time). */
  private async nextTurn(waiter: Waiter, settled: Promise<"settled">): Promise<"settled" | "lead"> {
    const takeOver = Promise.withResolvers<"lead">();
    const timer = setTimeout(() => takeOver.resolve("lead"), TAKE_OVER_MS);
    try {
      return await Promise.race([settled, waiter.wake.promise.then(() => "lead" as const), takeOver.promise]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends the oldest waiting rows, settles their waiters, then wakes the next leader. Never throws. */
  private async lead(): Promise<void> {
    const batch = this.waiting.splice(0, MAX_BATCH);
    try {
      await this.queue.send(
        batch.map((w) => w.row),
        { contentType: "json" },
      );
      for (const w of batch) w.sent.resolve();
    } catch (error) {
      for (const w of batch) w.sent.reject(error);
    } finally {
      const next = this.waiting[0];
      if (next) next.wake.resolve();
      else this.busy = false;
    }
  }
}

const senders = new WeakMap<Queue<SignatureMessage>, SignatureSender>();

/** The isolate's sender for this queue binding. */
export function signatureSender(queue: Queue<SignatureMessage>): SignatureSender {
  let sender = senders.get(queue);
  if (!sender) {
    sender = new BatchingSender(queue);
    senders.set(queue, sender);
  }
  return sender;
}
