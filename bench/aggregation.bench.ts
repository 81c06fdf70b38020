/**
 * Issue 3's figure: one aggregation run absorbing 10,000 new signatures when the table already holds
 * 0 and 1,000,000. Incremental aggregation should cost about the same in both: it reads the new rows only.
 */
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { type AggregationResult, aggregate } from "../src/tally/aggregate";
import { RECONCILE_CHUNKS, reconcile } from "../src/tally/reconcile";

const NEW_SIGNATURES = 10_000;
const EXISTING = 1_000_000;
const COUNTRIES = ["BR", "KE", "IN", "FR", "US", "NG", "MX", "DE", "PH", "ID"];

/** Batched inserts of `n` synthetic signatures in one statement (a recursive CTE), spread over 30 days. */
async function seed(petitionId: number, n: number, tag: string): Promise<void> {
  const start = Date.now() - 30 * 86_400_000;
  await env.DB.prepare(
    `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?1)
     INSERT INTO signatures (petition_id, dedupe_key, email, name, country, consent, network_hash, created_at)
     SELECT ?2, ?3 || i, 'seed' || i || '@example.org', 'Seed', json_extract(?4, '$[' || (i % 10) || ']'), 1, 'n', ?5 + (i * 2591) % 2592000000
     FROM seq`,
  )
    .bind(n, petitionId, `${tag}-`, JSON.stringify(COUNTRIES), start)
    .run();
}

async function run(maxPerBatch: number): Promise<{ result: AggregationResult; ms: number }> {
  const started = performance.now();
  const result = await aggregate(env.DB, {
    now: Date.now(),
    thresholds: [1000, 10_000, 100_000],
    maxPerBatch,
    maxBatches: 1,
  });
  return { result, ms: performance.now() - started };
}

/** Rounds per scenario: wall times of a few milliseconds are noisy, so the median of these is printed. */
const ROUNDS = 3;

/** `ROUNDS` times: add 10,000 signatures, then time the one run that absorbs them. */
async function absorbNew(label: string, petitionIds: number[]): Promise<{ rowsRead: number; ms: number }> {
  const rounds: { rowsRead: number; rowsWritten: number; ms: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, id] of petitionIds.entries())
      await seed(id, NEW_SIGNATURES / petitionIds.length, `${label}-${round}-${i}`);
    const { result, ms } = await run(NEW_SIGNATURES);
    expect(result.to - result.from).toBe(NEW_SIGNATURES);
    rounds.push({ rowsRead: result.rowsRead, rowsWritten: result.rowsWritten, ms });
  }
  const median = rounds.sort((a, b) => a.ms - b.ms)[Math.floor(ROUNDS / 2)]!;
  console.log(
    `${label.padEnd(36)} rows read ${String(median.rowsRead).padStart(8)}   rows written ${String(median.rowsWritten).padStart(6)}   wall ${median.ms.toFixed(0).padStart(5)} ms (median of ${ROUNDS})`,
  );
  return median;
}

it("aggregation cost grows with new signatures, not with the table", async () => {
  const ids: number[] = [];
  for (let i = 0; i < 5; i++) {
    const row = await env.DB.prepare(
      `INSERT INTO petitions (slug, title, summary, goal, created_at, updated_at) VALUES (?, 'Bench', 'Bench', 1000000, ?, ?) RETURNING id`,
    )
      .bind(`bench-${i}`, new Date().toISOString(), new Date().toISOString())
      .first<number>("id");
    ids.push(row!);
  }

  console.log(
    `\nOne aggregation run absorbing ${NEW_SIGNATURES.toLocaleString("en")} new signatures (5 petitions, 10 countries):`,
  );
  const span = (held: number) =>
    `table held ${held.toLocaleString("en")}-${(held + (ROUNDS - 1) * NEW_SIGNATURES).toLocaleString("en")}`;
  const empty = await absorbNew(span(0), ids);

  const seeding = performance.now();
  await seed(ids[0]!, EXISTING, "existing");
  const catchUp = await run(EXISTING);
  expect(catchUp.result.to - catchUp.result.from).toBe(EXISTING);
  console.log(
    `(seeded ${EXISTING.toLocaleString("en")} signatures and tallied them in ${((performance.now() - seeding) / 1000).toFixed(1)} s)`,
  );

  const full = await absorbNew(span(EXISTING + ROUNDS * NEW_SIGNATURES), ids);
  console.log(
    `ratio (1M / 0): rows read ${(full.rowsRead / empty.rowsRead).toFixed(2)}x, wall time ${(full.ms / empty.ms).toFixed(2)}x\n`,
  );
  expect(full.rowsRead / empty.rowsRead).toBeLessThan(2);
  // For bench/load.bench.ts's table (npm run bench).
  console.log(
    `BENCH_RESULT ${JSON.stringify({ aggregation: { existing: EXISTING, new: NEW_SIGNATURES, empty, full } })}`,
  );

  // The nightly full recount, for scale (in short transactions: see bench/bulk.bench.ts).
  const reconciling = performance.now();
  const { complete, drift } = await reconcile(env.DB, { now: Date.now(), ...RECONCILE_CHUNKS });
  const drifted = Object.values(drift).flat().length;
  console.log(
    `nightly reconciliation over ${(EXISTING + 2 * ROUNDS * NEW_SIGNATURES).toLocaleString("en")} signatures: ` +
      `${((performance.now() - reconciling) / 1000).toFixed(1)} s, ${drifted} drifted\n`,
  );
  expect({ complete, drifted }).toEqual({ complete: true, drifted: 0 });
});
