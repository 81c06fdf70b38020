/**
 * A page of a petition's signatures for OSDI: the owner's (all of them) or a partner's (those its key
 * brought), decrypted. A page reads MAX_PER_PAGE + 1 index entries from where it starts (one more to
 * know whether a `next` link is due) and the rows it shows; its `next` link carries the last id shown
 * (`after`), so a client that follows links pays that much for every page, however deep. A client that
 * types page numbers pays, for page N, a walk of the (N - 1) × per_page index entries before it as
 * well (README: Partners and CRMs).
 */
import type { Keyring } from "../crypto/sealing";
import {
  type PageStart,
  type SignatureScope,
  scopedSignaturePage,
  scopedSignatureTotal,
} from "../store/osdi-signatures";
import type { PetitionRecord } from "../store/petitions";
import { collectionPage, type OsdiUrls, type PageRequest, storedSignature } from "./resources";

export interface SignaturePageRequest extends PageRequest {
  /** The `next` link's cursor: the last id the previous page showed. */
  after?: number;
}

export async function signaturePage(
  db: D1Database,
  keyring: Keyring,
  petition: PetitionRecord,
  apiKeyId: string | null,
  request: SignaturePageRequest,
  urls: OsdiUrls,
) {
  const scope: SignatureScope = { petitionId: petition.id, apiKeyId };
  const start: PageStart =
    request.after !== undefined ? { afterId: request.after } : { skip: (request.page - 1) * request.perPage };
  const [rows, totalRecords] = await Promise.all([
    scopedSignaturePage(db, scope, start, request.perPage + 1),
    scopedSignatureTotal(db, scope),
  ]);
  const shown = rows.slice(0, request.perPage);
  const entries = await Promise.all(
    shown.map(async (row) => ({
      href: urls.signature(petition.slug, row.id),
      resource: await storedSignature(petition, row, keyring, urls),
    })),
  );
  const collection = urls.signatures(petition.slug);
  const query = (page: number, after?: number) =>
    `${collection}?page=${page}&per_page=${request.perPage}${after === undefined ? "" : `&after=${after}`}`;
  const last = shown.at(-1);
  return collectionPage("osdi:signatures", entries, {
    ...request,
    totalRecords,
    selfHref: query(request.page, request.after),
    nextHref: rows.length > request.perPage && last ? query(request.page + 1, last.id) : null,
  });
}
