import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { SCHEDULES } from "../../functions/cron";
import { aggregateRange, readWatermark } from "../../src/store/tallies";
import { COUNTED_TABLES } from "../../src/store/tally-tables";
import { aggregate } from "../../src/tally/aggregate";
import { count, signThroughApi } from "../helpers/bulk";
import { call, createPetition } from "../helpers/index";
import { expectTallyExact, runCron } from "../helpers/tally";

describe("aggregation", () => {
  it("is exact across petitions and countries, and publishes counts and the global tally to KV", async () => {
    const [a, b, c] = await Promise.all([createPetition(), createPetition(), createPetition()]);
    await signThroughApi(a.slug, 12);
    await signThroughApi(b.slug, 7);
    await signThroughApi(c.slug, 1);
    expect((await count(a.slug)).count).toBe(0);

    await runCron();
    await expectTallyExact();
    expect(await count(a.slug)).toMatchObject({ count: 12, goal: a.goal, updated_at: expect.any(String) });
    expect((await count(b.slug)).count).toBe(7);
    expect((await (await call(`/v1/petitions/${c.slug}`)).json<{ count: number }>()).count).toBe(1);

    const tally = await (await call("/v1/tally")).json<{
      total: number;
      countries: Record<string, number>;
      petitions: Record<string, number>;
    }>();
    const stored = (await env.DB.prepare("SELECT count(*) AS n FROM signatures").first<number>("n"))!;
    expect(tally.total).toBe(stored);
    expect(Object.values(tally.countries).reduce((x, y) => x + y, 0)).toBe(stored);
    expect(tally.petitions[a.slug]).toBe(12);
    expect(tally.countries.BR).toBeGreaterThanOrEqual(3);

    // A run with nothing new changes nothing and publishes nothing.
    const before = await readWatermark(env.DB);
    await runCron();
    expect(await readWatermark(env.DB)).toEqual(before);
  });

  it("reads only the new rows: rows read grow with new signatures, not with the table", async () => {
    const petition = await createPetition();
    await signThroughApi(petition.slug, 10, "r");
    await runCron();
    await signThroughApi(petition.slug, 3, "s");
    const result = await aggregate(env.DB, { now: Date.now(), thresholds: [], maxPerBatch: 1000, maxBatches: 1 });
    expect(result.to - result.from).toBe(3);
    // A statement per counted table scans the 3 new rows; the rest is a handful of tally rows, the watermark
    // and the recount's row (with no recount under way, the shadow's statements read no signature).
    expect(result.rowsRead).toBeLessThan(COUNTED_TABLES.length * 15);
    await expectTallyExact();
  });

  it("works off a backlog in bounded batches", async () => {
    const petition = await createPetition();
    await signThroughApi(petition.slug, 9, "b");
    const first = await aggregate(env.DB, { now: Date.now(), thresholds: [], maxPerBatch: 2, maxBatches: 2 });
    expect(first.batches).toBe(2);
    const watermark = await readWatermark(env.DB);
    expect(watermark.last_id).toBe(first.to);
    await runCron();
    await expectTallyExact();
  });
});

describe("nothing lost or counted twice", () => {
  it("two overlapping scheduled runs", async () => {
    const petition = await createPetition();
    await signThroughApi(petition.slug, 15, "o");
    await Promise.all([runCron(), runCron(), runCron()]);
    await expectTallyExact();
    expect((await count(petition.slug)).count).toBe(15);
  });

  it("a run that lost the race for the watermark adds nothing", async () => {
    const petition = await createPetition();
    await signThroughApi(petition.slug, 4, "l");
    const { last_id } = await readWatermark(env.DB);
    const upperId = (await env.DB.prepare("SELECT max(id) AS id FROM signatures").first<number>("id"))!;
    await runCron(); // the rival claims (last_id, upperId] first
    const stale = await aggregateRange(env.DB, {
      lastId: last_id,
      upperId,
      runId: "stale-run",
      now: Date.now(),
      thresholds: [],
    });
    expect(stale).toMatchObject({ claimed: false, rowsWritten: 0 });
    await expectTallyExact();
  });

  it("a run that fails half-way (a D1 error mid-transaction) leaves no trace, and the rerun is exact", async () => {
    const petition = await createPetition();
    await signThroughApi(petition.slug, 6, "f");
    const before = await readWatermark(env.DB);
    const failing = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === "batch") {
          return (statements: D1PreparedStatement[]) =>
            target.batch([
              ...statements.slice(0, 3),
              target.prepare("INSERT INTO no_such_table VALUES (1)"),
              ...statements.slice(3),
            ]);
        }
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    await expect(runCron(SCHEDULES.tally, { DB: failing })).rejects.toThrow(/no_such_table/);
    expect(await readWatermark(env.DB)).toEqual(before);

    await runCron();
    await expectTallyExact();
    expect((await count(petition.slug)).count).toBe(6);
  });

  it("a run that dies after counting but before publishing is published by the next run", async () => {
    const petition = await createPetition();
    await signThroughApi(petition.slug, 2, "k");
    const brokenKv = new Proxy(env.KV, {
      get(target, prop) {
        if (prop === "put") return () => Promise.reject(new Error("KV unavailable"));
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    await expect(runCron(SCHEDULES.tally, { KV: brokenKv })).rejects.toThrow(/KV unavailable/);
    await expectTallyExact();
    expect((await count(petition.slug)).count).toBe(0);
    await runCron();
    expect((await count(petition.slug)).count).toBe(2);
  });
});

describe("milestones", () => {
  it("are recorded exactly once, the goal and round numbers, across repeated runs", async () => {
    const petition = await createPetition({ goal: 4 });
    await signThroughApi(petition.slug, 3, "m");
    await runCron(SCHEDULES.tally, { TALLY_MILESTONES: "2,3,50" });
    await signThroughApi(petition.slug, 2, "n");
    await Promise.all([
      runCron(SCHEDULES.tally, { TALLY_MILESTONES: "2,3,50" }),
      runCron(SCHEDULES.tally, { TALLY_MILESTONES: "2,3,50" }),
    ]);
    await runCron(SCHEDULES.tally, { TALLY_MILESTONES: "2,3,50" });
    const { results } = await env.DB.prepare(
      "SELECT threshold, count FROM milestones m JOIN petitions p ON p.id = m.petition_id WHERE p.slug = ? ORDER BY threshold",
    )
      .bind(petition.slug)
      .all();
    expect(results).toEqual([
      { threshold: 2, count: 3 },
      { threshold: 3, count: 3 },
      { threshold: 4, count: 5 },
    ]);
  });
});
