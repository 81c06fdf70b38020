/**
 * One way to send an email, three transports: an HTTP email API (POST {from, to, subject, text} with
 * a bearer key, as Resend's and similar APIs take), Cloudflare's send_email binding, and a local outbox
 * in KV for `npm start`, listed by the dev-only page /dev/outbox. Addresses never reach the logs.
 */
import { keepOutboxEmail } from "../store/dev-outbox";

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
