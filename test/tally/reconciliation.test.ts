/**
 * Reconciliation in short transactions (issue 7): it stays exact while signing, aggregation, erasure and
 * invalidation run between its chunks, repairs drift, and finishes exactly when rerun after a fault or
 * over an invocation's budget.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { SCHEDULES } from "../../functions/cron";
import { eraseSignatures, invalidateSignatures } from "../../src/privacy/removal";
import { CallBudget, unbounded } from "../../src/store/call-budget";
import { readRecount } from "../../src/store/recount";
import { type Reconciliation, reconcile } from "../../src/tally/reconcile";
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
import { countingD1, createPetition, petitionIdOf } from "../helpers/index";
import { expectTallyExact, runCron } from "../helpers/tally";

/** A deterministic sequence, so a failing interleaving can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** A D1 binding that lets `between` run (on the real binding) before each of its transactions. */
function interleaved(between: (call: number) => Promise<unknown>): D1Database {
  let calls = 0;
  return new Proxy(env.DB, {
    get(target, prop) {
      if (prop === "batch")
        return async (statements: D1PreparedStatement[]) => {
          await between(calls++);
          return target.batch(statements);
        };
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const drifted = (result: Reconciliation) => Object.values(result.drift).flat();

describe("reconciliation in chunks", { timeout: 30_000 }, () => {
  it("finds no drift and stays exact while signing, aggregation, erasures and invalidations run between its chunks", async () => {
    const ids = await petitionIds(3);
    await store(ids, 30);
    await store(ids, 3, { email: "leaves@example.org" });
    await store(ids, 3, { email: "leaves-too@example.org" });
    await store(ids.slice(0, 1), 6, { source: "bot" });
    await tallyNow();
    const next = random(7);
    const everyKindOfWrite = async (call: number) => {
      const roll = next();
      if (call === 5)
        await eraseSignatures(env.DB, env.HASH_KEY!, "leaves@example.org", Date.now(), unbounded(), SMALL.removal);
      else if (roll < 0.4) await store(ids, 1 + Math.floor(next() * 3), { source: next() < 0.3 ? "bot" : undefined });
      else if (roll < 0.75) await tallyNow();
      else if (roll < 0.85)
        await invalidateSignatures(
          env.DB,
          env.HASH_KEY!,
          ids[0]!,
          { source: "bot" },
          Date.now(),
          unbounded(),
          SMALL.removal,
        );
    };

    for (let round = 0; round < 2; round++) {
      const result = await reconcile(interleaved(everyKindOfWrite), { now: Date.now(), ...SMALL.recount });
      expect(result.complete).toBe(true);
      expect(result.chunks).toBeGreaterThan(20);
      expect(drifted(result)).toEqual([]);
      expect((await readRecount(env.DB)).state).toBe("idle");
      await catchUpAndExpectExact();
    }

    // Removals interleaved with each other and with signing and aggregation.
    await store(ids.slice(0, 1), 4, { source: "bot" });
    const removals = await Promise.all([
      eraseSignatures(interleaved(everyKindOfWrite), env.HASH_KEY!, "leaves-too@example.org", Date.now(), unbounded(), {
        rows: 1,
        scanIds: 5,
      }),
      invalidateSignatures(
        interleaved(everyKindOfWrite),
        env.HASH_KEY!,
        ids[0]!,
        { source: "bot" },
        Date.now(),
        unbounded(),
        {
          rows: 1,
          scanIds: 4,
        },
      ),
    ]);
    expect(removals[0].removed).toBe(3);
    expect(removals[1].removed).toBeGreaterThan(0);
    await catchUpAndExpectExact();
    const signaturesOf = (email: string) =>
      dedupeKeyOf(email).then((key) =>
        env.DB.prepare(`SELECT count(*) AS n FROM signatures WHERE dedupe_key = ?`).bind(key).first<number>("n"),
      );
    expect(await signaturesOf("leaves@example.org")).toBe(0);
    expect(await signaturesOf("leaves-too@example.org")).toBe(0);
  });

  it("keeps the shadow exact when aggregation lags behind signing, and while it follows the watermark", async () => {
    const ids = await petitionIds(2);
    await store(ids, 12);
    // Nothing aggregated yet: the recount counts only up to the watermark, then aggregation carries it.
    const result = await reconcile(
      interleaved(async (call) => {
        await store(ids, 2);
        if (call % 3 === 0) await tallyNow();
      }),
      { now: Date.now(), ...SMALL.recount },
    );
    expect(result.complete).toBe(true);
    expect(drifted(result)).toEqual([]);
    await catchUpAndExpectExact();
  });

  it("two reconciliations at once (a retried cron) report no false drift and leave the tallies exact", async () => {
    const ids = await petitionIds(2);
    await store(ids, 20);
    await tallyNow();
    const writes = interleaved(async (call) => {
      if (call % 2 === 0) await store(ids, 1);
      else await tallyNow();
    });
    const runs = await Promise.all([
      reconcile(writes, { now: Date.now(), ...SMALL.recount }),
      reconcile(env.DB, { now: Date.now(), ...SMALL.recount }),
    ]);
    expect(runs.some((run) => run.complete)).toBe(true);
    expect(runs.flatMap(drifted)).toEqual([]);
    await catchUpAndExpectExact();
  });

  it("repairs drift in every table, a key range at a time, and logs what it was", async () => {
    const ids = await petitionIds(3);
    await store(ids, 25);
    await tallyNow();
    await catchUpAndExpectExact();
    const [first, second] = ids;
    await env.DB.batch([
      env.DB.prepare(`UPDATE petition_tallies SET count = count + 7 WHERE petition_id = ?`).bind(first),
      env.DB.prepare(`DELETE FROM petition_tallies WHERE petition_id = ?`).bind(second),
      env.DB.prepare(`UPDATE petition_country_tallies SET count = count - 1 WHERE petition_id = ?`).bind(first),
      env.DB.prepare(`UPDATE country_tallies SET count = count + 2 WHERE country = 'KE'`),
      env.DB.prepare(`INSERT INTO country_tallies (country, count) VALUES ('ZZ', 4)`),
      env.DB.prepare(`DELETE FROM petition_hourly WHERE petition_id = ?`).bind(first),
    ]);
    const result = await reconcile(
      interleaved(() => store(ids, 1)),
      { now: Date.now(), ...SMALL.recount },
    );
    expect(result.complete).toBe(true);
    const slug = async (id: number) =>
      (await env.DB.prepare(`SELECT slug FROM petitions WHERE id = ?`).bind(id).first<string>("slug"))!;
    expect(result.drift.petitions).toEqual(
      expect.arrayContaining([
        { label: await slug(first!), was: expect.any(Number), now: expect.any(Number) },
        { label: await slug(second!), was: 0, now: expect.any(Number) },
      ]),
    );
    expect(result.drift.petitions[0]!.was - result.drift.petitions[0]!.now).toBe(7);
    expect(result.drift.countries).toEqual(
      expect.arrayContaining([
        { label: "KE", was: expect.any(Number), now: expect.any(Number) },
        { label: "ZZ", was: 4, now: 0 },
      ]),
    );
    expect(result.drift.petitionCountries.length).toBeGreaterThan(0);
    expect(result.drift.hours.length).toBeGreaterThan(0);
    await catchUpAndExpectExact();
  });

  it("a fault in any transaction leaves the tallies exact, and the rerun finishes the recount", async () => {
    const ids = await petitionIds(2);
    await store(ids, 10);
    await catchUpAndExpectExact();
    const chunks = { idsPerChunk: 4, keysPerChunk: 3 };
    const clean = await reconcile(env.DB, { now: Date.now(), ...chunks });
    // Transaction 0 clears the shadow, the next ones count, the last few compare and repair.
    for (const failAt of [0, 2, clean.chunks - 6, clean.chunks - 1]) {
      await env.DB.prepare(`UPDATE petition_tallies SET count = count + 1 WHERE petition_id = ?`).bind(ids[0]).run();
      await expect(reconcile(failingAt(failAt), { now: Date.now(), ...chunks })).rejects.toThrow(/no_such_table/);
      await store(ids, 2);
      await tallyNow();
      const rerun = await reconcile(env.DB, { now: Date.now(), ...chunks });
      expect(rerun.complete).toBe(true);
      await catchUpAndExpectExact(); // the injected drift repaired by one run or the other
      expect((await readRecount(env.DB)).state).toBe("idle");
    }
  });
});

describe("bounded transactions", { timeout: 30_000 }, () => {
  /** A D1 binding that records the rows each of its calls read (D1's own meta). */
  function readCounting(): { db: D1Database; rowsRead: number[] } {
    const rowsRead: number[] = [];
    const record = <T extends D1Result | D1Result[]>(result: T): T => {
      const results: D1Result[] = Array.isArray(result) ? result : [result];
      rowsRead.push(results.reduce((sum, r) => sum + (r.meta.rows_read ?? 0), 0));
      return result;
    };
    const wrap = (statement: D1PreparedStatement): D1PreparedStatement =>
      new Proxy(statement, {
        get(target, prop) {
          if (prop === "__inner") return target;
          if (prop === "bind") return (...values: unknown[]) => wrap(target.bind(...values));
          if (prop === "all" || prop === "run") return async () => record(await target[prop]());
          const value = Reflect.get(target, prop);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
    const db = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === "prepare") return (sql: string) => wrap(target.prepare(sql));
        if (prop === "batch")
          return async (statements: D1PreparedStatement[]) =>
            record(
              await target.batch(statements.map((s) => (s as unknown as { __inner: D1PreparedStatement }).__inner)),
            );
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    return { db, rowsRead };
  }

  it("each reads a number of rows set by its chunk, not by the table's size", async () => {
    const ids = await petitionIds(2);
    /** The most rows any one D1 call of a reconciliation and of a 40-signature invalidation read. */
    const mostRowsRead = async () => {
      await store(ids.slice(0, 1), 40, { source: "spam" });
      await catchUpAndExpectExact();
      const recount = readCounting();
      expect((await reconcile(recount.db, { now: Date.now(), idsPerChunk: 100, keysPerChunk: 20 })).complete).toBe(
        true,
      );
      const invalidation = readCounting();
      const chunks = { rows: 10, scanIds: 100 };
      expect(
        await invalidateSignatures(
          invalidation.db,
          env.HASH_KEY!,
          ids[0]!,
          { source: "spam" },
          Date.now(),
          unbounded(),
          chunks,
        ),
      ).toMatchObject({ removed: 40 });
      await catchUpAndExpectExact();
      return { recount: Math.max(...recount.rowsRead), invalidation: Math.max(...invalidation.rowsRead) };
    };
    for (let i = 0; i < 4; i++) await store(ids, 500);
    const small = await mostRowsRead();
    for (let i = 0; i < 8; i++) await store(ids, 500);
    const large = await mostRowsRead();
    // Three times the signatures; a step that scanned the table would read about three times as much.
    expect(large.recount).toBeLessThan(small.recount * 1.2);
    expect(large.invalidation).toBeLessThan(small.invalidation * 1.2);
    expect(small.recount).toBeLessThan(2000);
  });
});

describe("bulk steps across invocations (D1 allows 1,000 queries per invocation)", { timeout: 30_000 }, () => {
  it("a recount spends at most its budget per run, resumes counting and repair where it stopped, and ends exact", async () => {
    const ids = await petitionIds(3);
    await store(ids, 30);
    await tallyNow();
    await catchUpAndExpectExact();
    await env.DB.prepare(`UPDATE country_tallies SET count = count + 2 WHERE country = 'KE'`).run();
    // Five calls: in the repair, after the recount's read and its (empty) counting step, one chunk of two keys per run.
    const BUDGET = 5;
    const drift = [];
    let runs = 0;
    for (let complete = false; !complete; runs++) {
      expect(runs, "a run that starts over would never finish").toBeLessThan(400);
      const counted = countingD1(interleaved(() => store(ids, 1)));
      const result = await reconcile(counted.db, {
        now: Date.now(),
        idsPerChunk: 50,
        keysPerChunk: 2,
        start: runs === 0,
        budget: new CallBudget(BUDGET),
      });
      expect(counted.calls()).toBeLessThanOrEqual(BUDGET);
      drift.push(...drifted(result));
      complete = result.complete;
      await tallyNow();
    }
    // 15 hourly rows alone take 8 repair chunks of 2 keys: the repair spanned many runs.
    expect(runs).toBeGreaterThan(10);
    expect(drift).toEqual([{ label: "KE", was: expect.any(Number), now: expect.any(Number) }]);
    expect(drift[0]!.was - drift[0]!.now).toBe(2);
    expect((await readRecount(env.DB)).state).toBe("idle");
    await catchUpAndExpectExact();
  });

  it("the nightly run stops at its budget and the minute's runs finish the recount after their own tally", async () => {
    const ids = await petitionIds(2);
    await store(ids, 20);
    await runCron();
    await env.DB.prepare(`UPDATE petition_tallies SET count = count + 5 WHERE petition_id = ?`).bind(ids[0]).run();
    const tight = { D1_CALLS_PER_BULK_STEP: "6" };
    await runCron(SCHEDULES.reconcile, tight);
    expect((await readRecount(env.DB)).state).not.toBe("idle");
    let minutes = 0;
    while ((await readRecount(env.DB)).state !== "idle") {
      expect(++minutes).toBeLessThan(20);
      await store(ids, 2);
      await runCron(SCHEDULES.tally, tight);
    }
    expect(minutes).toBeGreaterThan(1);
    await runCron();
    await expectTallyExact();
    // With no recount under way, the minute's run does nothing more.
    const counted = countingD1(env.DB);
    await runCron(SCHEDULES.tally, { DB: counted.db });
    const recountReads = counted.statements.filter((s) => s.sql.includes("FROM recount WHERE id = 1"));
    expect(recountReads).toHaveLength(1);
  });
});

describe("nightly reconciliation", () => {
  it("repairs injected drift and logs it as a warning with the figures", async () => {
    const petition = await createPetition();
    await signThroughApi(petition.slug, 5, "d");
    await runCron();
    const id = await petitionIdOf(petition.slug);
    await env.DB.batch([
      env.DB.prepare("UPDATE petition_tallies SET count = count + 7 WHERE petition_id = ?").bind(id),
      env.DB.prepare("UPDATE country_tallies SET count = count - 1 WHERE country = 'BR'"),
      env.DB.prepare("DELETE FROM petition_hourly WHERE petition_id = ?").bind(id),
    ]);
    const warn = vi.spyOn(console, "warn");
    await runCron(SCHEDULES.reconcile);
    await expectTallyExact();
    const logged = warn.mock.calls.map(([line]) => JSON.parse(String(line)));
    const line = { level: "warn", event: "tally-drift", request_id: expect.any(String) };
    expect(logged).toContainEqual({ ...line, petition: petition.slug, was: 12, now: 5 });
    expect(logged).toContainEqual({
      ...line,
      country: "BR",
      was: expect.any(Number),
      now: expect.any(Number),
    });
    warn.mockRestore();
    expect((await count(petition.slug)).count).toBe(5);
  });
});
