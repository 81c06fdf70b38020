/**
 * Data leaving when it is no longer needed, and a person's access to what is held: retention
 * anonymises a closed petition's signatures in bounded steps and keeps every count; access requests
 * return everything held about an address, decrypted.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { keyringFrom } from "../../src/crypto/sealing";
import { rotateKeys } from "../../src/privacy/key-rotation";
import { applyRetention } from "../../src/privacy/retention";
import { ADMIN, call, createPetition, signatureRows, signJson } from "../helpers/index";
import { expectTallyExact, runCron } from "../helpers/tally";

const DAY_MS = 86_400_000;

const adminPost = (path: string, body: unknown, headers: Record<string, string> = ADMIN) =>
  call(path, {
    method: "POST",
    headers: { ...headers, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

async function closeAt(slug: string, closedAt: number): Promise<void> {
  const res = await call(`/v1/petitions/${slug}`, {
    method: "PATCH",
    headers: { ...ADMIN, "Content-Type": "application/json" },
    body: JSON.stringify({ status: "closed", closes_at: new Date(closedAt).toISOString() }),
  });
  expect(res.status).toBe(200);
}

async function publicCount(slug: string): Promise<unknown> {
  return (await (await call(`/v1/petitions/${slug}/count`)).json<{ count: number }>()).count;
}

async function report(slug: string): Promise<unknown> {
  const res = await call(`/v1/petitions/${slug}/report?granularity=day`, { headers: ADMIN });
  const { generated_at: _, ...body } = await res.json<Record<string, unknown>>();
  return body;
}

describe("retention", () => {
  it("anonymises a petition's signatures RETENTION_DAYS after it closed, in bounded steps, keeping every count", async () => {
    const old = await createPetition({ fields: { name: "required", postcode: "optional" } });
    const recent = await createPetition();
    for (let i = 0; i < 5; i++) {
      const body = {
        email: `kept-${i}@example.org`,
        name: `Retained ${i}`,
        postcode: "RT1 1AA",
        country: ["KE", "BR"][i % 2],
      };
      expect((await signJson(old.slug, body)).status).toBe(201);
    }
    expect((await signJson(recent.slug, { email: "recent@example.org", name: "Recent" })).status).toBe(201);
    await runCron();
    await closeAt(old.slug, Date.now() - 91 * DAY_MS);
    await closeAt(recent.slug, Date.now() - 10 * DAY_MS);
    const before = { count: await publicCount(old.slug), report: await report(old.slug) };
    expect(before.count).toBe(5);

    const steps = [];
    do {
      steps.push(await applyRetention(env.DB, 90, new Date(), 2));
      expect(steps.length).toBeLessThan(10_000);
    } while (steps.at(-1) && !steps.at(-1)!.done);
    expect(steps.length).toBeGreaterThan(1);
    expect(steps.reduce((sum, step) => sum + (step?.anonymised ?? 0), 0)).toBe(5);

    const rows = await signatureRows(old.slug);
    expect(rows).toHaveLength(5);
    for (const row of rows) {
      expect(row).toMatchObject({
        email: "",
        name: null,
        postcode: null,
        key_id: null,
        network_hash: "",
        email_domain_hash: null,
      });
      expect(row.dedupe_key).toBe(`anonymised:${row.id}`);
      expect(["KE", "BR"]).toContain(row.country);
    }
    expect((await signatureRows(recent.slug))[0]).toMatchObject({ email: "recent@example.org", name: "Recent" });

    // Counts and reports are as they were, before and after the nightly recount.
    await runCron();
    await expectTallyExact();
    expect({ count: await publicCount(old.slug), report: await report(old.slug) }).toEqual(before);
    await runCron("0 3 * * *");
    expect({ count: await publicCount(old.slug), report: await report(old.slug) }).toEqual(before);

    // Done once: the petition is marked, and neither a new walk nor key rotation touches its rows again.
    expect(await applyRetention(env.DB, 90, new Date(), 2)).toBeNull();
    const keyring = await keyringFrom(env.ENCRYPTION_KEYS);
    while (!(await rotateKeys(env.DB, keyring, 1000)).done);
    expect((await signatureRows(old.slug)).every((row) => row.email === "" && row.key_id === null)).toBe(true);
    const access = await adminPost("/v1/admin/access-requests", { email: "kept-1@example.org" });
    expect(await access.json()).toEqual({ signatures: [], pending: [] });
  });

  it("the minute cron takes the steps", async () => {
    const petition = await createPetition();
    expect((await signJson(petition.slug, { email: "cron-retained@example.org", name: "Cron" })).status).toBe(201);
    await closeAt(petition.slug, Date.now() - 200 * DAY_MS);
    for (let i = 0; i < 5 && (await signatureRows(petition.slug))[0]!.email !== ""; i++) await runCron();
    expect((await signatureRows(petition.slug))[0]).toMatchObject({ email: "", name: null });
  });
});
