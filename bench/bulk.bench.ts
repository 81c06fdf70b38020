/**
 * Issue 7's figure: the bulk steps (nightly reconciliation, an erasure, a large invalidation) on the
 * largest table this machine builds in about a minute, timing every D1 call each makes. The longest
 * one is how long signing could wait behind it. Prints one `BENCH_RESULT {json}` line for `npm run bench`.
 */
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { keyedHash } from "../src/crypto/keyed-hash";
import { eraseSignatures, invalidateSignatures } from "../src/privacy/removal";
import { canonicalEmail } from "../src/signing/canonical-email";
import { unbounded } from "../src/store/call-budget";
import { aggregate } from "../src/tally/aggregate";
import { RECONCILE_CHUNKS, reconcile } from "../src/tally/reconcile";

/** Seeding and tallying the table; the steps measured then take about as long again. */
const BUILD_BUDGET_MS = 60_000;
const MIN_ROWS = 5_000_000;
const ROWS_PER_STATEMENT = 1_000_000;
const PETITIONS = 5;
const COUNTRIES = ["BR", "KE", "IN", "FR", "US", "NG", "MX", "DE", "PH", "ID"];
/** Every 50th signature (all on the first petition) comes from the fraud wave the bench voids. */
const WAVE_EVERY = 50;
const ERASED_EMAIL = "erase.me@example.org";
/** The cron's aggregation batch (functions/cron.ts). */
const TALLY_BATCH = 20_000;

interface StepFigures {
  /** The longest single D1 call: a transaction (batch) or a read. */
  longestTxMs: number;
  /** The typical one, and the tail without its outliers: the longest is often another process taking this shared machine's cores. */
  medianTxMs: number;
  p99TxMs: number;
  totalMs: number;
  /** D1 calls made. */
  chunks: number;
}

function percentile(values: number[], fraction: number): number {
  return Math.round(values.toSorted((a, b) => a - b)[Math.floor((values.length - 1) * fraction)] ?? 0);
}

/** A D1 binding that times every call it passes on: batches and single statements alike. */
function timedD1(inner: D1Database): { db: D1Database; figures: () => StepFigures; reset: () => void } {
  let durations: number[] = [];
  const timed = async <T>(call: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await call();
    } finally {
      durations.push(performance.now() - started);
    }
  };
  const wrap = (statement: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(statement, {
      get(target, prop) {
        if (prop === "__inner") return target;
        if (prop === "bind") return (...values: unknown[]) => wrap(target.bind(...values));
        if (prop === "run" || prop === "all" || prop === "first" || prop === "raw")
          return (...args: never[]) => timed(() => (target[prop] as (...a: never[]) => Promise<unknown>)(...args));
        return Reflect.get(target, prop);
      },
    });
  const db = new Proxy(inner, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => wrap(target.prepare(sql));
      if (prop === "batch")
        return (statements: D1PreparedStatement[]) =>
          timed(() => target.batch(statements.map((s) => (s as unknown as { __inner: D1PreparedStatement }).__inner)));
      return Reflect.get(target, prop);
    },
  });
  return {
    db,
    reset: () => {
      durations = [];
    },
    figures: () => ({
      longestTxMs: Math.round(Math.max(0, ...durations)),
      medianTxMs: percentile(durations, 0.5),
      p99TxMs: percentile(durations, 0.99),
      totalMs: Math.round(durations.reduce((a, b) => a + b, 0)),
      chunks: durations.length,
    }),
  };
}

/** Seeds signatures number `from` to `from + n - 1`; returns how many of them are the wave's. */
async function seed(petitionIds: number[], from: number, n: number): Promise<number> {
  const start = Date.now() - 90 * 86_400_000;
  await env.DB.prepare(
    `WITH RECURSIVE seq(i) AS (SELECT CAST(?1 AS INTEGER) UNION ALL SELECT i + 1 FROM seq WHERE i < ?1 + ?2 - 1)
     INSERT INTO signatures (petition_id, dedupe_key, email, name, country, consent, network_hash, source, created_at)
     SELECT json_extract(?3, '$[' || (i % ${PETITIONS}) || ']'), 'k' || i, 'seed' || i || '@example.org', 'Seed',
            json_extract(?4, '$[' || (i % 10) || ']'), 1, 'n', CASE WHEN i % ${WAVE_EVERY} = 0 THEN 'wave' END,
            ?5 + (i * 7919) % 7776000000
     FROM seq`,
  )
    .bind(from, n, JSON.stringify(petitionIds), JSON.stringify(COUNTRIES), start)
    .run();
  return Math.floor((from + n - 1) / WAVE_EVERY) - Math.floor((from - 1) / WAVE_EVERY);
}

async function tallyTotal(): Promise<number> {
  return (await env.DB.prepare(`SELECT sum(count) AS n FROM country_tallies`).first<number>("n")) ?? 0;
}

async function storedTotal(): Promise<number> {
  return (await env.DB.prepare(`SELECT count(*) AS n FROM signatures`).first<number>("n")) ?? 0;
}

interface BulkBenchResult {
  rows: number;
  reconcile: StepFigures;
  erasure: StepFigures;
  invalidation: StepFigures & { removed: number };
  /** One aggregation batch (TALLY_BATCH signatures) while a recount follows the watermark. */
  followingAggregation: { rows: number; ms: number };
}

/** Builds the table, runs each bulk step, prints the figures and the BENCH_RESULT line, and returns them. */
async function benchBulkSteps(): Promise<BulkBenchResult> {
  const now = new Date().toISOString();
  const petitionIds: number[] = [];
  for (let i = 0; i < PETITIONS; i++) {
    const id = await env.DB.prepare(
      `INSERT INTO petitions (slug, title, summary, goal, created_at, updated_at) VALUES (?, 'Bench', 'Bench', 1000000, ?, ?) RETURNING id`,
    )
      .bind(`bulk-${i}`, now, now)
      .first<number>("id");
    petitionIds.push(id!);
  }

  const building = performance.now();
  let rows = 0;
  let waveRows = 0;
  const perRoundMs = () => (performance.now() - building) / (rows / ROWS_PER_STATEMENT);
  const tallyNew = () =>
    aggregate(env.DB, { now: Date.now(), thresholds: [], maxPerBatch: ROWS_PER_STATEMENT, maxBatches: 1 });
  while (rows < MIN_ROWS || performance.now() - building + perRoundMs() <= BUILD_BUDGET_MS) {
    waveRows += await seed(petitionIds, rows + 1, ROWS_PER_STATEMENT);
    rows += ROWS_PER_STATEMENT;
    await tallyNew();
  }
  // The person to erase: one signature on every petition (the dedupe index finds them wherever they are).
  const dedupeKey = await keyedHash(env.HASH_KEY!, "email", canonicalEmail(ERASED_EMAIL));
  for (const [i, id] of petitionIds.entries()) {
    await env.DB.prepare(
      `INSERT INTO signatures (id, petition_id, dedupe_key, email, country, network_hash, created_at) VALUES (?, ?, ?, ?, 'FR', 'n', ?)`,
    )
      .bind(rows + 1 + i, id, dedupeKey, ERASED_EMAIL, Date.now())
      .run();
  }
  rows += PETITIONS;
  await tallyNew();
  console.log(
    `\nseeded and tallied ${rows.toLocaleString("en")} signatures in ${((performance.now() - building) / 1000).toFixed(0)} s`,
  );
  expect(await tallyTotal()).toBe(rows);

  // The minute's largest transaction while a recount follows the watermark: live and shadow counts together.
  // (The recount is marked caught up by hand; the reconciliation below starts afresh from idle.)
  await env.DB.prepare(
    `UPDATE recount SET state = 'counting', cursor = (SELECT last_id FROM tally_watermark WHERE id = 1)`,
  ).run();
  waveRows += await seed(petitionIds, rows + 1, TALLY_BATCH);
  rows += TALLY_BATCH;
  const tallying = performance.now();
  const followed = await aggregate(env.DB, {
    now: Date.now(),
    thresholds: [],
    maxPerBatch: TALLY_BATCH,
    maxBatches: 1,
  });
  const followingAggregation = { rows: followed.to - followed.from, ms: Math.round(performance.now() - tallying) };
  expect(followingAggregation.rows).toBe(TALLY_BATCH);
  await env.DB.prepare(`UPDATE recount SET state = 'idle'`).run();

  // Drift for the recount to find and repair.
  await env.DB.prepare(`UPDATE country_tallies SET count = count + 3 WHERE country = 'KE'`).run();

  const timer = timedD1(env.DB);
  const reconciliation = await reconcile(timer.db, { now: Date.now(), ...RECONCILE_CHUNKS });
  expect(reconciliation.complete).toBe(true);
  expect(reconciliation.drift.countries).toEqual([{ label: "KE", was: expect.any(Number), now: expect.any(Number) }]);
  const reconcileFigures = timer.figures();

  timer.reset();
  expect((await eraseSignatures(timer.db, env.HASH_KEY!, ERASED_EMAIL, Date.now(), unbounded())).removed).toBe(
    PETITIONS,
  );
  const erasureFigures = timer.figures();

  timer.reset();
  const { removed: invalidated } = await invalidateSignatures(
    timer.db,
    env.HASH_KEY!,
    petitionIds[0]!,
    { source: "wave" },
    Date.now(),
    unbounded(),
  );
  const invalidationFigures = timer.figures();
  expect(invalidated).toBe(waveRows);

  const remaining = await storedTotal();
  expect(await tallyTotal()).toBe(remaining);

  const result: BulkBenchResult = {
    rows,
    reconcile: reconcileFigures,
    erasure: erasureFigures,
    invalidation: { ...invalidationFigures, removed: invalidated },
    followingAggregation,
  };
  const line = (label: string, f: StepFigures) =>
    `${label.padEnd(40)} longest D1 call ${String(f.longestTxMs).padStart(5)} ms   p99 ${String(f.p99TxMs).padStart(3)} ms   median ${String(f.medianTxMs).padStart(3)} ms   total ${String(f.totalMs).padStart(7)} ms   ${f.chunks} calls`;
  console.log(line(`reconciliation over ${rows.toLocaleString("en")}`, reconcileFigures));
  console.log(line(`erasure (${PETITIONS} signatures)`, erasureFigures));
  console.log(line(`invalidation (${invalidated.toLocaleString("en")} signatures)`, invalidationFigures));
  console.log(
    `aggregation of ${TALLY_BATCH.toLocaleString("en")} while a recount follows: ${followingAggregation.ms} ms`,
  );
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
  return result;
}

it("bulk steps hold D1's writer briefly whatever the table's size", async () => {
  const { reconcile, invalidation } = await benchBulkSteps();
  expect(Math.max(reconcile.medianTxMs, invalidation.medianTxMs)).toBeLessThan(100);
});
