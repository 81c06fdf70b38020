/**
 * Verified signatures (a petition's `confirmation: "email"`): a signature is held as pending and its
 * signer gets a link; only the POST behind the link makes it a signature, which the tally then counts
 * like any other. Reminders go once, after two days; held signatures leave at expiry.
 */

import { type Keyring, openPersonalFields } from "../crypto/sealing";
import type { Email, Mailer } from "../email/mailer";
import { errorMessage } from "../error-message";
import { formatNumber, pluralForm } from "../i18n/format";
import { chooseLocale } from "../i18n/locale";
import { messagesFor } from "../i18n/messages";
import { log } from "../log";
import { messageText } from "../markup/html";
import { problems } from "../problems";
import {
  confirmPendingSignature,
  findPendingSignature,
  holdPendingSignature,
  markReminded,
  type PendingSignature,
  pendingToRemind,
  purgeExpiredPending,
} from "../store/pending-signatures";
import { isPetitionClosedError, type SignatureRow } from "../store/signatures";
import { confirmationToken, readConfirmationToken } from "./confirmation-token";
import { RETRY_AFTER_SECONDS } from "./write-modes";

/** A repeat signature re-sends the link, up to this many emails per held signature per 24 hours. */
export const MAX_CONFIRMATION_EMAILS_PER_DAY = 3;
const DAY_MS = 86_400_000;
/** The one reminder goes this long after the first signature. */
export const REMINDER_AFTER_MS = 2 * DAY_MS;

export interface ConfirmationOptions {
  db: D1Database;
  mailer: Mailer;
  /** Signs the links (HASH_KEY, in its own domain). */
  tokenSecret: string;
  /** Where /confirm/:token is served, e.g. https://petitions.example.org. */
  baseUrl: string;
  /** How long a link works (default 7 days). */
  ttlMs: number;
}

export interface HoldContext extends ConfirmationOptions {
  /** Sends after the answer (waitUntil): a first and a repeat signature answer alike and as fast. */
  defer(work: Promise<unknown>): void;
}

/** What the email needs that the sealed row no longer shows. */
export interface Recipient {
  email: string;
  locale: string | null;
  title: string;
}

function logFailure(event: string, error: unknown): void {
  // The error's text only: never the address.
  log.error(event, { error: errorMessage(error) });
}

/** The email's paragraphs: what to do, for how long the link works (the first email), and what if it was not you. */
function confirmationEmail(kind: "first" | "reminder", recipient: Recipient, link: string, ttlMs: number): Email {
  const locale = chooseLocale(recipient.locale ?? undefined, [], undefined);
  const { confirmation } = messagesFor(locale);
  const values = { title: recipient.title, link };
  const days = Math.round(ttlMs / DAY_MS);
  const validity = messageText(pluralForm(locale, confirmation.linkValidity, days), {
    count: formatNumber(locale, days),
  });
  const paragraphs =
    kind === "first"
      ? [messageText(confirmation.body, values), validity, confirmation.ignore]
      : [messageText(confirmation.reminderBody, values), confirmation.ignore];
  return {
    to: recipient.email,
    subject: messageText(kind === "first" ? confirmation.subject : confirmation.reminderSubject, values),
    text: paragraphs.join("\n\n"),
  };
}

async function sendLink(
  options: ConfirmationOptions,
  kind: "first" | "reminder",
  pendingId: number,
  expiresAt: number,
  recipient: Recipient,
): Promise<void> {
  const token = await confirmationToken(options.tokenSecret, pendingId, expiresAt);
  const link = new URL(`/confirm/${token}`, options.baseUrl).href;
  await options.mailer.send(confirmationEmail(kind, recipient, link, options.ttlMs));
}

/**
 * Holds a signature for confirmation and, unless this person was sent enough links today or has
 * already confirmed, sends one. The signer's answer does not depend on either.
 */
export async function holdForConfirmation(
  row: SignatureRow,
  recipient: Recipient,
  context: HoldContext,
): Promise<void> {
  const expiresAt = row.createdAt + context.ttlMs;
  const held = await holdPendingSignature(context.db, row, expiresAt).catch((error: unknown) => {
    logFailure("pending-signature-write-failed", error);
    throw problems.signingUnavailable(RETRY_AFTER_SECONDS);
  });
  if (!held || held.sends > MAX_CONFIRMATION_EMAILS_PER_DAY) return;
  context.defer(
    sendLink(context, "first", held.id, expiresAt, recipient).catch((error) =>
      logFailure("confirmation-email-failed", error),
    ),
  );
}

/** What a confirmation link leads to. */
export type LinkState =
  | { status: "invalid" | "expired" | "used" }
  | { status: "waiting"; pending: PendingSignature }
  | { status: "confirmed" | "petition-closed"; locale: string | null };

/** For the GET page: whether the link is good, and the held signature it names. Changes nothing. */
export async function inspectLink(db: D1Database, tokenSecret: string, token: string, now: number): Promise<LinkState> {
  const reading = await readConfirmationToken(tokenSecret, token, now);
  if (reading.status !== "valid") return { status: reading.status };
  const pending = await findPendingSignature(db, reading.pendingId, now);
  return pending ? { status: "waiting", pending } : { status: "used" };
}

/** For the POST: confirms the held signature the link names, once. */
export async function confirmLink(db: D1Database, tokenSecret: string, token: string, now: number): Promise<LinkState> {
  const state = await inspectLink(db, tokenSecret, token, now);
  if (state.status !== "waiting") return state;
  const locale = state.pending.locale;
  try {
    return (await confirmPendingSignature(db, state.pending.id, now))
      ? { status: "confirmed", locale }
      : { status: "used" };
  } catch (error) {
    if (isPetitionClosedError(error)) return { status: "petition-closed", locale };
    throw error;
  }
}

export interface ConfirmationUpkeep {
  reminded: number;
  purged: number;
}

/**
 * The cron's share: one reminder to held signatures older than two days (decrypting their address for
 * the email only), and held signatures past expiry deleted; at most `limit` of each per run. The email
 * settings are asked for only when a reminder is due.
 */
export async function confirmationUpkeep(
  db: D1Database,
  keyring: Keyring,
  options: () => ConfirmationOptions,
  now: number,
  limit: number,
): Promise<ConfirmationUpkeep> {
  const due = await pendingToRemind(db, now - REMINDER_AFTER_MS, now, limit);
  const sent: number[] = [];
  if (due.length > 0) {
    const sending = options();
    await Promise.all(
      due.map(async (pending) => {
        try {
          const { email } = await openPersonalFields(keyring, pending);
          await sendLink(sending, "reminder", pending.id, pending.expires_at, { ...pending, email });
          sent.push(pending.id);
        } catch (error) {
          logFailure("confirmation-reminder-failed", error);
        }
      }),
    );
  }
  if (sent.length > 0) await markReminded(db, sent, now);
  return { reminded: sent.length, purged: await purgeExpiredPending(db, now, limit) };
}
