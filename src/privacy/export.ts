/**
 * A petition's signatures as CSV for its organisers, decrypted and streamed page by page so a petition
 * with half a million signatures never sits in memory. Network hashes and dedupe keys stay out: they
 * are not the organiser's data.
 */

import { type Keyring, openPersonalFields } from "../crypto/sealing";
import { csvRow, UTF8_BOM } from "../markup/csv";
import type { CallBudget } from "../store/call-budget";
import type { PetitionRecord } from "../store/petitions";
import { newestRowId, SIGNATURE_SCAN_IDS, signaturePage } from "../store/signatures";

const PAGE_SIZE = 5000;
/** The most reads one scanned id range can take: every id the petition's, a page at a time, and one more. */
const READS_PER_RANGE = SIGNATURE_SCAN_IDS / PAGE_SIZE + 1;
const HEADER = ["email", "name", "country", "postcode", "consent", "locale", "source", "partner_key", "signed_at"];

/** `pending`: the signatures still waiting for confirmation by email instead of the confirmed ones. */
export type ExportedSignatures = "confirmed" | "pending";

export interface SignaturesCsv {
  body: ReadableStream<Uint8Array>;
  /** Where the next part starts (`after`), when the table holds more ids than this part's budget covers. */
  next: number | null;
}

/**
 * The signatures with id > `after`, as far as `budget` reaches: each read scans one id range, so a
 * part covers as many ranges as its worst case (every id the petition's) fits in the budget.
 */
export async function signaturesCsv(
  db: D1Database,
  keyring: Keyring,
  petition: PetitionRecord,
  which: ExportedSignatures,
  budget: CallBudget,
  after = 0,
): Promise<SignaturesCsv> {
  const table = which === "pending" ? "pending_signatures" : "signatures";
  const newest = await newestRowId(db, table);
  const ranges = Math.max(1, Math.floor((budget.left - 1) / READS_PER_RANGE));
  const until = Math.min(newest, after + ranges * SIGNATURE_SCAN_IDS);
  const encoder = new TextEncoder();
  let scanned = after;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(UTF8_BOM + csvRow(HEADER)));
      if (scanned >= until) controller.close();
    },
    async pull(controller) {
      const upto = Math.min(until, scanned + SIGNATURE_SCAN_IDS);
      const page = await signaturePage(db, table, petition.id, { after: scanned, upto, limit: PAGE_SIZE });
      const lines = await Promise.all(
        page.map(async (s) => {
          const personal = await openPersonalFields(keyring, s);
          const signedAt = new Date(s.created_at).toISOString();
          const consent = s.consent ? "yes" : "no";
          return csvRow([
            personal.email,
            personal.name,
            s.country,
            personal.postcode,
            consent,
            s.locale,
            s.source,
            s.api_key_id,
            signedAt,
          ]);
        }),
      );
      if (lines.length > 0) controller.enqueue(encoder.encode(lines.join("")));
      scanned = page.length === PAGE_SIZE ? page.at(-1)!.id : upto;
      if (scanned >= until) controller.close();
    },
  });
  return { body, next: until < newest ? until : null };
}
