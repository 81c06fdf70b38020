import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../functions/app";
import type { SignatureMessage } from "../../src/signing/queue-sender";
import { ADMIN, call, createPetition, expectProblem, signatureRows, signJson } from "../helpers";
import { deliver } from "../helpers/queue";
import { runCron } from "../helpers/tally";
import { bearer, createKey } from "./helpers";

function importBatch(slug: string, body: string, auth: Record<string, string>, type = "application/json") {
  return call(`/v1/petitions/${slug}/signatures/batch`, {
    method: "POST",
    headers: { "Content-Type": type, "cf-connecting-ip": "203.0.113.50", ...auth },
    body,
  });
}

const people = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => ({ email: `${prefix}-${i}@example.org`, name: `Person ${i}`, country: "BR" }));

describe("batch import", () => {
  it("judges each item alone and never tells a repeat from a first signature", async () => {
    const petition = await createPetition();
    const key = await createKey();
    expect((await signJson(petition.slug, { email: "earlier@example.org", name: "E" })).status).toBe(201);
    const body = [
      { email: "one@example.org", name: "One", source: "paper" },
      { email: "not-an-address", name: "Bad" },
      { email: "earlier@example.org", name: "E" },
      { email: "two@example.org" },
      { email: "one@example.org", name: "One again" },
      { email: "three@example.org", name: "T", colour: "red" },
    ];
    const res = await importBatch(petition.slug, JSON.stringify(body), bearer(key));
    expect(res.status).toBe(200);
    const answer = await res.json<any>();
    expect(answer.accepted).toBe(3);
    expect(answer.rejected).toBe(3);
    expect(answer.items.map((item: any) => item.status)).toEqual([
      "accepted",
      "rejected",
      "accepted",
      "rejected",
      "accepted",
      "rejected",
    ]);
    expect(answer.items[1].problem).toMatchObject({ status: 422, errors: [{ path: "email" }] });
    expect(answer.items[3].problem).toMatchObject({ status: 422, errors: [{ path: "name", message: "Required" }] });
    expect(answer.items[5].problem.errors).toEqual([{ path: "colour", message: "Unknown field" }]);
    // A repeat answers as a first: same shape, nothing more.
    expect(answer.items[2]).toEqual({ index: 2, status: "accepted" });
    expect(answer.items[0]).toEqual({ index: 0, status: "accepted" });
    const rows = await signatureRows(petition.slug);
    expect(rows.map((row) => row.email).sort()).toEqual(["earlier@example.org", "one@example.org"]);
    expect(rows.find((row) => row.email === "one@example.org")).toMatchObject({ source: "paper", api_key_id: key.id });
  });

  it("takes CSV with a header row, quoted fields and signed_at for paper signatures", async () => {
    const petition = await createPetition({ fields: { name: "required", postcode: "optional" } });
    const key = await createKey();
    const csv = [
      "\uFEFFemail,name,postcode,country,consent,signed_at,source",
      'maria@example.org,"Silva, Maria",01310-100,BR,yes,2026-11-20T10:00:00Z,rally',
      '"quoted@example.org","Li ""Lee"" Wei",,CN,,,',
      "",
      "future@example.org,F,,FR,,2999-01-01T00:00:00Z,",
    ].join("\r\n");
    const res = await importBatch(petition.slug, csv, bearer(key), "text/csv; charset=utf-8");
    expect(res.status, await res.clone().text()).toBe(200);
    const answer = await res.json<any>();
    expect(answer.items.map((item: any) => item.status)).toEqual(["accepted", "accepted", "rejected"]);
    expect(answer.items[2].problem.errors).toEqual([{ path: "signed_at", message: "not in the future" }]);
    const rows = await signatureRows(petition.slug);
    const maria = rows.find((row) => row.email === "maria@example.org")!;
    expect(maria).toMatchObject({ name: "Silva, Maria", postcode: "01310-100", consent: 1, source: "rally" });
    expect(maria.created_at).toBe(Date.parse("2026-11-20T10:00:00Z"));
    expect(rows.find((row) => row.email === "quoted@example.org")).toMatchObject({
      name: 'Li "Lee" Wei',
      country: "CN",
    });
  });

  it("refuses bodies it cannot judge, and stores nothing", async () => {
    const petition = await createPetition();
    const key = await createKey();
    const tooMany = await expectProblem(
      await importBatch(petition.slug, JSON.stringify(people(1001, "many")), bearer(key)),
      413,
    );
    expect(tooMany.detail).toContain("1000");
    await expectProblem(await importBatch(petition.slug, "[{", bearer(key)), 400);
    const notArray = await expectProblem(
      await importBatch(petition.slug, '{"email":"a@example.org"}', bearer(key)),
      422,
    );
    expect(notArray.errors).toEqual([{ path: "body", message: "Expected an array of signatures" }]);
    const column = await expectProblem(
      await importBatch(petition.slug, "email,favourite\r\na@example.org,x", bearer(key), "text/csv"),
      422,
    );
    expect(column.errors).toEqual([{ path: "header.1", message: 'Unknown column "favourite"' }]);
    await expectProblem(await importBatch(petition.slug, 'email\r\n"a@example.org', bearer(key), "text/csv"), 400);
    await expectProblem(
      await importBatch(petition.slug, "email=a", bearer(key), "application/x-www-form-urlencoded"),
      415,
    );
    await expectProblem(
      await importBatch(petition.slug, JSON.stringify([{ email: "x".repeat(1_100_000) }]), bearer(key)),
      413,
    );
    expect(await signatureRows(petition.slug)).toEqual([]);
  });

  it("answers 401, 403, 404, 409 and 429 before taking any item", async () => {
    const [petition, closed] = await Promise.all([createPetition(), createPetition({ status: "closed" })]);
    const body = JSON.stringify(people(6, "refused"));
    await expectProblem(await importBatch(petition.slug, body, {}), 401);
    await expectProblem(
      await importBatch(petition.slug, body, bearer(await createKey({ scopes: ["signatures:read"] }))),
      403,
    );
    await expectProblem(await importBatch("no-such-petition", body, bearer(await createKey())), 404);
    await expectProblem(await importBatch(closed.slug, body, ADMIN), 409);
    // The limits come first, as for one signature: six items are over a limit of five.
    const key = await createKey({ rate_limit_per_minute: 5 });
    await expectProblem(await importBatch(petition.slug, body, bearer(key)), 429);
    expect(await signatureRows(petition.slug)).toEqual([]);
    expect(await signatureRows(closed.slug)).toEqual([]);
  });

  it("in queue mode, sends the batch in messages of 100 that the consumer stores exactly", async () => {
    const petition = await createPetition();
    const sent: SignatureMessage[] = [];
    const queue = {
      send: async () => undefined,
      sendBatch: async (messages: { body: SignatureMessage }[]) => void sent.push(...messages.map((m) => m.body)),
    };
    const res = await app.fetch(
      new Request(`https://petitions.test/v1/petitions/${petition.slug}/signatures/batch`, {
        method: "POST",
        headers: { ...ADMIN, "Content-Type": "application/json" },
        body: JSON.stringify(people(250, "queued")),
      }),
      { ...env, SIGNATURE_WRITE_MODE: "queue", SIGNATURE_QUEUE: queue as unknown as Queue },
      createExecutionContext(),
    );
    expect(res.status).toBe(200);
    expect((await res.json<any>()).accepted).toBe(250);
    expect(sent.map((body) => (Array.isArray(body) ? body.length : 1))).toEqual([100, 100, 50]);
    expect(await signatureRows(petition.slug)).toEqual([]);
    expect((await deliver(sent)).ackAll).toBe(true);
    expect(await signatureRows(petition.slug)).toHaveLength(250);
  });
});

describe("attribution where organisers read it", () => {
  it("names the partner key in the CSV export, the report and its by=source CSV", async () => {
    const petition = await createPetition();
    const key = await createKey();
    const body = JSON.stringify([{ email: "attributed@example.org", name: "A", source: "fair" }]);
    expect((await importBatch(petition.slug, body, bearer(key))).status).toBe(200);
    const csv = await (await call(`/v1/petitions/${petition.slug}/signatures.csv`, { headers: ADMIN })).text();
    expect(csv.split("\r\n")[1]).toMatch(new RegExp(`^attributed@example\\.org,A,\\w\\w,,no,,fair,${key.id},`));
    await runCron();
    const report = await (await call(`/v1/petitions/${petition.slug}/report`, { headers: ADMIN })).json<any>();
    expect(report.sources).toEqual([{ source: "fair", api_key_id: key.id, count: 1 }]);
    const bySource = await call(`/v1/petitions/${petition.slug}/report?format=csv&by=source`, { headers: ADMIN });
    expect(await bySource.text()).toBe(`source,partner_key,signatures\r\nfair,${key.id},1\r\n`);
  });
});
