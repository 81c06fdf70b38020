/**
 * Removing signatures: erasure of a person and invalidation of a fraud wave, in short transactions
 * (issue 7), stay exact while signing and aggregation run between their chunks, finish exactly when
 * rerun after a fault or over an invocation's budget, and the tally follows.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../functions/app";
import { SCHEDULES } from "../../functions/cron";
import { eraseSignatures, invalidateSignatures } from "../../src/privacy/removal";
import { unbounded } from "../../src/store/call-budget";
import {
  catchUpAndExpectExact,
  count,
  dedupeKeyOf,
  failingAt,
  petitionIds,
  SMALL,
  signThroughApi,
  store,
  tallyNow,
} from "../helpers/bulk";
import { ADMIN, call, createPetition, expectProblem, signJson } from "../helpers/index";
import { expectTallyExact, runCron, storedCount } from "../helpers/tally";

describe("removal in chunks", { timeout: 30_000 }, () => {
  it("a fault mid-way leaves what was removed exact, and the rerun removes the rest", async () => {
    const ids = await petitionIds(2);
    await store(ids, 8);
    await store(ids.slice(1), 9, { source: "wave" });
    await catchUpAndExpectExact();
    await store(ids.slice(1), 3, { source: "wave" }); // not yet counted
    const criteria = { source: "wave" };
    await expect(
      // Transaction 0 records the removal; 1 and 2 remove a chunk each; 3 fails.
      invalidateSignatures(failingAt(3), env.HASH_KEY!, ids[1]!, criteria, Date.now(), unbounded(), SMALL.removal),
    ).rejects.toThrow(/no_such_table/);
    await catchUpAndExpectExact();
    const rest = await invalidateSignatures(
      env.DB,
      env.HASH_KEY!,
      ids[1]!,
      criteria,
      Date.now(),
      unbounded(),
      SMALL.removal,
    );
    expect(rest.removed).toBe(12 - 2 * SMALL.removal.rows);
    await expectTallyExact();
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM signatures WHERE source = 'wave'`).first<number>("n")).toBe(
      0,
    );
  });

  it("erasure records the person before the first deletion, so a fault still keeps their queued signatures out", async () => {
    const ids = await petitionIds(3);
    await store(ids, 3, { email: "gone@example.org" });
    await tallyNow();
    await expect(
      // Transaction 0 records the erasure with its removal; 1 is the first deletion.
      eraseSignatures(failingAt(1), env.HASH_KEY!, "gone@example.org", Date.now(), unbounded(), SMALL.removal),
    ).rejects.toThrow(/no_such_table/);
    const key = await dedupeKeyOf("gone@example.org");
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM erasures WHERE dedupe_key = ?`).bind(key).first("n")).toBe(
      1,
    );
    expect(
      await eraseSignatures(env.DB, env.HASH_KEY!, "gone@example.org", Date.now(), unbounded(), SMALL.removal),
    ).toMatchObject({
      removed: 3,
    });
    await catchUpAndExpectExact();
  });
});

describe("bulk steps across invocations (D1 allows 1,000 queries per invocation)", { timeout: 30_000 }, () => {
  it("an invalidation and an erasure over budget answer 202 with their status, and the cron removes the rest exactly", async () => {
    const ids = await petitionIds(2);
    const [petition] = (
      await env.DB.prepare(`SELECT slug FROM petitions WHERE id = ?`).bind(ids[0]).all<{
        slug: string;
      }>()
    ).results;
    await store(ids, 12);
    // More than one removal chunk (500 rows) of the wave.
    await store(ids.slice(0, 1), 1100, { source: "wave" });
    await store(ids, 2, { email: "leaving@example.org" });
    await runCron();
    await store(ids.slice(0, 1), 3, { source: "wave" }); // not yet counted
    // The request's budget fits one removal chunk (a read, a transaction, saving where it stands);
    // the minute's, that and reading which removals are under way.
    const tight = { ...env, D1_CALLS_PER_BULK_STEP: "3" };
    const tightMinute = { D1_CALLS_PER_BULK_STEP: "4" };
    const post = (path: string, body: unknown, budget = tight) =>
      app.request(
        path,
        { method: "POST", headers: { ...ADMIN, "Content-Type": "application/json" }, body: JSON.stringify(body) },
        budget,
      );
    const wave = await post(`/v1/admin/petitions/${petition!.slug}/invalidations`, { source: "wave" });
    expect(wave.status).toBe(202);
    const waveAnswer = await wave.json<{ invalidated: number; completed: boolean; status: string }>();
    expect(waveAnswer).toMatchObject({ completed: false, status: wave.headers.get("Location") });
    // One call fits no chunk at all: the request only records the erasure (and the removal).
    const erasure = await post(
      "/v1/admin/erasures",
      { email: "leaving@example.org" },
      { ...tight, D1_CALLS_PER_BULK_STEP: "1" },
    );
    expect(await erasure.clone().json()).toMatchObject({ erased: 0, completed: false });
    expect(erasure.status).toBe(202);
    const erasureStatus = erasure.headers.get("Location")!;
    await catchUpAndExpectExact();

    const statusOf = async (url: string) =>
      (await call(url, { headers: ADMIN })).json<{ removed: number; completed: boolean }>();
    let minutes = 0;
    while (!(await statusOf(waveAnswer.status)).completed || !(await statusOf(erasureStatus)).completed) {
      expect(++minutes).toBeLessThan(60);
      await runCron(SCHEDULES.tally, tightMinute);
      await expectTallyExact();
    }
    expect(minutes).toBeGreaterThan(1);
    expect(await statusOf(waveAnswer.status)).toMatchObject({ removed: 1103, completed: true });
    expect(await statusOf(erasureStatus)).toMatchObject({ removed: 2, completed: true });
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM signatures WHERE source = 'wave'`).first("n")).toBe(0);
    await catchUpAndExpectExact();
  });
});

describe("nothing lost or counted twice", () => {
  it("erasure removes a person everywhere and the tally follows in the same transaction", async () => {
    const [a, b] = await Promise.all([createPetition(), createPetition()]);
    await signThroughApi(a.slug, 3, "e");
    for (const p of [a, b])
      expect((await signJson(p.slug, { email: "Erase.Me+x@gmail.com", name: "E", country: "BR" })).status).toBe(201);
    await runCron();
    // Signed after the last run: not yet counted, so erasure must not subtract it.
    expect((await signJson(b.slug, { email: "late@example.org", name: "L", country: "KE" })).status).toBe(201);
    const res = await call("/v1/admin/erasures", {
      method: "POST",
      headers: { ...ADMIN, "Content-Type": "application/json" },
      body: JSON.stringify({ email: "eraseme@googlemail.com" }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ erased: 2, completed: true });
    expect(await storedCount(a.slug)).toBe(3);
    await runCron();
    await expectTallyExact();
    expect((await count(a.slug)).count).toBe(3);
    expect((await count(b.slug)).count).toBe(1);
  });
});

describe("invalidating a fraud wave", () => {
  const invalidate = (slug: string, body: unknown) =>
    call(`/v1/admin/petitions/${slug}/invalidations`, {
      method: "POST",
      headers: { ...ADMIN, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });

  it("removes one network's signatures on one petition, counted or not, with the tally adjusted", async () => {
    const [petition, other] = await Promise.all([createPetition(), createPetition()]);
    const bot = (i: number) =>
      signJson(
        petition.slug,
        { email: `bot${i}@example.org`, name: "B", country: "US" },
        { "cf-connecting-ip": `100.80.9.${i + 1}` },
      );
    for (let i = 0; i < 4; i++) expect((await bot(i)).status).toBe(201);
    expect(
      (
        await signJson(
          other.slug,
          { email: "bot-elsewhere@example.org", name: "B" },
          { "cf-connecting-ip": "100.80.9.50" },
        )
      ).status,
    ).toBe(201);
    await signThroughApi(petition.slug, 3, "human");
    await runCron();
    expect((await bot(4)).status).toBe(201); // not yet counted when voided

    const res = await invalidate(petition.slug, { ip: "100.80.9.200" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ invalidated: 5, completed: true });
    expect(await storedCount(petition.slug)).toBe(3);
    expect(await storedCount(other.slug)).toBe(1);
    await expectTallyExact();
    await runCron();
    await expectTallyExact();
    expect((await count(petition.slug)).count).toBe(3);
  });

  it("by source and time window; refuses to void a petition wholesale", async () => {
    const petition = await createPetition();
    for (let i = 0; i < 3; i++) {
      expect(
        (await signJson(petition.slug, { email: `ad${i}@example.org`, name: "A", source: "bought-ads" })).status,
      ).toBe(201);
    }
    await signThroughApi(petition.slug, 2, "organic");
    await runCron();
    const window = {
      from: new Date(Date.now() - 3_600_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
    };
    expect(await (await invalidate(petition.slug, { source: "bought-ads", ...window })).json()).toMatchObject({
      invalidated: 3,
      completed: true,
    });
    await expectTallyExact();
    const refused = await expectProblem(await invalidate(petition.slug, {}), 422);
    expect(refused.errors[0].message).toContain("at least one");
    await expectProblem(await invalidate(petition.slug, { ip: "not-an-ip" }), 422);
    await expectProblem(await invalidate("no-such-petition", { source: "x" }), 404);
    expect(await storedCount(petition.slug)).toBe(2);
  });
});
