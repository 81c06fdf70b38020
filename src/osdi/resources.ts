/**
 * OSDI's HAL resources from ours: the entry point, petitions, signatures, and numbered collection
 * pages. Pure: the routes give the absolute URL the API lives at, and what to show.
 */
import { type Keyring, openPersonalFields } from "../crypto/sealing";
import { isoTime } from "../iso-time";
import type { PetitionRecord } from "../store/petitions";
import type { StoredSignature } from "../store/signatures";
import { osdiPerson, type SignerFields } from "./person";
import type { OsdiPetition, OsdiSignature } from "./schemas";

/** Where the Worker serves OSDI: resources in webhook payloads link there too. */
export const OSDI_PATH = "/osdi/v1";

/** The system name in identifiers (`petition_edge:<id>`) and namespaced fields. */
export const SYSTEM = "petition_edge";
const ORIGIN_SYSTEM = "Petition Edge";
/** OSDI's most records per page, as Action Network has it: a larger per_page is read as this. */
export const MAX_PER_PAGE = 25;

/** The OSDI relations' documentation, as OSDI's `curies` name it. */
const CURIES = [{ name: "osdi", href: "https://opensupporter.github.io/osdi-docs/{rel}", templated: true }];

const link = (href: string, title?: string) => (title ? { href, title } : { href });

/** Absolute URLs of the API's resources, from where it is served (e.g. https://example.org/osdi/v1). */
export function osdiUrls(api: string) {
  const petition = (slug: string) => `${api}/petitions/${slug}`;
  return {
    entryPoint: api,
    petitions: `${api}/petitions`,
    petition,
    signatures: (slug: string) => `${petition(slug)}/signatures`,
    signature: (slug: string, id: number) => `${petition(slug)}/signatures/${id}`,
  };
}

export type OsdiUrls = ReturnType<typeof osdiUrls>;

export function entryPoint(urls: OsdiUrls, docsUrl: string) {
  return {
    motd: "Petition Edge: petitions and their signatures, OSDI 1.1 as Action Network speaks it.",
    vendor_name: ORIGIN_SYSTEM,
    max_pagesize: MAX_PER_PAGE,
    _links: {
      curies: CURIES,
      self: link(urls.entryPoint, "This API entry point"),
      "osdi:petitions": link(urls.petitions, "The collection of petitions in the system"),
      docs: link(docsUrl, "Documentation"),
    },
  };
}

/**
 * A petition as OSDI shows it. `summary` is also the public `description`; the petition's text (our
 * `body`) is `petition_text`. `browser_url`: the campaign's own page when it has one, else ours.
 */
export function osdiPetition(
  petition: PetitionRecord,
  totalSignatures: number,
  urls: OsdiUrls,
  petitionPageUrl: string,
): OsdiPetition {
  return {
    identifiers: [`${SYSTEM}:${petition.slug}`],
    origin_system: ORIGIN_SYSTEM,
    created_date: petition.created_at,
    modified_date: petition.updated_at,
    title: petition.title,
    description: petition.summary,
    summary: petition.summary,
    petition_text: petition.body ?? undefined,
    browser_url: petition.share_url ?? petitionPageUrl,
    total_signatures: totalSignatures,
    _links: {
      self: link(urls.petition(petition.slug)),
      "osdi:signatures": link(urls.signatures(petition.slug)),
      // Action Network's helper is a POST to the signatures collection; so is ours.
      "osdi:record_signature_helper": link(urls.signatures(petition.slug)),
    },
  };
}

const referrer = (source: string | null) =>
  source ? { referrer_data: { source }, "action_network:referrer_data": { source } } : {};

function signatureResource(
  petition: PetitionRecord,
  urls: OsdiUrls,
  fields: { createdAt: string; source: string | null; signer: SignerFields },
): OsdiSignature {
  return {
    origin_system: ORIGIN_SYSTEM,
    created_date: fields.createdAt,
    modified_date: fields.createdAt,
    ...referrer(fields.source),
    _links: { "osdi:petition": link(urls.petition(petition.slug)) },
    _embedded: { "osdi:person": osdiPerson(petition, fields.signer) },
  };
}

/** A stored signature, its person decrypted: `petition_edge:<row id>`, which addresses it under its petition. */
export async function storedSignature(
  petition: PetitionRecord,
  stored: StoredSignature,
  keyring: Keyring,
  urls: OsdiUrls,
): Promise<OsdiSignature> {
  const signer: SignerFields = {
    ...(await openPersonalFields(keyring, stored)),
    country: stored.country,
    consent: Boolean(stored.consent),
    locale: stored.locale,
  };
  const resource = signatureResource(petition, urls, {
    createdAt: isoTime(stored.created_at),
    source: stored.source,
    signer,
  });
  return {
    identifiers: [`${SYSTEM}:${stored.id}`],
    ...resource,
    _links: { self: link(urls.signature(petition.slug, stored.id)), ...resource._links },
  };
}

/**
 * The helper's answer to a key holder: the signature as the body gave it (what the petition
 * collects), when it was taken and whether it counts yet. Never a row id or a stored time: a repeat
 * has neither, a queued write none yet, and the answer must not tell a repeat from a first.
 */
export function recordedSignature(
  petition: PetitionRecord,
  signer: SignerFields,
  source: string | null,
  status: "signed" | "pending",
  now: Date,
  urls: OsdiUrls,
): OsdiSignature {
  return {
    ...signatureResource(petition, urls, { createdAt: now.toISOString(), source, signer }),
    "petition_edge:status": status,
  };
}

/** A page of a collection as the client asked for it: numbered from 1, at most MAX_PER_PAGE records. */
export interface PageRequest {
  page: number;
  perPage: number;
}

/**
 * OSDI's collection envelope. `next` only when there is more (`nextHref`): clients that follow links
 * stop there, and clients that count pages read the empty page after the last one.
 */
export function collectionPage<T>(
  rel: string,
  entries: { href: string; resource: T }[],
  paging: PageRequest & { totalRecords: number; selfHref: string; nextHref: string | null },
) {
  return {
    total_pages: Math.ceil(paging.totalRecords / paging.perPage),
    per_page: paging.perPage,
    page: paging.page,
    total_records: paging.totalRecords,
    _links: {
      self: link(paging.selfHref),
      ...(paging.nextHref ? { next: link(paging.nextHref) } : {}),
      [rel]: entries.map((entry) => link(entry.href)),
      curies: CURIES,
    },
    _embedded: { [rel]: entries.map((entry) => entry.resource) },
  };
}
