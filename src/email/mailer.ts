/**
 * One way to send an email, three transports: an HTTP email API (POST {from, to, subject, text} with
 * a bearer key, as Resend's and similar APIs take), Cloudflare's send_email binding, and a local outbox
 * in KV for `npm start`, listed by the dev-only page /dev/outbox. Addresses never reach the logs.
 */
import { errorMessage } from "../error-message";
import { log } from "../log";
import { keepOutboxEmail } from "../store/dev-outbox";
import { recordEmailOutcome } from "../store/email-outcomes";

export interface Email {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(email: Email): Promise<void>;
}

export const EMAIL_TRANSPORTS = ["http", "send_email", "dev-outbox"] as const;
export type EmailTransport = (typeof EMAIL_TRANSPORTS)[number];

export function httpMailer(options: { url: string; key: string; from: string }): Mailer {
  return {
    async send(email) {
      const res = await fetch(options.url, {
        method: "POST",
        headers: { Authorization: `Bearer ${options.key}`, "Content-Type": "application/json" },
        body: JSON.stringify({ from: options.from, to: [email.to], subject: email.subject, text: email.text }),
        signal: AbortSignal.timeout(10_000),
      });
      await res.body?.cancel();
      if (!res.ok) throw new Error(`the email API answered ${res.status}`);
    },
  };
}

export function sendEmailBindingMailer(binding: SendEmail, from: string): Mailer {
  return {
    async send(email) {
      await binding.send({ from, to: email.to, subject: email.subject, text: email.text });
    },
  };
}

export function devOutboxMailer(kv: KVNamespace): Mailer {
  return { send: (email) => keepOutboxEmail(kv, { ...email, sent_at: Date.now() }) };
}

/** Counts each attempt per hour in D1 for the status page; a count that cannot be written never fails a send. */
export function countedMailer(db: D1Database, transport: Mailer): Mailer {
  const count = (outcome: "sent" | "failed") =>
    recordEmailOutcome(db, outcome, Date.now()).catch((error: unknown) =>
      log.error("email-outcome-unrecorded", { outcome, error: errorMessage(error) }),
    );
  return {
    async send(email) {
      try {
        await transport.send(email);
      } catch (error) {
        await count("failed");
        throw error;
      }
      await count("sent");
    },
  };
}
