/**
 * The sign use-case: decide whether a signature may be taken, then store it once. It answers
 * nothing about whether the person had signed before: callers must not be able to tell.
 */
import { isCountryCode, UNKNOWN_COUNTRY } from "../countries";
import { type FieldError, problems } from "../problems";
import type { Petition, SignatureInput } from "../schemas";
import type { PetitionRecord } from "../store/petitions";
import { insertSignature } from "../store/signatures";
import { canonicalEmail } from "./canonical-email";
import { keyedHash } from "./keyed-hash";
import { requireTurnstilePass, type TurnstileConfig } from "./turnstile";

export interface SignContext {
  db: D1Database;
  hashKey: string;
  /** The keyed hash of the signer's IP network (see networkOf). */
  networkHash: string;
  /** The country the edge located the request in (request.cf.country), if any. */
  edgeCountry?: string;
  /** For petitions with a Turnstile site key. */
  turnstile: TurnstileConfig;
  now: Date;
}

/** Whether the petition takes signatures at `now`: open, and not past closes_at. */
export function isAcceptingSignatures(petition: Petition, now: Date): boolean {
  return petition.status === "open" && (petition.closes_at === null || petition.closes_at > now.toISOString());
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

/**
 * Throws a ProblemError when the petition is closed, a field it requires is missing, or its
 * Turnstile challenge was not passed.
 */
export async function sign(petition: PetitionRecord, input: SignatureInput, context: SignContext): Promise<void> {
  if (!isAcceptingSignatures(petition, context.now)) throw problems.petitionClosed(petition.slug);
  const errors = missingFields(petition, input);
  if (errors.length > 0) throw problems.validation(errors);
  await requireTurnstilePass(petition, input["cf-turnstile-response"], context.turnstile);

  // A filled honeypot is a bot: it is told what a person is told, and nothing is kept.
  if (input.website) return;

  const edgeCountry = context.edgeCountry && isCountryCode(context.edgeCountry) ? context.edgeCountry : UNKNOWN_COUNTRY;
  const outcome = await insertSignature(context.db, {
    petitionId: petition.id,
    dedupeKey: await keyedHash(context.hashKey, "email", canonicalEmail(input.email)),
    email: input.email,
    name: fullName(petition, input),
    country: input.country ?? edgeCountry,
    postcode: petition.fields.postcode === "off" ? null : (input.postcode ?? null),
    consent: input.consent,
    locale: input.locale ?? null,
    source: input.source ?? null,
    networkHash: context.networkHash,
    createdAt: context.now,
  });
  if (outcome === "petition-closed") throw problems.petitionClosed(petition.slug);
}
