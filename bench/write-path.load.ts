/**
 * `npm run bench`: the write path side by side, in one run, over HTTP against `wrangler dev` (the
 * runtime users run), with autocannon as the load generator. For each write mode and for a naive
 * baseline Worker: signatures/s, latency, errors, nothing lost (accepted = stored = tallied), binding
 * calls per signature counted from the bindings' own results, and dollars per million signatures.
 * Then a partner's batch import of 100,000 signatures (queue mode), answered, stored and tallied. Then the tally figures from the workerd benches (bench/*.bench.ts under bench/vitest.config.ts).
 * Prints a table and writes its part of bench/results.json.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { type LocalWorker, startLocalWorker } from "../test/browser/local-worker";
import {
  benchWorker,
  CONNECTIONS,
  COUNTRIES,
  json,
  type Load,
  load,
  machine,
  NETWORKS,
  PETITION,
  recordResults,
  sleep,
  table,
} from "./load";
import { PRICES_USD_PER_MILLION, QUEUE_OPERATIONS_PER_MESSAGE, UNPRICED } from "./prices";

/** Requests per scenario. */
const REQUESTS = 6000;
/** wrangler.toml's max_batch_size for the signature queue's consumer. */
const CONSUMER_BATCH = 10;

interface Counts {
  d1Statements: number;
  d1RowsWritten: number;
  d1RowsRead: number;
  d1Ms: number;
  kvReads: number;
  kvWrites: number;
  queueSends: number;
  queueMessages: number;
  queueRows: number;
  rateLimitCalls: number;
}

interface ModeResult {
  mode: string;
  load: Load;
  stored: number;
  tallied: number;
  /** D1's size_after grown over the run, per stored signature: row, indexes, and page slack. */
  bytesPerSignature: number;
  perSignature: Counts & { queueOperations: number };
  usdPerMillion: number;
}

/** Waits until the stored count stops short of nothing: every accepted signature is in D1 (queues drain). */
async function waitForStored(worker: LocalWorker, expected: number): Promise<number> {
  const deadline = Date.now() + 120_000;
  let stored = 0;
  while (Date.now() < deadline) {
    ({ stored } = await json<{ stored: number }>(`${worker.url}/__bench/stored`));
    if (stored >= expected) return stored;
    await sleep(500);
  }
  return stored;
}

function usdPerMillion(perSignature: {
  d1RowsWritten: number;
  d1RowsRead: number;
  kvReads: number;
  kvWrites: number;
  queueOperations: number;
  workerInvocations: number;
}): number {
  const p = PRICES_USD_PER_MILLION;
  return (
    perSignature.workerInvocations * p.workerRequests +
    perSignature.d1RowsWritten * p.d1RowsWritten +
    perSignature.d1RowsRead * p.d1RowsRead +
    perSignature.kvReads * p.kvReads +
    perSignature.kvWrites * p.kvWrites +
    perSignature.queueOperations * p.queueOperations
  );
}

interface ModeOptions {
  outage?: boolean;
  ceiling?: boolean;
  /** Diagnostic: the rate limiter counted in isolate memory instead of the local binding emulation. */
  limiterInMemory?: boolean;
}

async function runMode(mode: "direct" | "queue" | "auto", options: ModeOptions = {}) {
  const { worker } = await benchWorker({
    SIGNATURE_WRITE_MODE: mode,
    ...(options.limiterInMemory ? { BENCH_LIMITER: "memory" } : {}),
  });
  try {
    const ceiling = options.ceiling
      ? await load(worker.url, "ceiling", { method: "GET", path: "/v1/health" }, { amount: REQUESTS })
      : null;

    await json(`${worker.url}/__bench/counts`, { method: "DELETE" });
    const { databaseBytes: bytesBefore } = await json<{ databaseBytes: number }>(`${worker.url}/__bench/stored`);
    // Also the signers' addresses' prefix, so it stays a valid email local part.
    const scenario = [mode, options.outage && "outage", options.limiterInMemory && "limiter-in-memory"]
      .filter(Boolean)
      .join("-");
    // D1 fails for 5 s a second into the run: auto mode must route around it and lose nothing.
    const outage = options.outage
      ? sleep(1000).then(() => json(`${worker.url}/__bench/d1-outage?seconds=5`, { method: "POST" }))
      : Promise.resolve();
    const result = await load(
      worker.url,
      scenario,
      { method: "POST", path: `/v1/petitions/${PETITION}/signatures` },
      { amount: REQUESTS },
    );
    await outage;
    const stored = await waitForStored(worker, result.accepted);
    const { databaseBytes: bytesAfter } = await json<{ databaseBytes: number }>(`${worker.url}/__bench/stored`);
    const counts = await json<Counts>(`${worker.url}/__bench/counts`);

    await fetch(`${worker.url}/__scheduled?cron=${encodeURIComponent("* * * * *")}`);
    const { count: tallied } = await json<{ count: number }>(`${worker.url}/v1/petitions/${PETITION}/count`);

    const per = (n: number) => n / Math.max(1, result.accepted);
    const perSignature = {
      ...(Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, per(v)])) as unknown as Counts),
      queueOperations: per(counts.queueMessages * QUEUE_OPERATIONS_PER_MESSAGE),
    };
    // A request per signature, plus one consumer invocation per batch of up to CONSUMER_BATCH messages.
    const consumerInvocations = counts.queueMessages > 0 ? per(Math.ceil(counts.queueMessages / CONSUMER_BATCH)) : 0;
    const modeResult: ModeResult = {
      mode: scenario,
      load: result,
      stored,
      tallied,
      bytesPerSignature: (bytesAfter - bytesBefore) / Math.max(1, stored),
      perSignature,
      usdPerMillion: usdPerMillion({ ...perSignature, workerInvocations: per(result.requests) + consumerInvocations }),
    };
    return { modeResult, ceiling };
  } finally {
    await worker.stop();
  }
}

async function runBaseline() {
  const worker = await startLocalWorker({ config: "bench/baseline/wrangler.toml", seedDemo: false });
  try {
    const result = await load(worker.url, "baseline", { method: "POST", path: "/" }, { amount: REQUESTS });
    const { stored, counter } = await json<{ stored: number; counter: number }>(`${worker.url}/count`);
    // Per request: one INSERT (row + rowid; D1 counts 1 row written), one KV read, one KV write.
    const perSignature = {
      d1RowsWritten: 1,
      d1RowsRead: 0,
      kvReads: 1,
      kvWrites: 1,
      queueOperations: 0,
      workerInvocations: 1,
    };
    return { load: result, stored, counter, lost: stored - counter, usdPerMillion: usdPerMillion(perSignature) };
  } finally {
    await worker.stop();
  }
}

/** The workerd benches (tally aggregation, bulk steps) report one `BENCH_RESULT {json}` line each. */
async function tallyBenches(): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["node_modules/vitest/vitest.mjs", "run", "--config", "bench/vitest.config.ts"],
    { env: { ...process.env, WRANGLER_SEND_METRICS: "false" }, maxBuffer: 64 * 1024 * 1024 },
  );
  process.stdout.write(
    stdout
      .split("\n")
      .filter((line) => !line.startsWith("BENCH_RESULT "))
      .join("\n"),
  );
  const results = stdout
    .split("\n")
    .filter((line) => line.includes("BENCH_RESULT "))
    .map((line) => JSON.parse(line.slice(line.indexOf("BENCH_RESULT ") + "BENCH_RESULT ".length)));
  return Object.assign({}, ...results);
}

/** A partner importing IMPORT_SIGNATURES in batches of IMPORT_BATCH, IMPORT_IN_FLIGHT requests at a time, in queue mode. */
const IMPORT_SIGNATURES = 100_000;
const IMPORT_BATCH = 1000;
const IMPORT_IN_FLIGHT = 4;

interface ImportResult {
  signatures: number;
  batches: number;
  /** From the first request to the last answer: what the partner waits. */
  answeredSeconds: number;
  /** Until the consumer had stored every accepted signature. */
  storedSeconds: number;
  accepted: number;
  stored: number;
  tallied: number;
  p50BatchMs: number;
  p99BatchMs: number;
}

async function runImport(): Promise<ImportResult> {
  const { worker, admin } = await benchWorker({ SIGNATURE_WRITE_MODE: "queue" });
  try {
    const key = await json<{ secret: string }>(`${worker.url}/v1/admin/api-keys`, {
      method: "POST",
      headers: admin,
      body: JSON.stringify({ name: "Importer", scopes: ["signatures:write"], rate_limit_per_minute: 1_000_000 }),
    });
    const batches = IMPORT_SIGNATURES / IMPORT_BATCH;
    const bodies = Array.from({ length: batches }, (_, b) =>
      JSON.stringify(
        Array.from({ length: IMPORT_BATCH }, (_, i) => {
          const n = b * IMPORT_BATCH + i;
          return { email: `import-${n}@example.org`, name: `Signer ${n}`, country: COUNTRIES[n % COUNTRIES.length] };
        }),
      ),
    );
    const latencies: number[] = [];
    let accepted = 0;
    let next = 0;
    const startedAt = performance.now();
    const send = async () => {
      while (next < batches) {
        const body = bodies[next++]!;
        const sentAt = performance.now();
        const answer = await json<{ accepted: number }>(`${worker.url}/v1/petitions/${PETITION}/signatures/batch`, {
          method: "POST",
          headers: { Authorization: `Bearer ${key.secret}`, "Content-Type": "application/json" },
          body,
        });
        latencies.push(performance.now() - sentAt);
        accepted += answer.accepted;
      }
    };
    await Promise.all(Array.from({ length: IMPORT_IN_FLIGHT }, send));
    const answeredSeconds = (performance.now() - startedAt) / 1000;
    const stored = await waitForStored(worker, accepted);
    const storedSeconds = (performance.now() - startedAt) / 1000;
    // One cron run absorbs a bounded number of rows: run it until the tally has caught up.
    let tallied = 0;
    for (let run = 0; run < 50 && tallied < stored; run++) {
      await fetch(`${worker.url}/__scheduled?cron=${encodeURIComponent("* * * * *")}`);
      ({ tallied } = await json<{ tallied: number }>(`${worker.url}/__bench/stored`));
    }
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
    return {
      signatures: IMPORT_SIGNATURES,
      batches,
      answeredSeconds,
      storedSeconds,
      accepted,
      stored,
      tallied,
      p50BatchMs: at(0.5),
      p99BatchMs: at(0.99),
    };
  } finally {
    await worker.stop();
  }
}

const fixed = (n: number, digits = 0) => n.toFixed(digits);

it("the write path, side by side", async () => {
  const started = Date.now();
  const baseline = await runBaseline();
  const direct = await runMode("direct", { ceiling: true });
  const queue = await runMode("queue");
  const auto = await runMode("auto");
  const autoOutage = await runMode("auto", { outage: true });
  const queueLimiterInMemory = await runMode("queue", { limiterInMemory: true });
  const ceiling = direct.ceiling!;
  const modes = [direct, queue, auto, autoOutage, queueLimiterInMemory].map((m) => m.modeResult);
  const imported = await runImport();
  const tally = await tallyBenches();

  const rows = [
    [
      "scenario",
      "req/s",
      "x ceiling",
      "x baseline",
      "p50 ms",
      "p99 ms",
      "non-201",
      "accepted",
      "stored",
      "tallied",
      "$/M",
    ],
    [
      "ceiling (GET /v1/health)",
      fixed(ceiling.perSecond),
      "1.00",
      "",
      fixed(ceiling.p50),
      fixed(ceiling.p99),
      "",
      "",
      "",
      "",
      "",
    ],
    [
      "naive baseline",
      fixed(baseline.load.perSecond),
      fixed(baseline.load.perSecond / ceiling.perSecond, 2),
      "1.00",
      fixed(baseline.load.p50),
      fixed(baseline.load.p99),
      String(baseline.load.requests - (baseline.load.statuses[201] ?? 0)),
      String(baseline.load.requests),
      String(baseline.stored),
      `${baseline.counter} (lost ${baseline.lost})`,
      fixed(baseline.usdPerMillion, 2),
    ],
    ...modes.map((m) => [
      m.mode,
      fixed(m.load.perSecond),
      fixed(m.load.perSecond / ceiling.perSecond, 2),
      fixed(m.load.perSecond / baseline.load.perSecond, 2),
      fixed(m.load.p50),
      fixed(m.load.p99),
      String(m.load.requests - (m.load.statuses[201] ?? 0)),
      String(m.load.accepted),
      String(m.stored),
      String(m.tallied),
      fixed(m.usdPerMillion, 2),
    ]),
  ];
  const perSignatureRows = [
    [
      "per stored signature",
      "bytes in D1",
      "D1 busy ms",
      "D1 stmts/request",
      "D1 statements",
      "D1 rows written",
      "D1 rows read",
      "KV reads",
      "KV writes",
      "queue sends",
      "queue msgs",
      "rows/msg",
      "rate-limit calls",
    ],
    ...modes.map((m) => [
      m.mode,
      fixed(m.bytesPerSignature),
      fixed(m.perSignature.d1Ms, 3),
      fixed((m.perSignature.d1Statements * m.stored) / m.load.requests, 3),
      fixed(m.perSignature.d1Statements, 3),
      fixed(m.perSignature.d1RowsWritten, 2),
      fixed(m.perSignature.d1RowsRead, 2),
      fixed(m.perSignature.kvReads, 3),
      fixed(m.perSignature.kvWrites, 3),
      fixed(m.perSignature.queueSends, 3),
      fixed(m.perSignature.queueMessages, 3),
      m.perSignature.queueMessages ? fixed(m.perSignature.queueRows / m.perSignature.queueMessages, 1) : "",
      fixed(m.perSignature.rateLimitCalls, 2),
    ]),
  ];
  console.log(
    `\n${REQUESTS} requests per scenario, ${CONNECTIONS} connections, 10% repeats, ${COUNTRIES.length} countries, ${NETWORKS} networks; ${machine}\n\n` +
      `${table(rows)}\n\n${table(perSignatureRows)}\n\nUnpriced: ${UNPRICED.join("; ")}.\n` +
      "queue-limiter-in-memory: a diagnostic, not a mode: the same limits counted in the isolate, to show what the " +
      "local emulation of the rate-limiting binding (a Durable Object round trip per call) costs.\n\n" +
      `Batch import (queue mode, one partner key, ${IMPORT_BATCH} per request, ${IMPORT_IN_FLIGHT} in flight): ` +
      `${imported.signatures} signatures answered in ${fixed(imported.answeredSeconds, 1)} s ` +
      `(${fixed(imported.signatures / imported.answeredSeconds)} signatures/s; a batch p50 ${fixed(imported.p50BatchMs)} ms, ` +
      `p99 ${fixed(imported.p99BatchMs)} ms), all stored after ${fixed(imported.storedSeconds, 1)} s; ` +
      `accepted ${imported.accepted}, stored ${imported.stored}, tallied ${imported.tallied}.\n` +
      `Tally: ${JSON.stringify(tally)}\nWhole bench: ${fixed((Date.now() - started) / 1000)} s\n`,
  );
  await recordResults({
    machine,
    requestsPerScenario: REQUESTS,
    connections: CONNECTIONS,
    ceiling,
    baseline,
    modes,
    import: imported,
    prices: PRICES_USD_PER_MILLION,
    tally,
  });

  expect(imported).toMatchObject({
    accepted: IMPORT_SIGNATURES,
    stored: IMPORT_SIGNATURES,
    tallied: IMPORT_SIGNATURES,
  });
  // The requests are spread so that the limiter never refuses: every answer must be a 201.
  expect(baseline.load.statuses).toEqual({ 201: REQUESTS });
  for (const m of modes) {
    expect({ mode: m.mode, statuses: m.load.statuses, stored: m.stored, tallied: m.tallied }).toEqual({
      mode: m.mode,
      statuses: { 201: REQUESTS },
      stored: m.load.accepted,
      tallied: m.load.accepted,
    });
  }
});
