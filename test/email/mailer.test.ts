/** The email transports besides the HTTP API (which test/signing/confirmation.test.ts drives end to end). */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { devOutboxMailer, sendEmailBindingMailer } from "../../src/email/mailer";
import { devOutbox } from "../../src/store/dev-outbox";

const EMAIL = {
  to: "ana@example.org",
  subject: "Confirm your signature: Clean air",
  text: "Open https://x.test/confirm/1",
};

describe("email transports", () => {
  it("send_email: hands the binding a composed message from EMAIL_FROM", async () => {
    const sent: unknown[] = [];
    const binding = { send: async (message: unknown) => void sent.push(message) } as unknown as SendEmail;
    await sendEmailBindingMailer(binding, "Petitions <p@example.org>").send(EMAIL);
    expect(sent).toEqual([{ from: "Petitions <p@example.org>", ...EMAIL }]);
  });

  it("dev-outbox: keeps emails in KV, newest first", async () => {
    const mailer = devOutboxMailer(env.KV);
    await mailer.send({ ...EMAIL, subject: "first" });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await mailer.send({ ...EMAIL, subject: "second" });
    expect((await devOutbox(env.KV, 10)).map((e) => e.subject)).toEqual(["second", "first"]);
  });
});
