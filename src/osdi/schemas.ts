/**
 * OSDI 1.1 (and Action Network's dialect of it) as zod schemas: the record signature helper's body,
 * and the HAL resources the /osdi/v1 routes answer with. The signer's fields reuse SignatureInput's
 * own schemas, so an OSDI body is held to exactly the rules of our sign endpoint, each error named by
 * its OSDI path. Loose objects throughout: OSDI clients send many fields we do not keep (phone numbers,
 * custom fields, identifiers), and refusing them would break clients that work with Action Network.
 */
import { z } from "zod";
import { SignatureInput } from "../schemas";

const fields = SignatureInput.shape;

const EmailAddress = z.looseObject({
  address: fields.email,
  primary: z.boolean().optional(),
  status: z.string().optional().meta({ description: '"subscribed": the signer consents to be contacted' }),
});

const PostalAddress = z.looseObject({
  postal_code: fields.postcode,
  country: fields.country,
  primary: z.boolean().optional(),
});

/** Only the first address, or the one marked primary, is read; the others still have to be well formed. */
const OsdiPersonInput = z
  .looseObject({
    given_name: fields.first_name,
    family_name: fields.last_name,
    email_addresses: z.array(EmailAddress).min(1, "at least one email address"),
    postal_addresses: z.array(PostalAddress).optional(),
    languages_spoken: z.array(fields.locale).optional(),
  })
  .meta({ id: "OsdiPersonInput" });

const ReferrerData = z.looseObject({ source: fields.source, referrer: z.string().optional() });

export const OsdiRecordSignature = z
  .looseObject({
    person: OsdiPersonInput,
    add_tags: z.array(z.string()).optional().meta({ description: "Accepted and not kept: there are no tags" }),
    referrer_data: ReferrerData.optional(),
    "action_network:referrer_data": ReferrerData.optional(),
    "cf-turnstile-response": fields["cf-turnstile-response"],
  })
  .meta({
    id: "OsdiRecordSignature",
    description:
      "OSDI's record signature helper body, as Action Network takes it. Read: person.given_name, family_name, email_addresses[].address and status, postal_addresses[].postal_code and country, languages_spoken; referrer_data.source (or action_network:referrer_data.source). Other fields are accepted and not kept (README: Partners and CRMs).",
  });

export type OsdiRecordSignature = z.infer<typeof OsdiRecordSignature>;

const Link = z.object({ href: z.string(), title: z.string().optional(), templated: z.boolean().optional() });

const Links = z.record(z.string(), z.union([Link, z.array(Link)])).meta({ id: "HalLinks" });

export const OsdiPerson = z
  .object({
    given_name: z.string().optional(),
    family_name: z.string().optional(),
    email_addresses: z.array(
      z.object({ address: z.string(), primary: z.boolean(), status: z.enum(["subscribed", "unsubscribed"]) }),
    ),
    postal_addresses: z.array(
      z.object({ postal_code: z.string().optional(), country: z.string().optional(), primary: z.boolean() }),
    ),
    languages_spoken: z.array(z.string()).optional(),
  })
  .meta({ id: "OsdiPerson" });

export type OsdiPerson = z.infer<typeof OsdiPerson>;

const ReferrerOut = z.object({ source: z.string() });

export const OsdiSignature = z
  .object({
    identifiers: z.array(z.string()).optional(),
    origin_system: z.string(),
    created_date: z.string(),
    modified_date: z.string(),
    referrer_data: ReferrerOut.optional(),
    "action_network:referrer_data": ReferrerOut.optional(),
    "petition_edge:status": z.enum(["signed", "pending"]).optional(),
    _links: Links,
    _embedded: z.object({ "osdi:person": OsdiPerson }),
  })
  .meta({ id: "OsdiSignature" });

export type OsdiSignature = z.infer<typeof OsdiSignature>;

export const OsdiPetition = z
  .object({
    identifiers: z.array(z.string()),
    origin_system: z.string(),
    created_date: z.string(),
    modified_date: z.string(),
    title: z.string(),
    description: z.string(),
    summary: z.string(),
    petition_text: z.string().optional(),
    browser_url: z.string(),
    total_signatures: z.int(),
    _links: Links,
  })
  .meta({ id: "OsdiPetition" });

export type OsdiPetition = z.infer<typeof OsdiPetition>;

/** A page of a collection, as OSDI pages: numbered from 1, at most MAX_PER_PAGE records. */
const collection = <T extends z.ZodType>(rel: string, item: T) =>
  z.object({
    total_pages: z.int(),
    per_page: z.int(),
    page: z.int(),
    total_records: z.int(),
    _links: Links,
    _embedded: z.object({ [rel]: z.array(item) }),
  });

export const OsdiPetitions = collection("osdi:petitions", OsdiPetition).meta({ id: "OsdiPetitions" });
export const OsdiSignatures = collection("osdi:signatures", OsdiSignature).meta({ id: "OsdiSignatures" });

export const OsdiEntryPoint = z
  .object({ motd: z.string(), vendor_name: z.string(), max_pagesize: z.int(), _links: Links })
  .meta({ id: "OsdiEntryPoint" });

/** The anonymous and background helper's answer: `{}`, as OSDI and Action Network give it. */
export const OsdiEmpty = z.object({}).meta({ id: "OsdiEmpty" });
