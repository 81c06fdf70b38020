/** The scheduled handler's dispatch, its agreement with wrangler.toml, and the nightly purge of erasure records. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { REMOVAL_RECORDS_KEPT_DAYS, SCHEDULES } from "../../functions/cron";
import { runCron } from "../helpers/tally";

const DAY = 86_400_000;
const toml = env.TEST_WRANGLER_TOML;

describe("cron dispatch", () => {
  it("fails loudly on a schedule it has no job for, naming it", async () => {
    await expect(runCron("*/5 * * * *")).rejects.toThrow(/"\*\/5 \* \* \* \*"/);
  });

  it("knows exactly the schedules wrangler.toml triggers", () => {
    expect(Object.values(SCHEDULES).sort()).toEqual([...toml.triggers.crons].sort());
    // Counts are cached for TALLY_INTERVAL_SECONDS: the tally's cron interval.
    expect(SCHEDULES.tally).toBe("* * * * *");
    expect(toml.vars.TALLY_INTERVAL_SECONDS).toBe("60");
  });

  it("the rate-limit bindings and the Upstash limits in [vars] say the same", () => {
    const binding = (name: string) => toml.ratelimits.find((limit) => limit.name === name)?.simple;
    for (const [name, variable] of [
      ["SIGN_LIMIT_PETITION", "RATE_LIMIT_PETITION"],
      ["SIGN_LIMIT_GLOBAL", "RATE_LIMIT_GLOBAL"],
      ["SIGN_LIMIT_CHALLENGED", "RATE_LIMIT_CHALLENGED"],
    ] as const) {
      expect(binding(name), name).toEqual({
        limit: Number(toml.vars[variable]),
        period: Number(toml.vars.RATE_LIMIT_WINDOW_SECONDS),
      });
    }
    // Every signing limit is mirrored above; the console's sign-in limit has no Upstash twin.
    expect(toml.ratelimits.map((limit) => limit.name).sort()).toEqual(
      ["CONSOLE_SIGN_IN_LIMIT", "SIGN_LIMIT_CHALLENGED", "SIGN_LIMIT_GLOBAL", "SIGN_LIMIT_PETITION"].sort(),
    );
  });
});

describe("nightly purge of erasure records", () => {
  it("forgets erasures older than a queued signature can be, and keeps the rest", async () => {
    const now = Date.now();
    const lifetime = REMOVAL_RECORDS_KEPT_DAYS * DAY;
    await env.DB.batch(
      [
        ["purge-old", now - lifetime - DAY],
        ["purge-recent", now - lifetime + DAY],
        ["purge-today", now],
      ].map(([key, at]) => env.DB.prepare(`INSERT INTO erasures (dedupe_key, erased_at) VALUES (?, ?)`).bind(key, at)),
    );
    await runCron(SCHEDULES.reconcile);
    const { results } = await env.DB.prepare(
      `SELECT dedupe_key FROM erasures WHERE dedupe_key LIKE 'purge-%' ORDER BY dedupe_key`,
    ).all<{ dedupe_key: string }>();
    expect(results.map((row) => row.dedupe_key)).toEqual(["purge-recent", "purge-today"]);
  });
});
