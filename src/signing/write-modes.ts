/**
 * How an accepted signature reaches D1 (SIGNATURE_WRITE_MODE):
 * - `direct`: one INSERT inside the request.
 * - `queue`: a queue message; the consumer stores batches (src/signing/sign.ts storeQueuedSignatures).
 * - `auto`: direct while D1 answers within a time budget; otherwise the queue, so a slow or failing D1
 *   costs signers nothing.
 * Every mode answers the signer only once the signature is safe (stored, or held by the queue).
 */
import { errorMessage } from "../error-message";
import { log } from "../log";
import { problems } from "../problems";
import { insertSignatures, isPetitionClosedError, type SignatureRow } from "../store/signatures";
import type { SignatureSender, WaitUntil } from "./queue-sender";

export const WRITE_MODES = ["direct", "queue", "auto"] as const;
export type WriteMode = (typeof WRITE_MODES)[number];

/** "petition-closed": D1 found the petition closed at the time the signature was accepted. */
export type WriteOutcome = "accepted" | "petition-closed";

/** Writes one signature, or a batch (an import) all or nothing: the answer covers every row given. */
export interface SignatureWriter {
  write(rows: readonly SignatureRow[]): Promise<WriteOutcome>;
}

/** What a signer is asked to wait before trying again when nothing could take the signature. */
export const RETRY_AFTER_SECONDS = 30;

function logFailure(event: string, error: unknown): void {
  // The error's text only: it never holds the row.
  log.error(event, { error: errorMessage(error) });
}

async function writeDirect(db: D1Database, rows: readonly SignatureRow[]): Promise<WriteOutcome> {
  try {
    await insertSignatures(db, rows, "refuse");
    return "accepted";
  } catch (error) {
    if (isPetitionClosedError(error)) return "petition-closed";
    throw error;
  }
}

async function enqueue(
  sender: SignatureSender,
  rows: readonly SignatureRow[],
  waitUntil: WaitUntil,
): Promise<WriteOutcome> {
  try {
    await sender.send(rows, waitUntil);
    return "accepted";
  } catch (error) {
    logFailure("signature-queue-unavailable", error);
    throw problems.signingUnavailable(RETRY_AFTER_SECONDS);
  }
}

export function directWriter(db: D1Database): SignatureWriter {
  return {
    async write(rows) {
      try {
        return await writeDirect(db, rows);
      } catch (error) {
        logFailure("signature-write-failed", error);
        throw problems.signingUnavailable(RETRY_AFTER_SECONDS);
      }
    },
  };
}

export function queueWriter(sender: SignatureSender, waitUntil: WaitUntil): SignatureWriter {
  return { write: (rows) => enqueue(sender, rows, waitUntil) };
}

export interface AutoWriterOptions {
  /** How long a direct write may take before the signature goes to the queue instead. */
  budgetMs: number;
  /** After D1 failed or was slow, this isolate sends to the queue for this long before trying D1 again. */
  cooldownMs: number;
}

/** Per isolate and database: until when D1 is given a rest after failing or being slow. */
const directWritesPausedUntil = new WeakMap<D1Database, number>();

export function autoWriter(
  db: D1Database,
  sender: SignatureSender,
  waitUntil: WaitUntil,
  options: AutoWriterOptions,
): SignatureWriter {
  return {
    async write(rows) {
      if (Date.now() >= (directWritesPausedUntil.get(db) ?? 0)) {
        const budget = Promise.withResolvers<"over-budget">();
        const timer = setTimeout(() => budget.resolve("over-budget"), options.budgetMs);
        try {
          const outcome = await Promise.race([writeDirect(db, rows), budget.promise]);
          if (outcome !== "over-budget") return outcome;
          // The INSERT may still land; the queued copy is then a repeat, which stores nothing.
          logFailure("signature-write-slow", `over ${options.budgetMs} ms`);
        } catch (error) {
          logFailure("signature-write-failed", error);
        } finally {
          clearTimeout(timer);
        }
        directWritesPausedUntil.set(db, Date.now() + options.cooldownMs);
      }
      return enqueue(sender, rows, waitUntil);
    },
  };
}
