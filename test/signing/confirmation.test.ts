/**
 * Verified signatures: held until confirmed from an email, a scanner-safe link (GET shows, POST
 * confirms, once), expired and tampered links refused with clear pages, only confirmed signatures
 * counted (exactly, however late), re-sends limited with identical answers, a reminder, purging.
 */
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../functions/app";
import { MAX_CONFIRMATION_EMAILS_PER_DAY } from "../../src/signing/confirmation";
import { confirmationToken } from "../../src/signing/confirmation-token";
import { ADMIN, call, createPetition, expectProblem, freshIp, signatureRows } from "../helpers/index";
import { expectTallyExact, runCron, storedCount } from "../helpers/tally";

interface SentEmail {
  headers: Record<string, string>;
  body: { from: string; to: string[]; subject: string; text: string };
}

/** What the email API (a loopback recorder) received for `address`. */
async function emailsTo(address: string): Promise<SentEmail[]> {
  const res = await fetch(`${env.TEST_EMAIL_API_URL}/__requests`);
  const requests = (await res.json()) as { headers: Record<string, string>; body: string }[];
  return requests
    .map((r) => ({ headers: r.headers, body: JSON.parse(r.body) }))
    .filter((email: SentEmail) => email.body.to.includes(address));
}

function linkIn(email: SentEmail): string {
  const link = email.body.text.match(/https:\/\/petitions\.test\/confirm\/\S+/)?.[0];
  expect(link, email.body.text).toBeDefined();
  return new URL(link!).pathname;
}

function sign(slug: string, email: string, extra: Record<string, unknown> = {}) {
  return call(`/v1/petitions/${slug}/signatures`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "cf-connecting-ip": freshIp() },
    body: JSON.stringify({ email, name: "Cora Confirm", country: "NG", consent: true, ...extra }),
  });
}

async function pendingCount(slug: string): Promise<number> {
  return (await env.DB.prepare(
    `SELECT count(*) AS n FROM pending_signatures ps JOIN petitions p ON p.id = ps.petition_id WHERE p.slug = ?`,
  )
    .bind(slug)
    .first<number>("n"))!;
}

async function publishedCount(slug: string): Promise<number> {
  return ((await (await call(`/v1/petitions/${slug}/count`)).json()) as { count: number }).count;
}

/** The email that the sign request queued with waitUntil may land just after the answer. */
async function firstEmailTo(address: string): Promise<SentEmail> {
  await expect.poll(async () => (await emailsTo(address)).length, { timeout: 5000 }).toBeGreaterThan(0);
  return (await emailsTo(address))[0]!;
}

describe("a petition that verifies signatures by email", () => {
  it("holds a signature until the POST behind the link; GET only shows a button; the tally counts it then", async () => {
    const petition = await createPetition({ confirmation: "email", title: "Clean <b>water</b>" });
    const res = await sign(petition.slug, "cora@example.org");
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ status: "pending", petition: petition.slug, count: 0 });
    expect(await storedCount(petition.slug)).toBe(0);
    expect(await pendingCount(petition.slug)).toBe(1);

    const email = await firstEmailTo("cora@example.org");
    expect(email.headers.authorization).toBe("Bearer test-email-key");
    expect(email.body).toMatchObject({
      from: "Petitions <petitions@petitions.test>",
      subject: "Confirm your signature: Clean <b>water</b>",
    });
    expect(email.body.text).toContain("The link works for 7 days.");
    const link = linkIn(email);

    for (let i = 0; i < 2; i++) {
      const page = await call(link);
      expect(page.status).toBe(200);
      const text = await page.text();
      expect(text).toContain(`<form method="post" action="${link}">`);
      expect(text).toContain("Clean &lt;b&gt;water&lt;/b&gt;");
      expect(page.headers.get("content-security-policy")).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
    }
    await runCron();
    expect(await storedCount(petition.slug)).toBe(0);
    expect(await publishedCount(petition.slug)).toBe(0);

    const confirmed = await call(link, { method: "POST" });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain("Your signature is confirmed");
    expect(await pendingCount(petition.slug)).toBe(0);
    expect((await signatureRows(petition.slug)).map((r) => [r.email, r.name, r.country])).toEqual([
      ["cora@example.org", "Cora Confirm", "NG"],
    ]);
    await runCron();
    expect(await publishedCount(petition.slug)).toBe(1);

    // Once: the link is spent.
    const again = await call(link, { method: "POST" });
    expect(again.status).toBe(410);
    expect(await again.text()).toContain("This link was already used, or it expired.");
    expect(await storedCount(petition.slug)).toBe(1);
  });

  it("keeps the tally exact when a confirmation arrives after the watermark moved past its signing", async () => {
    const late = await createPetition({ confirmation: "email" });
    const open = await createPetition();
    expect((await sign(late.slug, "late-confirm@example.org")).status).toBe(201);
    const link = linkIn(await firstEmailTo("late-confirm@example.org"));
    for (let i = 0; i < 3; i++) expect((await sign(open.slug, `meanwhile${i}@example.org`)).status).toBe(201);
    await runCron();
    await expectTallyExact();

    expect((await call(link, { method: "POST" })).status).toBe(200);
    expect((await sign(open.slug, "after@example.org")).status).toBe(201);
    await runCron();
    await expectTallyExact();
    expect(await publishedCount(late.slug)).toBe(1);
    expect(await publishedCount(open.slug)).toBe(4);
  });

  it("refuses a tampered link and an expired one with clear pages, confirming nothing", async () => {
    const petition = await createPetition({ confirmation: "email" });
    expect((await sign(petition.slug, "tamper@example.org")).status).toBe(201);
    const link = linkIn(await firstEmailTo("tamper@example.org"));
    const [id] = link.slice("/confirm/".length).split(".");

    const tampered = `/confirm/${Number(id) + 1}${link.slice(`/confirm/${id}`.length)}`;
    const lastCharChanged = `${link.slice(0, -1)}${link.endsWith("A") ? "B" : "A"}`;
    for (const path of [tampered, lastCharChanged, "/confirm/nonsense", "/confirm/%3Cscript%3E"]) {
      const res = await call(path, { method: "POST" });
      expect(res.status, path).toBe(400);
      const text = await res.text();
      expect(text).toContain("This confirmation link is not valid.");
      expect(text).not.toContain("<script>");
    }
    const expiredToken = await confirmationToken(env.HASH_KEY, Number(id), Date.now() - 1000);
    for (const method of ["GET", "POST"]) {
      const res = await call(`/confirm/${expiredToken}`, { method });
      expect(res.status).toBe(410);
      expect(await res.text()).toContain("This confirmation link has expired.");
    }
    expect(await storedCount(petition.slug)).toBe(0);
    expect(await pendingCount(petition.slug)).toBe(1);
  });

  it("a repeat signature re-sends the link a few times a day at most, answering exactly as a first one", async () => {
    const petition = await createPetition({ confirmation: "email" });
    const answers = [];
    for (let i = 0; i < MAX_CONFIRMATION_EMAILS_PER_DAY + 2; i++) {
      const res = await sign(petition.slug, i % 2 ? "Resend@Example.org" : "resend@example.org");
      answers.push({ status: res.status, body: await res.text(), type: res.headers.get("content-type") });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    const firstTime = await sign(petition.slug, "someone-new@example.org");
    expect({ status: firstTime.status, body: await firstTime.text() }).toEqual({
      status: answers[0]!.status,
      body: answers[0]!.body,
    });

    await expect
      .poll(async () => (await emailsTo("resend@example.org")).length + (await emailsTo("Resend@Example.org")).length)
      .toBe(MAX_CONFIRMATION_EMAILS_PER_DAY);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await emailsTo("resend@example.org")).length + (await emailsTo("Resend@Example.org")).length).toBe(
      MAX_CONFIRMATION_EMAILS_PER_DAY,
    );
    expect(await pendingCount(petition.slug)).toBe(2);

    // A new day's window sends again.
    await env.DB.prepare(`UPDATE pending_signatures SET sends_since = sends_since - 86400000`).run();
    expect((await sign(petition.slug, "resend@example.org")).status).toBe(201);
    await expect.poll(async () => (await emailsTo("resend@example.org")).length).toBe(3);
  });

  it("a person already confirmed gets the same answer and no email", async () => {
    const petition = await createPetition({ confirmation: "email" });
    expect((await sign(petition.slug, "done@example.org")).status).toBe(201);
    expect((await call(linkIn(await firstEmailTo("done@example.org")), { method: "POST" })).status).toBe(200);
    const again = await sign(petition.slug, "done@example.org");
    expect(await again.json()).toEqual({ status: "pending", petition: petition.slug, count: 0 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await emailsTo("done@example.org")).toHaveLength(1);
    expect(await pendingCount(petition.slug)).toBe(0);
  });

  it("writes the email in the signer's language, the petition's title in its translation", async () => {
    const petition = await createPetition({
      confirmation: "email",
      title: "Clean water",
      translations: { "pt-BR": { title: "Água limpa" } },
    });
    expect((await sign(petition.slug, "lingua@example.org", { locale: "pt-BR" })).status).toBe(201);
    const email = await firstEmailTo("lingua@example.org");
    expect(email.body.subject).toBe("Confirme sua assinatura: Água limpa");
    const page = await call(linkIn(email));
    expect(await page.text()).toContain('<html lang="pt" dir="ltr">');
  });

  it("says how long the link works in the plural the language takes, one paragraph each", async () => {
    const petition = await createPetition({ confirmation: "email", title: "Чистый воздух" });
    expect((await sign(petition.slug, "vera@example.org", { locale: "ru" })).status).toBe(201);
    const email = await firstEmailTo("vera@example.org");
    expect(email.body.subject).toBe("Подтвердите подпись: Чистый воздух");
    const paragraphs = email.body.text.split("\n\n");
    expect(paragraphs[0]).toBe("Спасибо за подпись под петицией «Чистый воздух».");
    expect(paragraphs[1]).toMatch(
      /^Ваша подпись будет учтена после подтверждения\. .*:\nhttps:\/\/petitions\.test\/confirm\//,
    );
    expect(paragraphs[2]).toBe("Ссылка действует 7 дней.");
    expect(paragraphs[3]).toMatch(/^Если вы не подписывали петицию/);
  });

  it("exports confirmed signatures, or when asked the pending ones", async () => {
    const petition = await createPetition({ confirmation: "email" });
    expect((await sign(petition.slug, "exported@example.org")).status).toBe(201);
    expect((await sign(petition.slug, "not-yet@example.org")).status).toBe(201);
    await call(linkIn(await firstEmailTo("exported@example.org")), { method: "POST" });
    const csv = await (await call(`/v1/petitions/${petition.slug}/signatures.csv`, { headers: ADMIN })).text();
    expect(csv).toContain("exported@example.org");
    expect(csv).not.toContain("not-yet@example.org");
    const pending = await call(`/v1/petitions/${petition.slug}/signatures.csv?signatures=pending`, { headers: ADMIN });
    const lines = (await pending.text()).split("\r\n");
    expect(lines[0]).toBe("email,name,country,postcode,consent,locale,source,partner_key,signed_at");
    expect(lines.slice(1)).toEqual([expect.stringMatching(/^not-yet@example\.org,Cora Confirm,NG,,yes,,,,\d{4}-/), ""]);
  });

  it("reminds once after two days, and purges held signatures at expiry", async () => {
    const petition = await createPetition({ confirmation: "email" });
    expect((await sign(petition.slug, "remind-me@example.org")).status).toBe(201);
    expect((await sign(petition.slug, "let-expire@example.org")).status).toBe(201);
    await firstEmailTo("remind-me@example.org");
    const threeDaysAgo = Date.now() - 3 * 86_400_000;
    await env.DB.prepare(
      `UPDATE pending_signatures SET created_at = ? WHERE petition_id = (SELECT id FROM petitions WHERE slug = ?)`,
    )
      .bind(threeDaysAgo, petition.slug)
      .run();
    await env.DB.prepare(
      `UPDATE pending_signatures SET expires_at = ? WHERE dedupe_key IN (
         SELECT dedupe_key FROM pending_signatures ps JOIN petitions p ON p.id = ps.petition_id WHERE p.slug = ?
         ORDER BY ps.id DESC LIMIT 1)`,
    )
      .bind(Date.now() - 1, petition.slug)
      .run();

    await runCron();
    await runCron();
    const reminders = (await emailsTo("remind-me@example.org")).filter((e) => e.body.subject.startsWith("Reminder:"));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.body.text).toContain("is not confirmed yet");
    expect(await emailsTo("let-expire@example.org")).toHaveLength(1);
    expect(await pendingCount(petition.slug)).toBe(1);

    // The reminder's link works like the first one.
    expect((await call(linkIn(reminders[0]!), { method: "POST" })).status).toBe(200);
    expect(await storedCount(petition.slug)).toBe(1);
  });

  it("a confirmation after the petition closed is refused with a page, and not counted", async () => {
    const petition = await createPetition({ confirmation: "email" });
    expect((await sign(petition.slug, "too-late@example.org")).status).toBe(201);
    const link = linkIn(await firstEmailTo("too-late@example.org"));
    const patch = await call(`/v1/petitions/${petition.slug}`, {
      method: "PATCH",
      headers: { ...ADMIN, "Content-Type": "application/json" },
      body: '{"status":"closed"}',
    });
    expect(patch.status).toBe(200);
    const res = await call(link, { method: "POST" });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("This petition closed before your signature was confirmed");
    expect(await storedCount(petition.slug)).toBe(0);
  });

  it("a D1 failure while holding a signature is a 503 with Retry-After, not a 500", async () => {
    const petition = await createPetition({ confirmation: "email" });
    const failing = new Proxy(env.DB, {
      get: (target, prop) =>
        prop === "prepare"
          ? () => {
              throw new Error("D1_ERROR: Database is overloaded");
            }
          : Reflect.get(target, prop),
    });
    await call(`/embed/${petition.slug}`); // the petition's settings cached, as on a busy isolate
    const res = await app.request(
      `/v1/petitions/${petition.slug}/signatures`,
      {
        method: "POST",
        headers: { "Content-Type": "application/json", "cf-connecting-ip": freshIp() },
        body: JSON.stringify({ email: "overloaded@example.org", name: "O", consent: true }),
      },
      { ...env, DB: failing },
      createExecutionContext(),
    );
    expect((await expectProblem(res, 503)).type).toBe("/problems/signing-unavailable");
    expect(res.headers.get("retry-after")).toBe("30");
  });

  it("without email settings, signing fails closed (503) rather than taking unverified signatures", async () => {
    const petition = await createPetition({ confirmation: "email" });
    const res = await app.request(
      `/v1/petitions/${petition.slug}/signatures`,
      {
        method: "POST",
        headers: { "Content-Type": "application/json", "cf-connecting-ip": freshIp() },
        body: JSON.stringify({ email: "unsent@example.org", name: "U", consent: true }),
      },
      { ...env, EMAIL_API_URL: "" },
      createExecutionContext(),
    );
    expect((await expectProblem(res, 503)).detail).toContain("EMAIL_API_URL");
    expect(await pendingCount(petition.slug)).toBe(0);
  });
});

describe("around a held signature", () => {
  it("erasure removes it too, and its link is then spent", async () => {
    const petition = await createPetition({ confirmation: "email" });
    expect((await sign(petition.slug, "erase-held@example.org")).status).toBe(201);
    const link = linkIn(await firstEmailTo("erase-held@example.org"));
    const erased = await call("/v1/admin/erasures", {
      method: "POST",
      headers: { ...ADMIN, "Content-Type": "application/json" },
      body: '{"email":"Erase-Held@example.org"}',
    });
    expect(erased.status).toBe(200);
    expect(await pendingCount(petition.slug)).toBe(0);
    expect((await call(link, { method: "POST" })).status).toBe(410);
    expect(await storedCount(petition.slug)).toBe(0);
  });

  it("the thank-you pages tell every signer to check their email", async () => {
    const verified = await createPetition({ confirmation: "email" });
    const plain = await createPetition();
    const note = "Check your email: your signature counts once you confirm it";
    expect(await (await call(`/embed/${verified.slug}/thanks`)).text()).toContain(note);
    expect(await (await call(`/embed/${verified.slug}`)).text()).toContain(note);
    expect(await (await call(`/embed/${plain.slug}/thanks`)).text()).not.toContain(note);
  });
});
