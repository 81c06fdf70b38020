/** `npm start` fires wrangler.toml's cron triggers on their schedule (scripts/local-cron.mjs). */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { SCHEDULES } from "../../functions/cron";
import { cronIsDue } from "../../scripts/local-cron.mjs";

const at = (iso: string) => new Date(iso);

describe("local cron", () => {
  it("fires the tally every minute, the nightly recount at 03:00 and the daily report at 06:00 UTC", () => {
    expect(cronIsDue(SCHEDULES.tally, at("2026-12-04T10:17:30Z"))).toBe(true);
    expect(cronIsDue(SCHEDULES.reconcile, at("2026-12-04T03:00:00Z"))).toBe(true);
    expect(cronIsDue(SCHEDULES.reconcile, at("2026-12-04T03:01:00Z"))).toBe(false);
    expect(cronIsDue(SCHEDULES.dailyReport, at("2026-12-04T06:00:59Z"))).toBe(true);
    expect(cronIsDue(SCHEDULES.dailyReport, at("2026-12-04T07:00:00Z"))).toBe(false);
  });

  it("understands every trigger wrangler.toml declares", () => {
    const crons = (env.TEST_WRANGLER_TOML as { triggers: { crons: string[] } }).triggers.crons;
    for (const cron of crons) expect(() => cronIsDue(cron, new Date())).not.toThrow();
    expect(() => cronIsDue("*/5 * * * *", new Date())).toThrow(/Unsupported/);
  });
});
