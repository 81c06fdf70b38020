/**
 * An OSDI person and our signer, both ways. In: the record signature helper's body becomes the one
 * SignatureInput the sign use-case takes. Out: a stored signature's fields become an OSDI person,
 * with only what the petition collects (a field set to "off" is left out even where a row holds it).
 */
import type { PersonalFields } from "../crypto/sealing";
import { type FieldError, ProblemError, problems } from "../problems";
import type { Petition, SignatureInput } from "../schemas";
import type { OsdiPerson, OsdiRecordSignature } from "./schemas";

/** The one marked primary, else the first. */
function primaryOf<T extends { primary?: boolean }>(items: readonly T[] | undefined): T | undefined {
  return items?.find((item) => item.primary) ?? items?.[0];
}

/** Where each SignatureInput field comes from in an OSDI body: for naming errors the use-case finds. */
const OSDI_PATHS: Record<string, string> = {
  email: "person.email_addresses.0.address",
  name: "person.given_name",
  first_name: "person.given_name",
  last_name: "person.family_name",
  postcode: "person.postal_addresses.0.postal_code",
  country: "person.postal_addresses.0.country",
  locale: "person.languages_spoken.0",
  source: "referrer_data.source",
};

/**
 * The signature the helper's body asks for. Consent is an email address whose `status` is
 * "subscribed"; without one the signer has not consented (Action Network subscribes by default, we
 * never assume it). The referrer's source becomes our `source`; its `website` is not our honeypot.
 */
export function signatureInputOf(body: OsdiRecordSignature): SignatureInput {
  const { person } = body;
  const email = primaryOf(person.email_addresses)!;
  const address = primaryOf(person.postal_addresses);
  return {
    email: email.address,
    first_name: person.given_name,
    last_name: person.family_name,
    country: address?.country,
    postcode: address?.postal_code,
    consent: email.status === "subscribed",
    locale: person.languages_spoken?.find(Boolean),
    source: body.referrer_data?.source ?? body["action_network:referrer_data"]?.source,
    "cf-turnstile-response": body["cf-turnstile-response"],
  };
}

/** A validation problem from the use-case, its fields named as the OSDI body names them. */
export function withOsdiPaths(error: unknown): unknown {
  if (!(error instanceof ProblemError) || error.status !== 422 || !error.errors) return error;
  const errors: FieldError[] = error.errors.map((e) => ({ ...e, path: OSDI_PATHS[e.path] ?? e.path }));
  return problems.validation(errors);
}

/**
 * A stored name is one string (what the signer typed, or given and family names joined by a space):
 * split at its last space, which gives back what an OSDI client sent unless its family name held one.
 */
function splitName(name: string): Pick<OsdiPerson, "given_name" | "family_name"> {
  const at = name.lastIndexOf(" ");
  return at < 0 ? { given_name: name } : { given_name: name.slice(0, at), family_name: name.slice(at + 1) };
}

/** What an OSDI person shows of a signer: the fields the petition collects, nothing else. */
export interface SignerFields extends PersonalFields {
  /** Always known for a stored signature; in the helper's answer, only when the body gave it. */
  country: string | undefined;
  consent: boolean;
  locale: string | null;
}

/** Undefined fields are left out of the JSON. */
export function osdiPerson(petition: Pick<Petition, "fields">, signer: SignerFields): OsdiPerson {
  const name = petition.fields.name !== "off" && signer.name ? splitName(signer.name) : {};
  const postcode = petition.fields.postcode !== "off" ? (signer.postcode ?? undefined) : undefined;
  return {
    ...name,
    email_addresses: [{ address: signer.email, primary: true, status: signer.consent ? "subscribed" : "unsubscribed" }],
    postal_addresses:
      postcode || signer.country ? [{ postal_code: postcode, country: signer.country, primary: true }] : [],
    languages_spoken: signer.locale ? [signer.locale] : undefined,
  };
}
