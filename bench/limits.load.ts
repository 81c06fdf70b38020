/**
 * `npm run bench` (or `npx vitest run --config bench/node.vitest.config.ts bench/limits.load.ts`): the rate
 * limits under load, over HTTP against `wrangler dev`, side by side in one run, in `queue` mode, each
 * comparison on Workers with fresh local state and its two sides run in turns (see inTurns):
 * - a flood from 4 networks (24 connections, as the outside run that found it slow), every answer after
 *   each network's first 20 a minute a 429, against the ceiling route at the same connections;
 * - the bench's usual signers (many networks) alone, then during that flood;
 * - signers from as many networks as requests (viral global traffic), against the naive baseline;
 * - signing with Upstash deciding the limits (a real Redis behind the Upstash REST bridge), then with
 *   Upstash hung (a loopback server that accepts connections and never answers);
 * - the challenge: signers from a few networks over their limits, each with a solved Turnstile token
 *   (siteverify a loopback fake spending single-use tokens), against the usual signers under the limits,
 *   on the same Worker with the challenge configured.
 * Prints a table with each target and merges its figures into bench/results.json under `limits`.
 */
import { expect, it } from "vitest";
import { startLocalWorker } from "../test/browser/local-worker";
import { type BlackholeServer, startBlackholeServer } from "../test/support/blackhole-server";
import { type RedisServer, startRedisServer } from "../test/support/redis-server";
import { startFakeSiteverify, TURNSTILE_TEST_KEYS } from "../test/support/turnstile-siteverify";
import { startUpstashBridge, type UpstashBridge } from "../test/support/upstash-bridge";
import {
  benchWorker,
  CONNECTIONS,
  combined,
  type Load,
  type LoadOptions,
  load,
  machine,
  NETWORKS,
  networks,
  PETITION,
  recordResults,
  table,
} from "./load";

const REQUESTS = Number(process.env.BENCH_LIMITS_REQUESTS ?? 6000);
const ROUNDS = 3;
/** Requests a side and round. */
const CHUNK = Math.ceil(REQUESTS / ROUNDS);
/** The flood: 24 connections from 4 networks. */
const FLOOD = { connections: 24, networkOf: networks(4, "172") } satisfies LoadOptions;
/** Every request its own /24 (up to 65,536), round after round. */
const spread = (round: number): LoadOptions => ({ networkOf: (i) => networks(65_536)(round * CHUNK + i) });
const UPSTASH_TOKEN = "bench-upstash-token";
/**
 * Long enough that the healthy run is decided by Upstash (the loopback bridge opens a Redis connection
 * per command and is slower than Upstash); the stalled run pays it in full before the breaker opens
 * and on every probe, so it is the harder test of the two than production's 300 ms.
 */
const UPSTASH_TIMEOUT_MS = "2000";
/** The challenged signers' networks: few, as behind carrier-grade NAT, and enough that none nears its ceiling. */
const CHALLENGED_NETWORKS = 16;
/** Token-less signatures a challenged network sends before each run: past its limit (20 a minute, wrangler.toml). */
const FILL_PER_NETWORK = 30;
const TURNSTILE_SECRET = "bench-turnstile-secret";

const SIGN = { method: "POST", path: `/v1/petitions/${PETITION}/signatures` } as const;
const HEALTH = { method: "GET", path: "/v1/health" } as const;
/**
 * The flood's requests (a signature's body) sent to the ceiling route, which answers them 404 by its
 * routing alone: the least any answer to such a POST costs here (the body crosses wrangler's proxy and
 * is drained after the answer), shown beside the flood for what no refusal can go below locally.
 */
const POST_TO_CEILING = { method: "POST", path: "/v1/health" } as const;

/** A queue-mode Worker (with `vars` on top) with fresh local state: its URL, and how to stop it. */
async function queueWorker(vars: Record<string, string> = {}) {
  const { worker } = await benchWorker({ SIGNATURE_WRITE_MODE: "queue", ...vars });
  return worker;
}

/**
 * Each comparison runs its sides in turns (ROUNDS rounds, REQUESTS / ROUNDS requests a side and round,
 * the order reversed every other round): on a machine shared with other work, the load of others
 * drifts by the minute, and a ratio of two runs minutes apart would measure that drift.
 */
type Side = (round: number) => Promise<Load>;

async function inTurns<Sides extends Side[]>(...sides: Sides): Promise<{ [K in keyof Sides]: Load }> {
  const runs = sides.map((): Load[] => []);
  for (let round = 0; round < ROUNDS; round++) {
    const order = sides.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) runs[i]!.push(await sides[i]!(round));
  }
  return runs.map(combined) as { [K in keyof Sides]: Load };
}

/** The signers' run, with the flood going on from before it starts until it ends. */
async function signersDuringFlood(url: string, round: number): Promise<{ signers: Load; flood: Load }> {
  let signersDone: () => void = () => {};
  const until = new Promise<void>((resolve) => (signersDone = resolve));
  const flood = load(url, `flood-during-${round}`, SIGN, { seconds: 3600 }, { ...FLOOD, until });
  // The flood's networks are over their limit before the signers start.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const signers = await load(url, `signers-during-${round}`, SIGN, { amount: CHUNK }).finally(signersDone);
  return { signers, flood: await flood };
}

interface Row {
  scenario: string;
  load: Load;
  /** What `ratio` divides by, and the target it must reach (if any). */
  against?: { name: string; load: Load; target?: number };
}

const fixed = (n: number, digits = 0) => n.toFixed(digits);

/** Prints each scenario as it ends: a long run on a busy machine still shows what it measured. */
function reported<T>(scenario: string, measured: T): T {
  console.log(`${scenario}: ${JSON.stringify(measured)}`);
  return measured;
}

it("the rate limits under load, side by side", { timeout: 3_600_000 }, async () => {
  const started = Date.now();
  const blackhole: BlackholeServer = await startBlackholeServer();
  const redis: RedisServer | null = await startRedisServer();
  if (!redis) throw new Error("The limits bench needs redis-server (apt-get install redis-server) for Upstash.");
  const bridge: UpstashBridge = await startUpstashBridge(redis.port, UPSTASH_TOKEN);
  try {
    const limited = await queueWorker();
    const [ceiling, postFloor, flood] = await inTurns(
      (round) => load(limited.url, `ceiling-${round}`, HEALTH, { amount: CHUNK }, FLOOD),
      (round) => load(limited.url, `post-${round}`, POST_TO_CEILING, { amount: CHUNK }, FLOOD),
      (round) => load(limited.url, `flood-${round}`, SIGN, { amount: CHUNK }, FLOOD),
    );
    reported("ceiling, a POST's floor and flood", { ceiling, postFloor, flood });
    const floods: Load[] = [];
    const [signersAlone, signersInFlood] = await inTurns(
      (round) => load(limited.url, `signers-${round}`, SIGN, { amount: CHUNK }),
      async (round) => {
        const { signers, flood } = await signersDuringFlood(limited.url, round);
        floods.push(flood);
        return signers;
      },
    );
    await limited.stop();
    const during = { signers: signersInFlood, flood: combined(floods) };
    reported("signers alone and during the flood", { signersAlone, during });

    const spreadWorker = await queueWorker();
    const baselineWorker = await startLocalWorker({ config: "bench/baseline/wrangler.toml", seedDemo: false });
    const [baseline, spreadNetworks] = await inTurns(
      (round) =>
        load(baselineWorker.url, `baseline-${round}`, { method: "POST", path: "/" }, { amount: CHUNK }, spread(round)),
      (round) => load(spreadWorker.url, `spread-${round}`, SIGN, { amount: CHUNK }, spread(round)),
    );
    await Promise.all([spreadWorker.stop(), baselineWorker.stop()]);
    reported("naive baseline and spread networks", { baseline, spreadNetworks });

    const upstash = {
      UPSTASH_REDIS_REST_URL: bridge.url,
      UPSTASH_REDIS_REST_TOKEN: UPSTASH_TOKEN,
      UPSTASH_TIMEOUT_MS,
    };
    const healthyWorker = await queueWorker(upstash);
    const stalledWorker = await queueWorker({ ...upstash, UPSTASH_REDIS_REST_URL: blackhole.url });
    const [healthy, stalled] = await inTurns(
      (round) => load(healthyWorker.url, `upstash-${round}`, SIGN, { amount: CHUNK }),
      (round) => load(stalledWorker.url, `upstash-stalled-${round}`, SIGN, { amount: CHUNK }),
    );
    await Promise.all([healthyWorker.stop(), stalledWorker.stop()]);
    reported("Upstash healthy and stalled", { healthy, stalled });

    const siteverify = await startFakeSiteverify(TURNSTILE_SECRET);
    const challengeWorker = await queueWorker({
      TURNSTILE_SITE_KEY: TURNSTILE_TEST_KEYS.siteKey,
      TURNSTILE_SECRET_KEY: TURNSTILE_SECRET,
      TURNSTILE_VERIFY_URL: siteverify.url,
    });
    const overTheirLimits = networks(CHALLENGED_NETWORKS, "100");
    const challengedSigners = async (round: number) => {
      // Untimed: the networks' limits used up, so the timed run's signatures are past them.
      await load(
        challengeWorker.url,
        `fill-${round}`,
        SIGN,
        { amount: CHALLENGED_NETWORKS * FILL_PER_NETWORK },
        {
          networkOf: overTheirLimits,
        },
      );
      return load(
        challengeWorker.url,
        `challenged-${round}`,
        SIGN,
        { amount: CHUNK },
        {
          networkOf: overTheirLimits,
          challengeToken: (i) => `${siteverify.singleUsePrefix}${round}-${i}`,
        },
      );
    };
    const [underLimit, challenged] = await inTurns(
      (round) => load(challengeWorker.url, `under-limit-${round}`, SIGN, { amount: CHUNK }),
      challengedSigners,
    );
    await challengeWorker.stop();
    await siteverify.stop();
    reported("the challenge", { underLimit, challenged });
    // Signers under the limits carry the limits' policy; any other is the ceiling's: past the limits on a token.
    const challengedAnswers = Object.entries(challenged.policies)
      .filter(([policy]) => !(policy in underLimit.policies))
      .reduce((total, [, count]) => total + count, 0);

    const ceilingAt24 = { name: "ceiling", load: ceiling };
    const rows: Row[] = [
      { scenario: "ceiling (GET /v1/health, 24 connections)", load: ceiling },
      {
        scenario: "POST with a body to the ceiling route (404: a POST's floor)",
        load: postFloor,
        against: ceilingAt24,
      },
      { scenario: "flood: 4 networks, 24 connections", load: flood, against: { ...ceilingAt24, target: 0.9 } },
      { scenario: "the flood against a POST's floor", load: flood, against: { name: "POST floor", load: postFloor } },
      { scenario: `signers alone (${NETWORKS} networks)`, load: signersAlone },
      {
        scenario: "signers during the flood",
        load: during.signers,
        against: { name: "signers alone", load: signersAlone, target: 0.7 },
      },
      { scenario: "the flood, meanwhile", load: during.flood, against: ceilingAt24 },
      { scenario: "naive baseline (spread networks)", load: baseline },
      {
        scenario: "queue, spread networks (each request its own /24)",
        load: spreadNetworks,
        against: { name: "baseline", load: baseline, target: 1.0 },
      },
      { scenario: "Upstash healthy", load: healthy },
      {
        scenario: "Upstash stalled (hung, circuit breaker)",
        load: stalled,
        against: { name: "Upstash healthy", load: healthy, target: 0.9 },
      },
      { scenario: `signers under the limits (${NETWORKS} networks), challenge configured`, load: underLimit },
      {
        scenario: `challenge: ${CHALLENGED_NETWORKS} networks over their limits, each signature with a solved token`,
        load: challenged,
        against: { name: "signers under the limits", load: underLimit },
      },
    ];
    const ratio = (row: Row) => (row.against ? row.load.perSecond / row.against.load.perSecond : undefined);
    const met = (row: Row) => {
      const target = row.against?.target;
      if (target === undefined) return "";
      return `≥ ${fixed(target, 2)}: ${ratio(row)! >= target ? "met" : "NOT met"}`;
    };
    const statuses = (l: Load) =>
      Object.entries(l.statuses)
        .map(([status, n]) => `${status}×${n}`)
        .join(" ");
    const printed = [
      ["scenario", "req/s", "ratio", "of", "p50 ms", "p99 ms", "answers", "target"],
      ...rows.map((row) => [
        row.scenario,
        fixed(row.load.perSecond),
        ratio(row) === undefined ? "" : fixed(ratio(row)!, 2),
        row.against?.name ?? "",
        fixed(row.load.p50),
        fixed(row.load.p99),
        statuses(row.load),
        met(row),
      ]),
    ];
    console.log(
      `\n${REQUESTS} requests per scenario in ${ROUNDS} turns with the scenario it is compared with (the flood ` +
        `during the signers: as long as they last), signers ${CONNECTIONS} connections, queue mode, one Worker with ` +
        `fresh local state per comparison; ${machine}\n\n` +
        `${table(printed)}\n\nUpstash stalled / healthy: ${fixed(stalled.perSecond / healthy.perSecond, 2)}\n` +
        `Answers decided by Upstash (a RateLimit header): healthy ${healthy.withRemaining} of ${healthy.requests}, ` +
        `stalled ${stalled.withRemaining} of ${stalled.requests}\n` +
        `Signers' p99 during the flood / alone: ${fixed(during.signers.p99 / signersAlone.p99, 2)}\n` +
        `Challenged signers / under the limits: ${fixed(challenged.perSecond / underLimit.perSecond, 2)}; ` +
        `${challengedAnswers} of ${challenged.requests} past the limits on their token (the rest in a network's ` +
        `first 20 after a minute turned)\n` +
        `Whole bench: ${fixed((Date.now() - started) / 1000)} s\n`,
    );
    await recordResults({
      limits: {
        machine,
        requestsPerScenario: REQUESTS,
        rounds: ROUNDS,
        scenarios: rows.map((row) => ({
          scenario: row.scenario,
          load: row.load,
          ...(row.against && { ratio: ratio(row), of: row.against.name, target: row.against.target }),
        })),
      },
    });

    // Signers are never refused, floods mostly are, and every scenario answered without errors.
    for (const l of [signersAlone, during.signers, spreadNetworks, healthy, stalled, baseline, underLimit, challenged])
      expect(l.statuses).toEqual({ 201: l.requests });
    expect(postFloor.statuses).toEqual({ 404: postFloor.requests });
    for (const l of [flood, during.flood]) expect(Object.keys(l.statuses).sort()).toEqual(["201", "429"]);
  } finally {
    await bridge.stop();
    await redis.stop();
    await blackhole.stop();
  }
});
