/**
 * The sign use-case, whoever asks (the public sign route and form, partner keys, batch imports, the
 * OSDI helper): the rate limits (and, past them, the challenge: challenge.ts), the petition, the
 * decision (closed, required fields, Turnstile, confirmation, honeypot), the deduplicated row and its
 * write (direct or queued, see write-modes.ts).
 * The queue consumer finishes queued ones with storeQueuedSignatures, so how a signature is stored is
 * all here. It answers nothing about whether the person had signed before: callers must not be able to tell.
 */

import { isCountryCode, UNKNOWN_COUNTRY } from "../countries";
import { type Keyring, sealPersonalFields } from "../crypto/sealing";
import { choosePetitionLanguage, petitionTexts } from "../i18n/petition-language";
import { type FieldError, ProblemError, problems } from "../problems";
import type { RateLimitOutcome } from "../ratelimit/rate-limiter";
import type { SigningLimits } from "../ratelimit/signing-limits";
import type { Petition, SignatureInput } from "../schemas";
import { isAcceptingSignatures } from "../store/accepting-signatures";
import type { PetitionRecord } from "../store/petitions";
import type { PublishedCount } from "../store/published-tally";
import { insertSignatures, type SignatureRow } from "../store/signatures";
import { personKey } from "./canonical-email";
import { type ChallengeOffer, type NetworkChallenge, passChallenge } from "./challenge";
import { type HoldContext, holdForConfirmation } from "./confirmation";
import { emailDomainFields } from "./email-domain";
import { networkHashOf } from "./network";
import type { WaitUntil } from "./queue-sender";
import { requireAcceptedToken, requireTurnstilePass, TURNSTILE_FIELD, type TurnstileConfig } from "./turnstile";
import type { SignatureWriter } from "./write-modes";

/** The petition to sign, read only once the limits allow it: an over-limit request costs no read. */
export interface PetitionToSign {
  slug: string;
  /** The petition as the public sees it; null when there is none (or it is a draft). */
  load(): Promise<PetitionRecord | null>;
}

export interface SigningDeps {
  /** The limits this signer is held to: per network by default; a partner key brings its own. */
  limiter: SigningLimits;
  /** The signer's IP (cf-connecting-ip): only its network's keyed hash is used and kept. */
  clientIp: string | undefined;
  /**
   * Present when the signatures come server to server under a key (a partner's, or the owner's admin
   * token): attributed to `apiKeyId` (null for the owner), and not asked for a Turnstile challenge,
   * which only a person's browser can answer (the organiser vouches for the key holder).
   */
  keyHolder?: { apiKeyId: string | null };
  /** Where the accepted signatures go (see write-modes.ts); made only for a signer the limits let through. */
  writer: () => SignatureWriter;
  hashKey: string;
  /** Seals the signer's email, name and postcode before the row leaves this module. */
  keyring: Keyring;
  /** The country the edge located the request in (request.cf.country), if any. */
  edgeCountry?: string;
  /** For petitions with a Turnstile site key. */
  turnstile: TurnstileConfig;
  /** Present for public signers when the organisation's challenge is configured: a way past the network's limits. */
  challenge?: NetworkChallenge;
  /** For petitions that verify signatures by email; throws a 503 problem when that is not configured. */
  confirmation: () => HoldContext;
  /** The count the answer shows: the published one, never bumped by this signature. */
  publishedCount: (petition: PetitionRecord) => Promise<PublishedCount | null>;
  /** Work that outlives the answer (the rate-limit backend's sync). */
  waitUntil: WaitUntil;
  now: Date;
}

/** A refusal by the limits: the outcome that refused, and the challenge that would lift it, if any. */
export interface LimitRefusal {
  rateLimit: RateLimitOutcome;
  challenge?: ChallengeOffer;
}

/** What signPetition decided, with the rate-limit outcome either way (the answer's RateLimit headers). */
export type SigningResult =
  | ({ status: "rate-limited" } & LimitRefusal)
  | { status: SignOutcome; count: number | null; rateLimit: RateLimitOutcome };

/** One item of a batch: taken (stored, or held for confirmation: the caller cannot tell which), or why not. */
export type BatchItemResult = { status: "accepted" } | { status: "rejected"; problem: ProblemError };

export type BatchResult =
  | { status: "rate-limited"; rateLimit: RateLimitOutcome }
  | { status: "judged"; items: BatchItemResult[]; rateLimit: RateLimitOutcome };

/** An imported signature may say when it was made (paper, offline, another platform). */
export type DatedSignatureInput = SignatureInput & { signed_at?: string };

/** The fields a petition asks for beyond the base schema: a required name or postcode. */
export function missingFields(petition: Petition, input: SignatureInput): FieldError[] {
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

/** A petition that exists, for signers within the limits: what judging a signature needs. */
interface Admitted {
  petition: PetitionRecord;
  /** The keyed hash of the signer's IP network (see networkOf). */
  networkHash: string;
  published: PublishedCount | null;
  rateLimit: RateLimitOutcome;
  writer: SignatureWriter;
  /** Past the network's limits on this challenge: the signer's token must pass it before anything is stored. */
  challenged?: NetworkChallenge;
}

/**
 * The limits (`cost` signatures' worth; past them, the challenge with `token`), then the petition read
 * (404 when unknown), its count, the writer, and whether it takes signatures now (409 when closed); or
 * the limits' refusal.
 */
async function admit(
  target: PetitionToSign,
  cost: number,
  deps: SigningDeps,
  token?: string,
): Promise<Admitted | { refused: LimitRefusal }> {
  const networkHash = await networkHashOf(deps.hashKey, deps.clientIp);
  const limits = await deps.limiter.check(networkHash, target.slug, cost);
  if (limits.pending) deps.waitUntil(limits.pending);
  const passed = limits.success
    ? { rateLimit: limits, challenged: undefined }
    : await pastTheLimits(limits, networkHash, token, deps);
  if ("refused" in passed) return passed;
  const { rateLimit, challenged } = passed;

  const petition = await target.load();
  if (!petition) throw problems.petitionNotFound(target.slug);
  const published = await deps.publishedCount(petition);
  const writer = deps.writer();
  if (!isAcceptingSignatures(petition, deps.now)) throw problems.petitionClosed(petition.slug);
  return { petition, networkHash, published, rateLimit, writer, challenged };
}

/** A signer the limits refused: let through by a solved challenge, or refused (offered the challenge if one may help). */
async function pastTheLimits(
  refusal: RateLimitOutcome,
  networkHash: string,
  token: string | undefined,
  deps: SigningDeps,
): Promise<{ rateLimit: RateLimitOutcome; challenged: NetworkChallenge } | { refused: LimitRefusal }> {
  const { challenge } = deps;
  if (!challenge) return { refused: { rateLimit: refusal } };
  const outcome = await passChallenge(challenge, networkHash, token, refusal, deps.waitUntil);
  if ("refused" in outcome) return { refused: { rateLimit: outcome.refused, challenge: outcome.offer } };
  return { rateLimit: outcome.passedIfTokenAccepted, challenged: challenge };
}

/**
 * Signs `target` for `input`: rate-limited first (a refusal is a result, for the caller to render,
 * with the challenge that would lift it; a solved one, its token in `input`, passes the limits),
 * then the petition read (404 when unknown), its count, and the decision and write. Throws a
 * ProblemError when the petition is unknown or closed, a field it requires is missing, its Turnstile
 * challenge was not passed, or nothing could take the signature. The outcome depends on the petition
 * only, never on the person.
 */
export async function signPetition(
  target: PetitionToSign,
  input: SignatureInput,
  deps: SigningDeps,
): Promise<SigningResult> {
  const admitted = await admit(target, 1, deps, input[TURNSTILE_FIELD]);
  if ("refused" in admitted) return { status: "rate-limited", ...admitted.refused };
  const judged = await judge(admitted, input, deps);
  if (judged.row) await write(admitted, [judged.row]);
  return { status: judged.outcome, count: admitted.published?.count ?? null, rateLimit: admitted.rateLimit };
}

/**
 * Signs `target` for each of `inputs` (an import): the limits count every item, the petition must
 * exist and be open for any to be taken, then each item is judged as signPetition judges one (a
 * problem with an item is that item's answer) and the taken ones are written together, all or none.
 * An item's answer never tells whether its person had signed before, in this batch or earlier.
 */
export async function signBatch(
  target: PetitionToSign,
  inputs: readonly DatedSignatureInput[],
  deps: SigningDeps,
): Promise<BatchResult> {
  const admitted = await admit(target, inputs.length, deps);
  if ("refused" in admitted) return { status: "rate-limited", rateLimit: admitted.refused.rateLimit };
  const rows: SignatureRow[] = [];
  const items: BatchItemResult[] = [];
  for (const input of inputs) {
    try {
      const judged = await judge(admitted, input, deps, input.signed_at ? new Date(input.signed_at) : deps.now);
      if (judged.row) rows.push(judged.row);
      items.push({ status: "accepted" });
    } catch (error) {
      if (!(error instanceof ProblemError) || error.status >= 500) throw error;
      items.push({ status: "rejected", problem: error });
    }
  }
  if (rows.length > 0) await write(admitted, rows);
  return { status: "judged", items, rateLimit: admitted.rateLimit };
}

async function write({ petition, writer }: Admitted, rows: SignatureRow[]): Promise<void> {
  if ((await writer.write(rows)) === "petition-closed") throw problems.petitionClosed(petition.slug);
}

/**
 * The decision for one signature on an open petition: a problem (thrown), or its outcome and the row
 * to write. No row when nothing is to be written now: a honeypot filled (a bot is told what a person
 * is told), or held in D1 for confirmation by email.
 */
async function judge(
  { petition, networkHash, challenged }: Admitted,
  input: SignatureInput,
  context: SigningDeps,
  signedAt = context.now,
): Promise<{ outcome: SignOutcome; row?: SignatureRow }> {
  const errors = missingFields(petition, input);
  if (errors.length > 0) throw problems.validation(errors);
  const confirmation = petition.confirmation === "email" ? context.confirmation() : undefined;
  // After the signature's own checks, so a single-use token is not spent on one refused for them. A
  // challenged token also answers the petition's own Turnstile: one token, one siteverify.
  const token = input[TURNSTILE_FIELD];
  if (challenged) await requireAcceptedToken(token, challenged.turnstile);
  else if (!context.keyHolder) await requireTurnstilePass(petition, token, context.turnstile);
  const outcome = confirmation ? "pending" : "signed";

  if (input.website) return { outcome };

  const edgeCountry = context.edgeCountry && isCountryCode(context.edgeCountry) ? context.edgeCountry : UNKNOWN_COUNTRY;
  const identity = {
    petitionId: petition.id,
    dedupeKey: await personKey(context.hashKey, input.email),
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
    apiKeyId: context.keyHolder?.apiKeyId ?? null,
    referralCode: input.referral ?? null,
    channel: input.channel ?? null,
    networkHash,
    ...(await emailDomainFields(context.hashKey, input.email)),
    createdAt: signedAt.getTime(),
  };
  if (!confirmation) return { outcome, row };
  // Held in D1 whatever the write mode: the link names the held row, so it must exist before the email.
  // The email speaks the language the signer signed in, the petition's title included.
  const { title } = petitionTexts(petition, choosePetitionLanguage(petition, input.locale, undefined));
  await holdForConfirmation(row, { email: input.email, locale: input.locale ?? null, title }, confirmation);
  return { outcome };
}

/**
 * The queue consumer's half: stores a batch of accepted signatures in one statement. A signature
 * whose petition was open when it was accepted is stored even if the petition closed since; one
 * that was not is skipped without failing the rest. Returns how many rows were new.
 */
export function storeQueuedSignatures(db: D1Database, rows: readonly SignatureRow[]): Promise<number> {
  return insertSignatures(db, rows, "skip");
}
