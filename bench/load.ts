/** The load generator the benches share: autocannon POSTing signers (10% repeats, many networks) or GETting a path. */
import { readFile, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import autocannon from "autocannon";
import { type LocalWorker, startLocalWorker } from "../test/browser/local-worker";

/** How many requests are in flight at once (the same for every scenario). */
export const CONNECTIONS = 50;
export const COUNTRIES = ["BR", "KE", "IN", "FR", "US", "NG", "MX", "DE"];
/** Distinct /24 networks the requests come from: enough that no network nears 20 a minute on one petition. */
export const NETWORKS = 4096;

export interface Load {
  requests: number;
  /** From the first request to the last answer. */
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  /** Distinct addresses that got 201: the signatures the system promised to keep. */
  accepted: number;
  /** Answers with a RateLimit header: the limit's backend said what remains (Upstash does, the binding does not). */
  withRemaining: number;
  /** Answers by the RateLimit-Policy they carried: which limit decided them (a challenged signature, the ceiling's). */
  policies: Record<string, number>;
}

/** Where the i-th request comes from: an address in one of `count` /24 networks (up to 65,536) under `prefix`. */
export function networks(count: number, prefix = "10"): (i: number) => string {
  return (i) => {
    const n = i % count;
    return `${prefix}.${(n >> 8) & 255}.${n & 255}.${1 + (i % 200)}`;
  };
}

/** The bench's usual signers: NETWORKS networks, so the limiter counts them but never refuses. */
const MANY_NETWORKS = networks(NETWORKS);

/** The i-th signer: ~10% repeat the one before (same address, another request), from `networkOf(i)`. */
function signer(scenario: string, i: number, options: LoadOptions) {
  const person = i % 10 === 9 ? i - 1 : i;
  return {
    email: `${scenario}-${person}@example.org`,
    body: JSON.stringify({
      email: `${scenario}-${person}@example.org`,
      name: `Signer ${person}`,
      country: COUNTRIES[person % COUNTRIES.length],
      consent: true,
      ...(options.challengeToken && { "cf-turnstile-response": options.challengeToken(i) }),
    }),
    ip: (options.networkOf ?? MANY_NETWORKS)(i),
  };
}

export interface LoadOptions {
  /** Requests in flight at once; CONNECTIONS when not given. */
  connections?: number;
  /** The signers' addresses (POST only); MANY_NETWORKS when not given. */
  networkOf?: (i: number) => string;
  /** Stops the run when it settles (with `seconds` as the longest it may last). */
  until?: Promise<unknown>;
  /** A solved Turnstile token for the i-th signature (POST only), as a challenged signer sends it. */
  challengeToken?: (i: number) => string;
}

export async function load(
  url: string,
  scenario: string,
  request: { method: "GET" | "POST"; path: string },
  size: { amount: number } | { seconds: number },
  options: LoadOptions = {},
): Promise<Load> {
  let next = 0;
  const acceptedEmails = new Set<string>();
  const statuses: Record<string, number> = {};
  let withRemaining = 0;
  const policies: Record<string, number> = {};
  // autocannon's own duration ends at its next whole-second tick; time to the last answer instead.
  const startedAt = performance.now();
  let lastAnswerAt = startedAt;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: options.connections ?? CONNECTIONS,
        ...("amount" in size ? { amount: size.amount } : { duration: size.seconds }),
        requests: [
          {
            method: request.method,
            path: request.path,
            setupRequest(req, context: { email?: string }) {
              if (request.method === "GET") return req;
              const s = signer(scenario, next++, options);
              context.email = s.email;
              return {
                ...req,
                body: s.body,
                headers: { ...req.headers, "content-type": "application/json", "cf-connecting-ip": s.ip },
              };
            },
            onResponse(status: number, _body: string, context: { email?: string }, headers) {
              lastAnswerAt = performance.now();
              const answered = Object.entries(headers ?? {});
              const header = (name: string) => answered.find(([key]) => key.toLowerCase() === name)?.[1];
              if (header("ratelimit") !== undefined) withRemaining += 1;
              const policy = header("ratelimit-policy");
              if (policy !== undefined) policies[String(policy)] = (policies[String(policy)] ?? 0) + 1;
              statuses[status] = (statuses[status] ?? 0) + 1;
              if (status === 201 && context.email) acceptedEmails.add(context.email);
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    options.until?.then(() => instance.stop());
  });
  const seconds = (lastAnswerAt - startedAt) / 1000;
  return {
    requests: result.requests.sent,
    seconds,
    perSecond: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses,
    accepted: acceptedEmails.size,
    withRemaining,
    policies,
  };
}

/** Several runs as one: throughput over their summed time, answers summed, the median run's latencies. */
export function combined(runs: Load[]): Load {
  const sum = (pick: (l: Load) => number) => runs.reduce((total, l) => total + pick(l), 0);
  const median = (pick: (l: Load) => number) => runs.map(pick).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
  const counted = (pick: (l: Load) => Record<string, number>) => {
    const totals: Record<string, number> = {};
    for (const l of runs) for (const [key, n] of Object.entries(pick(l))) totals[key] = (totals[key] ?? 0) + n;
    return totals;
  };
  return {
    requests: sum((l) => l.requests),
    seconds: sum((l) => l.seconds),
    perSecond: sum((l) => l.perSecond * l.seconds) / sum((l) => l.seconds),
    p50: median((l) => l.p50),
    p99: median((l) => l.p99),
    statuses: counted((l) => l.statuses),
    accepted: sum((l) => l.accepted),
    withRemaining: sum((l) => l.withRemaining),
    policies: counted((l) => l.policies),
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A JSON answer, or an error naming the request. */
export async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${init?.method ?? "GET"} ${url}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

/** The petition every bench signs. */
export const PETITION = "bench";

/** The instrumented Worker with fresh local state and the bench's petition, and the admin's headers. */
export async function benchWorker(
  vars: Record<string, string>,
): Promise<{ worker: LocalWorker; admin: Record<string, string> }> {
  const worker = await startLocalWorker({ entry: "bench/instrumented.ts", vars, seedDemo: false, testScheduled: true });
  const admin = { Authorization: `Bearer ${worker.adminToken}`, "Content-Type": "application/json" };
  try {
    await json(`${worker.url}/v1/petitions`, {
      method: "POST",
      headers: admin,
      body: JSON.stringify({ slug: PETITION, title: "Bench", summary: "Bench", goal: 1_000_000 }),
    });
  } catch (error) {
    await worker.stop();
    throw error;
  }
  return { worker, admin };
}

const RESULTS = "bench/results.json";

/** Writes `results` into bench/results.json, keeping what other bench files wrote there. */
export async function recordResults(results: Record<string, unknown>): Promise<void> {
  const kept = await readFile(RESULTS, "utf8").then(
    (text) => JSON.parse(text) as Record<string, unknown>,
    () => ({}),
  );
  await writeFile(RESULTS, `${JSON.stringify({ ...kept, ...results }, null, 2)}\n`);
}

/** The machine the figures were measured on. */
export const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;

/** Rows as a Markdown table (the first row its header), so the README can carry a table as printed. */
export function table(list: string[][]): string {
  const widths = list[0]!.map((_, col) => Math.max(...list.map((row) => row[col]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, col) => cell.padEnd(widths[col]!)).join(" | ")} |`;
  const rule = `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`;
  return [line(list[0]!), rule, ...list.slice(1).map(line)].join("\n");
}
