/**
 * A petition's signatures as CSV for its organisers, streamed page by page so a petition with half a
 * million signatures never sits in memory. Network hashes and dedupe keys stay out: they are not the
 * organiser's data.
 */
import { csvRow } from "../csv";
import type { PetitionRecord } from "../store/petitions";
import { signaturePage } from "../store/signatures";

const PAGE_SIZE = 5000;
const HEADER = ["email", "name", "country", "postcode", "consent", "locale", "source", "signed_at"];

export function signaturesCsv(db: D1Database, petition: PetitionRecord): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let afterId = 0;
  return new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode(csvRow(HEADER)));
    },
    async pull(controller) {
      const page = await signaturePage(db, petition.id, afterId, PAGE_SIZE);
      const lines = page.map((s) =>
        csvRow([
          s.email,
          s.name,
          s.country,
          s.postcode,
          s.consent ? "yes" : "no",
          s.locale,
          s.source,
          new Date(s.created_at).toISOString(),
        ]),
      );
      if (lines.length > 0) controller.enqueue(encoder.encode(lines.join("")));
      afterId = page.at(-1)?.id ?? afterId;
      if (page.length < PAGE_SIZE) controller.close();
    },
  });
}
