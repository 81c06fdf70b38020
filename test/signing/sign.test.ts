import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../functions/app";
import {
  call,
  countingD1,
  createPetition,
  expectProblem,
  freshIp,
  signatureRows,
  signJson,
  totalSignatureRows,
} from "../helpers/index";

const signer = (overrides: Record<string, unknown> = {}) => ({
  email: "alex@example.org",
  name: "Alex Doe",
  country: "BR",
  consent: true,
  ...overrides,
});

describe("signing", () => {
  it("JSON: 201 with the receipt; the row holds what was sent, hashes instead of an IP", async () => {
    const petition = await createPetition({ fields: { name: "required", postcode: "optional" } });
    const res = await signJson(
      petition.slug,
      signer({ email: " Alex@Example.org ", postcode: "01310-100", locale: "pt-BR", source: "whatsapp" }),
      { "cf-connecting-ip": "203.0.113.9" },
    );
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(await res.json()).toEqual({ status: "signed", petition: petition.slug, count: 0 });

    const rows = await signatureRows(petition.slug);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      email: "Alex@Example.org",
      name: "Alex Doe",
      country: "BR",
      postcode: "01310-100",
      consent: 1,
      locale: "pt-BR",
      source: "whatsapp",
    });
    expect(rows[0]!.network_hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(rows[0])).not.toContain("203.0.113");
  });

  it("urlencoded form: first_name/last_name joined, a ticked box is consent, country from the form", async () => {
    const petition = await createPetition();
    const form = new URLSearchParams({
      email: "sam@example.org",
      first_name: "Sam",
      last_name: "Lee",
      country: "fr",
      consent: "on",
    });
    const res = await call(`/v1/petitions/${petition.slug}/signatures`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "cf-connecting-ip": freshIp() },
      body: form.toString(),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    expect((await signatureRows(petition.slug))[0]).toMatchObject({ name: "Sam Lee", country: "FR", consent: 1 });
  });

  it("multipart form: an unticked box (absent) is no consent", async () => {
    const petition = await createPetition();
    const form = new FormData();
    form.set("email", "kim@example.org");
    form.set("name", "Kim");
    form.set("country", "DE");
    const res = await call(`/v1/petitions/${petition.slug}/signatures`, {
      method: "POST",
      headers: { "cf-connecting-ip": freshIp() },
      body: form,
    });
    expect(res.status, await res.clone().text()).toBe(201);
    expect((await signatureRows(petition.slug))[0]).toMatchObject({ name: "Kim", country: "DE", consent: 0 });
  });

  it("country defaults to the edge's request.cf.country, and to XX when the edge does not know", async () => {
    const petition = await createPetition();
    const located = await call(`/v1/petitions/${petition.slug}/signatures`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "cf-connecting-ip": freshIp() },
      body: JSON.stringify({ email: "kenya@example.org", name: "K" }),
      cf: { country: "KE" },
    });
    expect(located.status).toBe(201);
    const tor = await call(`/v1/petitions/${petition.slug}/signatures`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "cf-connecting-ip": freshIp() },
      body: JSON.stringify({ email: "tor@example.org", name: "T" }),
      cf: { country: "T1" },
    });
    expect(tor.status).toBe(201);
    expect((await signatureRows(petition.slug)).map((r) => [r.email, r.country])).toEqual([
      ["kenya@example.org", "KE"],
      ["tor@example.org", "XX"],
    ]);
  });

  it("a fields config: a required postcode is required, a field that is off is not stored", async () => {
    const petition = await createPetition({ fields: { name: "off", postcode: "required" } });
    const missing = await expectProblem(await signJson(petition.slug, { email: "pc@example.org" }), 422);
    expect(missing.errors).toEqual([{ path: "postcode", message: "Required" }]);
    expect(await signatureRows(petition.slug)).toHaveLength(0);

    expect(
      (await signJson(petition.slug, { email: "pc@example.org", name: "Ignored", postcode: "SW1A 1AA" })).status,
    ).toBe(201);
    expect((await signatureRows(petition.slug))[0]).toMatchObject({ name: null, postcode: "SW1A 1AA" });
  });
});

describe("one signature per person per petition", () => {
  it("variants of one address are one person: Gmail dots, googlemail, +tags, case, whitespace", async () => {
    const petition = await createPetition();
    const variants = [
      "jane.doe@gmail.com",
      "JaneDoe@Gmail.com",
      " j.a.n.e.d.o.e+petition@googlemail.com ",
      "janedoe+x@GMAIL.COM",
    ];
    for (const email of variants) expect((await signJson(petition.slug, signer({ email }))).status).toBe(201);
    const rows = await signatureRows(petition.slug);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.email).toBe("jane.doe@gmail.com");

    // Dots matter outside Gmail, and the same person may sign another petition.
    expect((await signJson(petition.slug, signer({ email: "jane.doe@example.org" }))).status).toBe(201);
    expect((await signJson(petition.slug, signer({ email: "janedoe@example.org" }))).status).toBe(201);
    expect(await signatureRows(petition.slug)).toHaveLength(3);
    const other = await createPetition();
    expect((await signJson(other.slug, signer({ email: "jane.doe@gmail.com" }))).status).toBe(201);
    expect(await signatureRows(other.slug)).toHaveLength(1);
  });

  it("a repeat signature is indistinguishable from a first one: status, headers that matter, body", async () => {
    const petition = await createPetition();
    const ip = "192.0.2.10";
    const first = await signJson(petition.slug, signer({ email: "repeat@example.org" }), { "cf-connecting-ip": ip });
    const again = await signJson(petition.slug, signer({ email: "Repeat+2@example.org", name: "Someone else" }), {
      "cf-connecting-ip": "192.0.2.11",
    });
    const fresh = await signJson(petition.slug, signer({ email: "new@example.org" }), {
      "cf-connecting-ip": "192.0.3.12",
    });
    expect(again.status).toBe(first.status);
    expect(fresh.status).toBe(first.status);
    const [a, b, c] = await Promise.all([first.text(), again.text(), fresh.text()]);
    expect(b).toBe(a);
    expect(c).toBe(a);
    const shape = (res: Response) => [...res.headers.keys()].filter((k) => k !== "date").sort();
    expect(shape(again)).toEqual(shape(first));
    expect(await signatureRows(petition.slug)).toHaveLength(2);
  });

  it("50 concurrent signers of which 10 repeat an address: exactly 40 rows", async () => {
    const petition = await createPetition();
    const emails = Array.from({ length: 40 }, (_, i) => `crowd${i}@example.org`);
    const repeats = emails.slice(0, 10).map((e) => e.toUpperCase());
    const responses = await Promise.all(
      [...emails, ...repeats].map((email) => signJson(petition.slug, signer({ email }))),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    expect(await signatureRows(petition.slug)).toHaveLength(40);
  });

  it("a filled honeypot gets the normal answer and stores nothing", async () => {
    const petition = await createPetition();
    const res = await signJson(petition.slug, signer({ email: "bot@example.org", website: "http://spam.example" }));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ status: "signed", petition: petition.slug, count: 0 });
    expect(await signatureRows(petition.slug)).toHaveLength(0);
  });
});

describe("bad requests change nothing", () => {
  it("each gets its problem+json status and no row is written", async () => {
    const open = await createPetition();
    const closed = await createPetition({ status: "closed" });
    const expired = await createPetition({ closes_at: "2020-02-02T00:00:00Z" });
    const draft = await createPetition({ status: "draft" });
    const before = await totalSignatureRows();
    const path = `/v1/petitions/${open.slug}/signatures`;
    const post = (body: BodyInit, type: string) =>
      call(path, { method: "POST", headers: { "Content-Type": type, "cf-connecting-ip": freshIp() }, body });

    const malformed = await expectProblem(await post('{"email": ', "application/json"), 400);
    expect(malformed.type).toBe("/problems/malformed-body");

    const invalid = await expectProblem(
      await signJson(open.slug, { email: "not-an-email", country: "ZZ", consent: 7, name: 42 }),
      422,
    );
    expect(invalid.errors.map((e: { path: string }) => e.path).sort()).toEqual(["consent", "country", "email", "name"]);

    for (const body of ["[]", "null", '"alex@example.org"']) {
      expect((await expectProblem(await post(body, "application/json"), 422)).errors[0].path).toBe("body");
    }
    await expectProblem(await signJson(open.slug, {}), 422);
    await expectProblem(await signJson(open.slug, signer({ email: `${"a".repeat(250)}@example.org` })), 422);
    await expectProblem(await post(JSON.stringify(signer({ name: "x".repeat(17_000) })), "application/json"), 413);
    await expectProblem(await post("email=a@b.org", "text/plain"), 415);
    const noType = await call(path, { method: "POST", headers: { "cf-connecting-ip": freshIp() } });
    await expectProblem(noType, 415);

    await expectProblem(await signJson("no-such-petition", signer()), 404);
    await expectProblem(await signJson(draft.slug, signer()), 404);
    expect((await expectProblem(await signJson(closed.slug, signer()), 409)).type).toBe("/problems/petition-closed");
    expect((await expectProblem(await signJson(expired.slug, signer()), 409)).type).toBe("/problems/petition-closed");
    await expectProblem(await signJson("Bad_Slug", signer()), 422);

    expect(await totalSignatureRows()).toBe(before);
  });

  it("closing a petition takes effect at once for signers", async () => {
    const petition = await createPetition();
    expect((await signJson(petition.slug, signer({ email: "early@example.org" }))).status).toBe(201);
    const patched = await call(`/v1/petitions/${petition.slug}`, {
      method: "PATCH",
      headers: { Authorization: "Bearer test-admin-token", "Content-Type": "application/json" },
      body: JSON.stringify({ status: "closed" }),
    });
    expect(patched.status).toBe(200);
    await expectProblem(await signJson(petition.slug, signer({ email: "late@example.org" })), 409);
    expect(await signatureRows(petition.slug)).toHaveLength(1);
  });

  it("a petition closed behind a stale settings cache is still refused by D1, first and repeat signers alike", async () => {
    const petition = await createPetition();
    expect((await signJson(petition.slug, signer({ email: "before@example.org" }))).status).toBe(201); // caches the settings
    // Closed without going through the API: every cache still says open, as in another isolate.
    await env.DB.prepare("UPDATE petitions SET status = 'closed' WHERE slug = ?").bind(petition.slug).run();
    for (const email of ["after@example.org", "before@example.org"]) {
      expect((await expectProblem(await signJson(petition.slug, signer({ email })), 409)).type).toBe(
        "/problems/petition-closed",
      );
    }
    await env.DB.prepare("UPDATE petitions SET status = 'open', closes_at = ? WHERE slug = ?")
      .bind(new Date(Date.now() - 1000).toISOString(), petition.slug)
      .run();
    await expectProblem(await signJson(petition.slug, signer({ email: "expired@example.org" })), 409);
    expect((await signatureRows(petition.slug)).map((r) => r.email)).toEqual(["before@example.org"]);
  });

  it("refuses to sign (503, nothing stored) when HASH_KEY is not configured", async () => {
    const petition = await createPetition();
    const res = await app.request(
      `/v1/petitions/${petition.slug}/signatures`,
      { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(signer()) },
      { ...env, HASH_KEY: "" },
    );
    await expectProblem(res, 503);
    expect(await signatureRows(petition.slug)).toHaveLength(0);
  });
});

describe("cost of a signature", () => {
  it("one D1 statement per signature once the petition's settings are cached: the INSERT", async () => {
    const petition = await createPetition();
    expect((await signJson(petition.slug, signer({ email: "warm@example.org" }))).status).toBe(201);

    const { db, statements } = countingD1(env.DB);
    const res = await app.request(
      `/v1/petitions/${petition.slug}/signatures`,
      {
        method: "POST",
        headers: { "Content-Type": "application/json", "cf-connecting-ip": freshIp() },
        body: JSON.stringify(signer({ email: "meta@example.org" })),
      },
      { ...env, DB: db },
      createExecutionContext(),
    );
    expect(res.status).toBe(201);
    expect(statements).toHaveLength(1);
    expect(statements[0]!.sql).toMatch(/^INSERT INTO signatures/);
    const meta = statements[0]!.meta!;
    expect(meta.changes).toBe(1);
    console.log(`signature INSERT: rows_written=${meta.rows_written} rows_read=${meta.rows_read}`);
    // The row, its UNIQUE index entry, its signatures_by_petition entry (OSDI pages; migration 0012),
    // and AUTOINCREMENT's sqlite_sequence. A public signature has no api_key_id: the partial partner index is not written.
    expect(meta.rows_written).toBe(4);
  });
});
