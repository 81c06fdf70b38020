/**
 * `npm run bench` (or `npx vitest run --config bench/node.vitest.config.ts bench/webhooks.load.ts`): signing
 * under load over HTTP against `wrangler dev`: a warm-up, then a run without webhooks, then one with two
 * endpoints subscribed to signature.created, one of them down (503) for 30 s mid-run (second, so the
 * larger table and the deliveries count against it). The cron is triggered every CRON_SECONDS
 * in both runs. Two receivers in this process verify each request's Standard Webhooks signature and drop
 * repeats by idempotency key. Prints throughput with and without webhooks, what each receiver kept
 * against what D1 stored, and the delivery lag (receipt minus the signature's acceptance) p50/p99.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { cpus } from "node:os";
import { expect, it } from "vitest";
import { startLocalWorker } from "../test/browser/local-worker";
import { listenOnLoopback } from "../test/support/free-port";
import { readBody } from "../test/support/webhook-receiver";
import { json, type Load, load, sleep } from "./load";

/** Each run's length, and when the second receiver is down (seconds into the run with webhooks). */
const RUN_SECONDS = 34;
const OUTAGE = { from: 2, seconds: 30 };
/** The bench's cron period: production runs it every 60 s (add up to 55 s of lag there). */
const CRON_SECONDS = 5;
/** Waits after each failure in a row, shortened from WEBHOOK_RETRY_SECONDS' day so the outage ends within the run. */
const RETRY_SECONDS = "1,2,4,8,16,32,64";

interface Receiver {
  url: string;
  /** Idempotency key → when it was first accepted (ms). */
  firstSeen: Map<string, number>;
  lags: number[];
  repeats: number;
  badSignatures: number;
  down: boolean;
  stop(): Promise<void>;
}

/** A receiver as an organiser writes one: verify (Standard Webhooks), drop repeats by key, 2xx. */
async function startReceiver(): Promise<Receiver> {
  let secret = Buffer.alloc(0);
  const receiver: Receiver = {
    url: "",
    firstSeen: new Map(),
    lags: [],
    repeats: 0,
    badSignatures: 0,
    down: false,
    stop: async () => {},
  };
  const server = createServer(async (req, res) => {
    const text = await readBody(req);
    if (req.url === "/__secret") {
      secret = Buffer.from(text.slice("whsec_".length), "base64");
      res.writeHead(204).end();
      return;
    }
    if (receiver.down) {
      res.writeHead(503).end();
      return;
    }
    const signed = `${req.headers["webhook-id"]}.${req.headers["webhook-timestamp"]}.${text}`;
    const expected = Buffer.from(`v1,${createHmac("sha256", secret).update(signed).digest("base64")}`);
    const given = String(req.headers["webhook-signature"] ?? "")
      .split(" ")
      .map((s) => Buffer.from(s));
    if (!given.some((s) => s.length === expected.length && timingSafeEqual(s, expected))) {
      receiver.badSignatures += 1;
      res.writeHead(401).end();
      return;
    }
    const now = Date.now();
    for (const event of JSON.parse(text) as { idempotency_key: string; "osdi:signature": { created_date: string } }[]) {
      if (receiver.firstSeen.has(event.idempotency_key)) {
        receiver.repeats += 1;
        continue;
      }
      receiver.firstSeen.set(event.idempotency_key, now);
      receiver.lags.push(now - Date.parse(event["osdi:signature"].created_date));
    }
    res.writeHead(204).end();
  });
  const port = await listenOnLoopback(server);
  receiver.url = `http://127.0.0.1:${port}`;
  receiver.stop = () => new Promise((resolve) => server.close(() => resolve()));
  return receiver;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

it("signing with webhooks: throughput, every signature delivered once, delivery lag", async () => {
  const started = Date.now();
  const [live, revived] = [await startReceiver(), await startReceiver()];
  const worker = await startLocalWorker({
    entry: "bench/instrumented.ts",
    vars: { WEBHOOK_RETRY_SECONDS: RETRY_SECONDS },
    seedDemo: false,
    testScheduled: true,
  });
  let ticking = true;
  const cron = (async () => {
    while (ticking) {
      await fetch(`${worker.url}/__scheduled?cron=${encodeURIComponent("* * * * *")}`);
      await sleep(CRON_SECONDS * 1000);
    }
  })();
  try {
    const admin = { Authorization: `Bearer ${worker.adminToken}`, "Content-Type": "application/json" };
    const petition = (slug: string) =>
      json(`${worker.url}/v1/petitions`, {
        method: "POST",
        headers: admin,
        body: JSON.stringify({ slug, title: slug, summary: "Bench", goal: 1_000_000 }),
      });
    const stored = async () => (await json<{ stored: number }>(`${worker.url}/__bench/stored`)).stored;
    const sign = (slug: string, scenario: string): Promise<Load> =>
      load(
        worker.url,
        scenario,
        { method: "POST", path: `/v1/petitions/${slug}/signatures` },
        { seconds: RUN_SECONDS },
      );

    await petition("warm-up");
    await petition("without-webhooks");
    await petition("with-webhooks");
    // The first seconds of a fresh wrangler dev are slower (a first run measured 20% less): no measured run pays for them.
    await load(worker.url, "warm", { method: "POST", path: "/v1/petitions/warm-up/signatures" }, { seconds: 15 });
    const without = await sign("without-webhooks", "without");

    for (const receiver of [live, revived]) {
      const created = await json<{ secret: string }>(`${worker.url}/v1/admin/webhooks`, {
        method: "POST",
        headers: admin,
        body: JSON.stringify({ url: receiver.url, events: ["signature.created"], petitions: ["with-webhooks"] }),
      });
      await fetch(`${receiver.url}/__secret`, { method: "POST", body: created.secret });
    }
    const before = await stored();
    const outage = sleep(OUTAGE.from * 1000).then(async () => {
      revived.down = true;
      await sleep(OUTAGE.seconds * 1000);
      revived.down = false;
    });
    const withWebhooks = await sign("with-webhooks", "with");
    await outage;
    // Requests autocannon cut off at the run's end may still be stored: count once they are.
    await sleep(2000);
    const expected = (await stored()) - before;
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && (live.firstSeen.size < expected || revived.firstSeen.size < expected))
      await sleep(500);

    const ratio = withWebhooks.perSecond / without.perSecond;
    const row = (name: string, r: Receiver) =>
      `| ${name} | ${r.firstSeen.size} of ${expected} | ${r.repeats} | ${r.badSignatures} | ${percentile(r.lags, 50)} | ${percentile(r.lags, 99)} | ${Math.max(...r.lags)} |`;
    console.log(
      [
        `\nWebhooks bench: ${RUN_SECONDS} s of signing per run, cron every ${CRON_SECONDS} s, retries ${RETRY_SECONDS} s; ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}`,
        "",
        "| run | signatures/s | p50 ms | p99 ms | answers |",
        "| --- | --- | --- | --- | --- |",
        `| without webhooks | ${without.perSecond.toFixed(0)} | ${without.p50} | ${without.p99} | ${JSON.stringify(without.statuses)} |`,
        `| 2 endpoints, one down 30 s | ${withWebhooks.perSecond.toFixed(0)} (${(ratio * 100).toFixed(1)}%) | ${withWebhooks.p50} | ${withWebhooks.p99} | ${JSON.stringify(withWebhooks.statuses)} |`,
        "",
        "| receiver | keys kept (of stored) | repeats dropped | bad signatures | lag p50 ms | lag p99 ms | lag max ms |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        row("live", live),
        row(`revived (down ${OUTAGE.from}-${OUTAGE.from + OUTAGE.seconds} s)`, revived),
        "",
        `Whole bench: ${((Date.now() - started) / 1000).toFixed(0)} s`,
      ].join("\n"),
    );

    expect(ratio).toBeGreaterThan(0.9);
    expect(live.firstSeen.size).toBe(expected);
    expect(revived.firstSeen.size).toBe(expected);
    expect(live.badSignatures + revived.badSignatures).toBe(0);
  } finally {
    ticking = false;
    await cron;
    await worker.stop();
    await live.stop();
    await revived.stop();
  }
});
