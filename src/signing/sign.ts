/**
 * The sign use-case: decide whether a signature may be taken, build the row, and hand it to the
 * write mode (direct or queued); the queue consumer finishes queued ones with storeQueuedSignatures.
 * It answers nothing about whether the person had signed before: callers must not be able to tell.
 */
import { isCountryCode, UNKNOWN_COUNTRY } from "../countries";
import { keyedHash } from "../crypto/keyed-hash";
import { type Keyring, sealPersonalFields } from "../crypto/sealing";
import { type FieldError, problems } from "../problems";
import type { Petition, SignatureInput } from "../schemas";
import { isAcceptingSignatures } from "../store/accepting-signatures";
import type { PetitionRecord } from "../store/petitions";
import { insertSignatures, type SignatureRow } from "../store/signatures";
import { canonicalEmail } from "./canonical-email";
import { type HoldContext, holdForConfirmation } from "./confirmation";
import { requireTurnstilePass, type TurnstileConfig } from "./turnstile";
import type { SignatureWriter } from "./write-modes";

export interface SignContext {
  /** Where the accepted signature goes: see write-modes.ts. */
  writer: SignatureWriter;
  hashKey: string;
  /** Seals the signer's email, name and postcode before the row leaves this function. */
  keyring: Keyring;
  /** The keyed hash of the signer's IP network (see networkOf). */
  networkHash: string;
  /** The country the edge located the request in (request.cf.country), if any. */
  edgeCountry?: string;
  /** For petitions with a Turnstile site key. */
  turnstile: TurnstileConfig;
  /** For petitions that verify signatures by email; throws a 503 problem when that is not configured. */
  confirmation: () => HoldContext;
  now: Date;
}

/** The fields a petition asks for beyond the base schema: a required name or postcode. */
function missingFields(petition: Petition, input: SignatureInput): FieldError[] {
  const errors: FieldError[] = [];
  const hasName = Boolean(input.name || input.first_name || input.last_name);
  if (petition.fields.name === "required" && !hasName) errors.push({ path: "name", message: "Required" });
  if (petition.fields.postcode === "required" && !input.postcode)
    errors.push({ path: "postcode", message: "Required" });
  return errors;
}

function fullName(petition: Petition, input: SignatureInput): string | null {
  if (petition.fields.name === "off") return null;
  return input.name ?? ([input.first_name, input.last_name].filter(Boolean).join(" ") || null);
}

/** "pending": held until its signer confirms it from an email (the petition's `confirmation`). */
export type SignOutcome = "signed" | "pending";

/**
 * Throws a ProblemError when the petition is closed, a field it requires is missing, or its
 * Turnstile challenge was not passed. The outcome depends on the petition only, never on the person.
 */
export async function sign(
  petition: PetitionRecord,
  input: SignatureInput,
  context: SignContext,
): Promise<SignOutcome> {
  if (!isAcceptingSignatures(petition, context.now)) throw problems.petitionClosed(petition.slug);
  const errors = missingFields(petition, input);
  if (errors.length > 0) throw problems.validation(errors);
  await requireTurnstilePass(petition, input["cf-turnstile-response"], context.turnstile);
  const confirmation = petition.confirmation === "email" ? context.confirmation() : undefined;
  const outcome = confirmation ? "pending" : "signed";

  // A filled honeypot is a bot: it is told what a person is told, and nothing is kept.
  if (input.website) return outcome;

  const edgeCountry = context.edgeCountry && isCountryCode(context.edgeCountry) ? context.edgeCountry : UNKNOWN_COUNTRY;
  const identity = {
    petitionId: petition.id,
    dedupeKey: await keyedHash(context.hashKey, "email", canonicalEmail(input.email)),
  };
  const sealed = await sealPersonalFields(context.keyring, identity, {
    email: input.email,
    name: fullName(petition, input),
    postcode: petition.fields.postcode === "off" ? null : (input.postcode ?? null),
  });
  const row: SignatureRow = {
    ...identity,
    ...sealed,
    country: input.country ?? edgeCountry,
    consent: input.consent,
    locale: input.locale ?? null,
    source: input.source ?? null,
    networkHash: context.networkHash,
    createdAt: context.now.getTime(),
  };
  if (confirmation) {
    // Held in D1 whatever the write mode: the link names the held row, so it must exist before the email.
    await holdForConfirmation(
      row,
      { email: input.email, locale: input.locale ?? null, title: petition.title },
      confirmation,
    );
    return outcome;
  }
  if ((await context.writer.write(row)) === "petition-closed") throw problems.petitionClosed(petition.slug);
  return outcome;
}

/**
 * The queue consumer's half: stores a batch of accepted signatures in one statement. A signature
 * whose petition was open when it was accepted is stored even if the petition closed since; one
 * that was not is skipped without failing the rest. Returns how many rows were new.
 */
export function storeQueuedSignatures(db: D1Database, rows: readonly SignatureRow[]): Promise<number> {
  return insertSignatures(db, rows, "skip");
}
