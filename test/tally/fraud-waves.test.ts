/**
 * Fraud waves found for you (issue 17.3), with synthetic traffic: a wave from a few networks on top of
 * organic signatures is flagged, and the flagged slices hold the wave and almost nothing else; a viral
 * spike, a small petition's noise and a petition's usual concentrations are not; a disposable-address
 * domain, an unknown domain and a source burst are; overlapping runs raise each flag once, and nothing
 * is ever removed.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { SCHEDULES } from "../../functions/cron";
import { type FraudFlagRow, purgeSlicesStep } from "../../src/store/fraud-waves";
import { aggregate } from "../../src/tally/aggregate";
import { detectFraudWaves } from "../../src/tally/fraud-waves";
import { countingD1, createPetition, petitionIdOf, uniqueSlug } from "../helpers/index";
import { expectTallyExact, runCron, storedCount } from "../helpers/tally";
import {
  HOUR,
  hourStart,
  MINUTE,
  network,
  organic,
  organicEmail,
  organicSource,
  type Synthetic,
  seeded,
  storeTraffic,
} from "../helpers/traffic";
import { receivedAt, receiverUrl, subscribe, verifies } from "../webhooks/helpers";

async function flagsOf(petitionId: number): Promise<FraudFlagRow[]> {
  const { results } = await env.DB.prepare(`SELECT * FROM fraud_flags WHERE petition_id = ? ORDER BY hour, value`)
    .bind(petitionId)
    .all<FraudFlagRow>();
  return results;
}

/** The wave's and the organic signatures inside the flags' slices (each slice's value and time range). */
async function insideSlices(petitionId: number, flags: FraudFlagRow[]): Promise<{ wave: number; organic: number }> {
  const slices = JSON.stringify(flags.map((f) => [f.dimension, f.value, f.first_at, f.last_at]));
  const row = await env.DB.prepare(
    `SELECT count(*) FILTER (WHERE s.referral_code = 'wave') AS wave, count(*) FILTER (WHERE s.referral_code IS NULL) AS organic
     FROM signatures s WHERE s.petition_id = ?1 AND EXISTS (
       SELECT 1 FROM json_each(?2) f
       WHERE s.created_at BETWEEN f.value ->> 2 AND f.value ->> 3
         AND CASE f.value ->> 0 WHEN 'network' THEN s.network_hash WHEN 'email_domain' THEN s.email_domain_hash ELSE s.source END = f.value ->> 1)`,
  )
    .bind(petitionId, slices)
    .first<{ wave: number; organic: number }>();
  return row!;
}

async function petitionWith(traffic: Synthetic[]): Promise<{ slug: string; id: number }> {
  const petition = await createPetition();
  const id = await petitionIdOf(petition.slug);
  await storeTraffic(id, traffic);
  return { slug: petition.slug, id };
}

// Bursts sit inside the last whole hour, so each is one slice whatever the time the test runs.
describe("fraud waves", { timeout: 60_000 }, () => {
  it("a wave of 2,000 from 3 networks in 10 minutes over 20,000 organic from 5,000 networks: flagged, and the flagged slices hold >= 95% of the wave and <= 1% of the organic", async () => {
    const random = seeded(17);
    const now = Date.now();
    const everyday = organic(random, 20_000, { from: now - 24 * HOUR, to: now - MINUTE, networks: 5000, prefix: "o" });
    // Three networks that organic signers use too, and ten minutes across an hour's end: two hours, judged apart.
    const waveNetworks = [network(7), network(8), network(9)];
    const waveStart = hourStart(4) - 5 * MINUTE;
    const wave = Array.from({ length: 2000 }, (_, i) => ({
      at: waveStart + Math.floor(random() * 10 * MINUTE),
      network: waveNetworks[i % 3]!,
      email: organicEmail(random, `w${i}`),
      source: organicSource(random),
      wave: true,
    }));
    const started = performance.now();
    const { id } = await petitionWith([...everyday, ...wave]);
    const stored = performance.now();
    await runCron();
    const judged = performance.now();
    console.log(
      `fraud waves: 22,000 signatures stored in ${Math.round(stored - started)} ms, counted and judged by one cron run in ${Math.round(judged - stored)} ms`,
    );

    const flags = await flagsOf(id);
    // Each wave network in each of its two hours, and nothing else: no organic slice is unusual.
    expect(flags.map((f) => [f.dimension, f.value, f.hour * 1000])).toEqual(
      [hourStart(5), hourStart(4)].flatMap((hour) => waveNetworks.map((value) => ["network", value, hour])),
    );
    for (const flag of flags) {
      expect(flag.status).toBe("open");
      expect(flag.count / flag.hour_count).toBeGreaterThan(0.05);
    }
    const inside = await insideSlices(id, flags);
    console.log(
      `fraud waves: the flagged slices hold ${inside.wave} of the wave's 2,000 and ${inside.organic} of the 20,000 organic`,
    );
    expect(inside.wave).toBeGreaterThanOrEqual(0.95 * 2000);
    expect(inside.organic).toBeLessThanOrEqual(0.01 * 20_000);
    // Flagged, not removed.
    expect(
      await storedCount(
        (await env.DB.prepare(`SELECT slug FROM petitions WHERE id = ?`).bind(id).first<string>("slug"))!,
      ),
    ).toBe(22_000);
    await expectTallyExact();
  });

  it("an organic viral spike (10x the rate, many networks) is not flagged", async () => {
    const random = seeded(23);
    const now = Date.now();
    const usual = organic(random, 2400, { from: now - 25 * HOUR, to: hourStart(0), networks: 3000, prefix: "u" });
    // This hour: ten times the usual rate of 100 an hour, from networks never seen before.
    const viral = organic(random, 1000, {
      from: hourStart(0),
      to: now,
      networks: 20_000,
      firstNetwork: 10_000,
      prefix: "v",
    });
    const { id } = await petitionWith([...usual, ...viral]);
    await runCron();
    expect(await flagsOf(id)).toEqual([]);
  });

  it("a small petition's noise is not flagged: a few signatures from one network, one domain, one source", async () => {
    const now = Date.now();
    const traffic = Array.from({ length: 30 }, (_, i) => ({
      at: now - i * MINUTE,
      network: network(1),
      email: `family${i}@tiny-family.example`,
      source: "school-newsletter",
    }));
    const { id } = await petitionWith(traffic);
    await runCron();
    expect(await flagsOf(id)).toEqual([]);
  });

  it("a disposable-address domain is flagged by name; any other domain only as one email domain", async () => {
    const random = seeded(31);
    const now = Date.now();
    const usual = organic(random, 2400, { from: now - 24 * HOUR, to: now, networks: 3000, prefix: "u" });
    const throwaway = Array.from({ length: 25 }, (_, i) => ({
      at: hourStart(1) + 20 * MINUTE + i * 30_000,
      network: network(50_000 + i),
      email: `x${i}@mailinator.com`,
      wave: true,
    }));
    const unknownDomain = Array.from({ length: 150 }, (_, i) => ({
      at: hourStart(1) + 10 * MINUTE + i * 10_000,
      network: network(60_000 + i),
      email: `p${i}@corp-wave.example`,
      wave: true,
    }));
    const { id } = await petitionWith([...usual, ...throwaway, ...unknownDomain]);
    await runCron();

    const flags = await flagsOf(id);
    expect(flags.map((f) => [f.dimension, f.disposable_domain, f.count]).sort()).toEqual(
      [
        ["email_domain", "mailinator.com", 25],
        ["email_domain", null, 150],
      ].sort(),
    );
    expect(JSON.stringify(flags)).not.toContain("corp-wave");
    const inside = await insideSlices(id, flags);
    expect(inside).toEqual({ wave: 175, organic: 0 });
  });

  it("a burst from one source is flagged", async () => {
    const random = seeded(37);
    const now = Date.now();
    const usual = organic(random, 2400, { from: now - 24 * HOUR, to: now, networks: 3000, prefix: "u" });
    const burst = Array.from({ length: 300 }, (_, i) => ({
      at: hourStart(1) + 30 * MINUTE + i * 3000,
      network: network(70_000 + i),
      email: organicEmail(random, `b${i}`),
      source: "promo-x",
      wave: true,
    }));
    const { id } = await petitionWith([...usual, ...burst]);
    await runCron();
    const flags = await flagsOf(id);
    expect(flags.map((f) => [f.dimension, f.value, f.count])).toEqual([["source", "promo-x", 300]]);
  });

  it("two overlapping cron runs raise each flag once, with the same figures, and remove nothing", async () => {
    const random = seeded(41);
    const now = Date.now();
    const usual = organic(random, 1200, { from: now - 24 * HOUR, to: now, networks: 2000, prefix: "u" });
    const wave = Array.from({ length: 300 }, (_, i) => ({
      at: hourStart(1) + 40 * MINUTE + i * 1000,
      network: network(90_000),
      email: organicEmail(random, `w${i}`),
      wave: true,
    }));
    const { slug, id } = await petitionWith([...usual, ...wave]);
    await Promise.all([runCron(), runCron()]);
    await runCron();
    const flags = await flagsOf(id);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ dimension: "network", value: network(90_000), count: 300, status: "open" });
    expect(await storedCount(slug)).toBe(1500);
    await expectTallyExact();
  });

  it("sends each flag once as a fraud.suspected webhook event: what was seen, how many, when, a link, nothing personal", async () => {
    const random = seeded(43);
    const now = Date.now();
    const usual = organic(random, 1200, { from: now - 24 * HOUR, to: now, networks: 2000, prefix: "u" });
    const throwaway = Array.from({ length: 40 }, (_, i) => ({
      at: hourStart(1) + 5 * MINUTE + i * 20_000,
      network: network(80_000 + i),
      email: `t${i}@mailinator.com`,
      wave: true,
    }));
    const wave = Array.from({ length: 200 }, (_, i) => ({
      at: hourStart(1) + 20 * MINUTE + i * 1000,
      network: network(81_000),
      email: `w${i}@corp-wave.example`,
      wave: true,
    }));
    const { slug } = await petitionWith([...usual, ...throwaway, ...wave]);
    const path = `/${uniqueSlug("fraud-hook")}`;
    const hook = await subscribe({ url: receiverUrl(path), events: ["fraud.suspected"], petitions: [slug] });
    await runCron();
    await runCron();

    const requests = await receivedAt(path);
    const events = requests.map((r) => JSON.parse(r.body));
    for (const request of requests) expect(await verifies(request, hook.secret)).toBe(true);
    expect(events.map((e) => [e.dimension, e.seen, e.signatures]).sort()).toEqual(
      [
        ["email_domain", "mailinator.com, a disposable-address service", 40],
        ["email_domain", "one email domain", 200],
        ["network", "one network", 200],
      ].sort(),
    );
    const network_ = events.find((e) => e.dimension === "network")!;
    expect(network_).toMatchObject({
      type: "fraud.suspected",
      id: expect.stringMatching(/^fraud\.suspected:\d+$/),
      petition: { slug, title: "Equal rights now" },
      first_signed_at: new Date(hourStart(1) + 20 * MINUTE).toISOString(),
      last_signed_at: new Date(hourStart(1) + 20 * MINUTE + 199_000).toISOString(),
      console_url: expect.stringMatching(
        new RegExp(`^https://petitions\\.test/admin/p/${slug}/fraud-flags#flag-\\d+$`),
      ),
    });
    expect(network_.share_of_hour).toBeGreaterThan(0.5);
    expect(network_.text).toContain("one network brought 200 signatures");
    expect(requests.map((r) => r.headers["webhook-id"])).toEqual(events.map((e) => e.id));
    // Neither the network's nor a domain's hash, nor a domain other than a disposable one.
    for (const body of requests.map((r) => r.body)) expect(body).not.toMatch(/net-81000|corp-wave|[A-Za-z0-9_-]{43}/);
  });

  it("costs what the new signatures cost: a run's reads grow with them, not with the petition or the table", async () => {
    const random = seeded(47);
    const now = Date.now();
    const { id } = await petitionWith(
      organic(random, 10_000, { from: now - 24 * HOUR, to: now - 10 * MINUTE, networks: 4000, prefix: "u" }),
    );
    await runCron();
    const cost = async (n: number, prefix: string) => {
      await storeTraffic(id, organic(random, n, { from: now - 10 * MINUTE, to: now, networks: 4000, prefix }));
      const counted = await aggregate(env.DB, { now, thresholds: [], maxPerBatch: 20_000, maxBatches: 10 });
      const d1 = countingD1(env.DB);
      await detectFraudWaves(d1.db, { now, maxIds: 20_000, maxSteps: 10 });
      const detectionRead = d1.statements.reduce((sum, s) => sum + (s.meta?.rows_read ?? 0), 0);
      return {
        tallyRead: counted.rowsRead / n,
        tallyWritten: counted.rowsWritten / n,
        detectionRead: detectionRead / n,
      };
    };
    const few = await cost(100, "a");
    const more = await cost(1000, "b");
    console.log(
      `per new signature: the tally reads ${few.tallyRead.toFixed(1)} / ${more.tallyRead.toFixed(1)} rows and writes ${few.tallyWritten.toFixed(1)} / ${more.tallyWritten.toFixed(1)}, detection reads ${few.detectionRead.toFixed(1)} / ${more.detectionRead.toFixed(1)} (100 / 1,000 new, over 10,000)`,
    );
    // A few index steps per new signature and slice, and a day of a common domain's hours: never the 10,000 before.
    expect(few.detectionRead).toBeLessThan(60);
    expect(more.detectionRead).toBeLessThan(60);
  });

  it("forgets slices older than 7 days, a bounded step of its walk at a time, starting again after the last", async () => {
    const now = Date.now();
    const old = (i: number) => ({
      at: now - 8 * 24 * HOUR - i * HOUR,
      network: network(i),
      email: `old${i}@example.org`,
    });
    const kept = (i: number) => ({
      at: now - 6 * 24 * HOUR - i * HOUR,
      network: network(i),
      email: `kept${i}@example.org`,
    });
    const { id } = await petitionWith([...[0, 1, 2, 3, 4].map(old), ...[0, 1, 2, 3, 4].map(kept)]);
    await aggregate(env.DB, { now, thresholds: [], maxPerBatch: 20_000, maxBatches: 10 });
    const slices = async (filter: string) =>
      (await env.DB.prepare(`SELECT count(*) AS n FROM petition_hour_slices WHERE petition_id = ? AND ${filter}`)
        .bind(id)
        .first<number>("n"))!;
    const cutoff = Math.floor((now - 7 * 24 * HOUR) / 1000);
    expect(await slices(`hour < ${cutoff}`)).toBe(10);
    await env.DB.prepare(`UPDATE fraud_detection SET purge_after = NULL`).run();
    const walk = () => env.DB.prepare(`SELECT purge_after FROM fraud_detection`).first<string | null>("purge_after");

    // Every slice of the file's tests, in about five steps.
    const span = Math.ceil(
      (await env.DB.prepare(`SELECT count(*) AS n FROM petition_hour_slices`).first<number>("n"))! / 5,
    );
    let steps = 0;
    do await purgeSlicesStep(env.DB, now - 7 * 24 * HOUR, span);
    while ((await walk()) !== null && ++steps < 20);
    expect(steps).toBeGreaterThanOrEqual(4);
    expect(await walk()).toBeNull();
    expect(await slices(`hour < ${cutoff}`)).toBe(0);
    // Each kept signature still counts once in each of its slices (network and email domain).
    expect(await slices(`hour >= ${cutoff}`)).toBe(10);
    await expectTallyExact();
  });

  it("the nightly run forgets flags of hours more than 30 days ago", async () => {
    const { id } = await petitionWith([]);
    const flag = (hoursAgo: number) =>
      env.DB.prepare(
        `INSERT INTO fraud_flags (petition_id, hour, dimension, value, count, hour_count, usual_share, first_at, last_at, flagged_at, updated_at)
         VALUES (?1, ?2, 'network', ?3, 60, 60, 0, ?2 * 1000, ?2 * 1000, ?2 * 1000, ?2 * 1000)`,
      ).bind(id, Math.floor(hourStart(hoursAgo) / 1000), network(hoursAgo));
    await env.DB.batch([flag(31 * 24), flag(29 * 24)]);
    await runCron(SCHEDULES.reconcile);
    expect((await flagsOf(id)).map((f) => f.value)).toEqual([network(29 * 24)]);
  });
});
