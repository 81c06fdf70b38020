/** The email transports besides the HTTP API (which test/signing/confirmation.test.ts drives end to end). */

/**
 * Verified signatures: held until confirmed from an email, a scanner-safe link (GET shows, POST
 * confirms, once), expired and tampered links refused with clear pages, only confirmed signatures
 * counted (exactly, however late), re-sends limited with identical answers, a reminder, purging.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../functions/app";
import { devOutboxMailer, sendEmailBindingMailer } from "../../src/email/mailer";
import { devOutbox } from "../../src/store/dev-outbox";
import { createPetition, expectProblem, freshIp } from "../helpers/index";

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

describe("the send_email transport", () => {
  it("sends through the EMAIL binding when bound, and fails closed when not", async () => {
    const petition = await createPetition({ confirmation: "email" });
    const sent: { to: string; subject: string; text: string }[] = [];
    const EMAIL = { send: async (message: (typeof sent)[number]) => void sent.push(message) };
    const signVia = async (overrides: Record<string, unknown>) => {
      const ctx = createExecutionContext();
      const res = await app.request(
        `/v1/petitions/${petition.slug}/signatures`,
        {
          method: "POST",
          headers: { "Content-Type": "application/json", "cf-connecting-ip": freshIp() },
          body: JSON.stringify({ email: "bound@example.org", name: "B", consent: true }),
        },
        { ...env, EMAIL_TRANSPORT: "send_email", ...overrides },
        ctx,
      );
      await waitOnExecutionContext(ctx);
      return res;
    };
    expect((await expectProblem(await signVia({}), 503)).detail).toContain("EMAIL");
    expect((await signVia({ EMAIL })).status).toBe(201);
    expect(sent).toEqual([
      expect.objectContaining({ to: "bound@example.org", from: "Petitions <petitions@petitions.test>" }),
    ]);
    expect(sent[0]!.text).toMatch(/https:\/\/petitions\.test\/confirm\/\S+/);
  });
});

describe("the dev outbox", () => {
  it("is served only with the dev-outbox transport, on localhost", async () => {
    const outbox = { ...env, EMAIL_TRANSPORT: "dev-outbox", PUBLIC_BASE_URL: "http://localhost:8787" };
    const petition = await createPetition({ confirmation: "email" });
    const ctx = createExecutionContext();
    const signed = await app.request(
      `http://localhost:8787/v1/petitions/${petition.slug}/signatures`,
      {
        method: "POST",
        headers: { "Content-Type": "application/json", "cf-connecting-ip": freshIp() },
        body: JSON.stringify({ email: "dev@example.org", name: "Dev <i>", consent: true }),
      },
      outbox,
      ctx,
    );
    expect(signed.status).toBe(201);
    await waitOnExecutionContext(ctx);

    const page = await app.request("http://localhost:8787/dev/outbox", {}, outbox, createExecutionContext());
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain("To dev@example.org");
    expect(text).toMatch(/<a href="http:\/\/localhost:8787\/confirm\/[^"]+">/);

    await expectProblem(
      await app.request("https://petitions.test/dev/outbox", {}, outbox, createExecutionContext()),
      404,
    );
    await expectProblem(await app.request("http://localhost:8787/dev/outbox", {}, env, createExecutionContext()), 404);
  });
});
