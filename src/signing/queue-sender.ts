/**
 * Sends accepted signatures to the queue, letting the concurrent requests of one isolate share a
 * sendBatch: one queue round trip carries up to 100 signatures. Nothing waits on a timer: a send
 * starts at once when none is in flight, and whatever arrives meanwhile goes in the next one.
 *
 * Workers tie I/O to the request that started it, so each batch is sent from a request that is
 * itself waiting in it (its leader), and every waiter's promise is created in its own request.
 */
import type { SignatureRow } from "../store/signatures";

/** Cloudflare Queues: at most 100 messages per sendBatch. */
const MAX_BATCH = 100;

interface Waiter {
  row: SignatureRow;
  /** "lead": this request sends the next batch itself; "sent": another request sent its row. */
  turn: PromiseWithResolvers<"lead" | "sent">;
}

export interface SignatureSender {
  send(row: SignatureRow): Promise<void>;
}

class BatchingSender implements SignatureSender {
  private waiting: Waiter[] = [];
  private busy = false;

  constructor(private readonly queue: Queue<SignatureRow>) {}

  async send(row: SignatureRow): Promise<void> {
    const waiter: Waiter = { row, turn: Promise.withResolvers() };
    this.waiting.push(waiter);
    if (!this.busy) {
      this.busy = true;
      waiter.turn.resolve("lead");
    }
    if ((await waiter.turn.promise) === "lead") await this.lead();
  }

  /** Sends the oldest waiting rows (this request's first), settles their waiters, then hands over. */
  private async lead(): Promise<void> {
    const batch = this.waiting.splice(0, MAX_BATCH);
    const others = batch.slice(1);
    try {
      await this.queue.sendBatch(batch.map((w) => ({ body: w.row, contentType: "json" as const })));
      for (const w of others) w.turn.resolve("sent");
    } catch (error) {
      for (const w of others) w.turn.reject(error);
      throw error;
    } finally {
      const next = this.waiting[0];
      if (next) next.turn.resolve("lead");
      else this.busy = false;
    }
  }
}

const senders = new WeakMap<Queue<SignatureRow>, SignatureSender>();

/** The isolate's sender for this queue binding. */
export function signatureSender(queue: Queue<SignatureRow>): SignatureSender {
  let sender = senders.get(queue);
  if (!sender) {
    sender = new BatchingSender(queue);
    senders.set(queue, sender);
  }
  return sender;
}
