/**
 * A page of a petition's signatures for OSDI: the owner's (all of them) or a partner's (those its key
 * brought), decrypted. A page reads MAX_PER_PAGE + 1 index entries from where it starts (one more to
 * know whether a `next` link is due) and the rows it shows; its `next` link carries the last id shown
 * (`after`), so a client that follows links pays that much for every page, however deep. A client that
 * types page numbers (most OSDI libraries count pages until one is empty) pays, for page N, a walk of
 * the (N - 1) × per_page index entries before it as well, unless this isolate served page N - 1 of the
 * same list lately: then page N starts where that one ended (README: Partners and CRMs).
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

interface PageEnd {
  lastId: number;
  expiresAt: number;
}

/**
 * Where numbered pages this isolate served ended, by list (petition, key, per_page) and page: a
 * client counting pages asks for the next one moments later, usually of the same isolate. Only
 * numbered pages are remembered, so a cursor a client made up never moves another's pages. New
 * signatures only ever come after the last id, so a full page's end stays where it was (an erasure
 * before it shifts numbered pages; a remembered end then spares the client a skipped signature).
 */
const pageEnds = new Map<string, PageEnd>();
const MAX_PAGE_ENDS = 1000;
const PAGE_END_TTL_MS = 10 * 60_000;

const pageEndKey = (scope: SignatureScope, perPage: number, page: number) =>
  `${scope.petitionId}:${scope.apiKeyId ?? ""}:${perPage}:${page}`;

function rememberedStart(scope: SignatureScope, request: SignaturePageRequest, now: number): PageStart | undefined {
  const end = pageEnds.get(pageEndKey(scope, request.perPage, request.page - 1));
  return end && end.expiresAt > now ? { afterId: end.lastId } : undefined;
}

function rememberEnd(scope: SignatureScope, request: SignaturePageRequest, lastId: number, now: number): void {
  if (pageEnds.size >= MAX_PAGE_ENDS) pageEnds.delete(pageEnds.keys().next().value!);
  pageEnds.set(pageEndKey(scope, request.perPage, request.page), { lastId, expiresAt: now + PAGE_END_TTL_MS });
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
  const now = Date.now();
  const start: PageStart =
    request.after !== undefined
      ? { afterId: request.after }
      : (rememberedStart(scope, request, now) ?? { skip: (request.page - 1) * request.perPage });
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
  // Full pages only: a last page that fills up later must be read again, not skipped past.
  if (last && shown.length === request.perPage && request.after === undefined)
    rememberEnd(scope, request, last.id, now);
  return collectionPage("osdi:signatures", entries, {
    ...request,
    totalRecords,
    selfHref: query(request.page, request.after),
    nextHref: rows.length > request.perPage && last ? query(request.page + 1, last.id) : null,
  });
}
