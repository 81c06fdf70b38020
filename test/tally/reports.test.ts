import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { SCHEDULES } from "../../functions/cron";
import { ADMIN, call, createPetition, expectProblem, signJson, uniqueSlug } from "../helpers/index";
import { runCron } from "../helpers/tally";
import { receivedAt, verifies } from "../webhooks/helpers";

const receiver = () => env.TEST_WEBHOOK_RECEIVER_URL;

async function sign(slug: string, n: number, prefix: string, country = "BR"): Promise<void> {
  for (let i = 0; i < n; i++)
    expect((await signJson(slug, { email: `${prefix}${i}@example.org`, name: "R", country })).status).toBe(201);
}

describe("report webhooks (REPORT_WEBHOOK_URLS, configured endpoints)", () => {
  it("deliver milestone events signed as Standard Webhooks with WEBHOOK_SECRET, once, and back off from a failing receiver", async () => {
    const petition = await createPetition({ goal: 3 });
    await sign(petition.slug, 3, `w-${petition.slug}-`);
    const ok = `/${uniqueSlug("ok")}`;
    const broken = `/${uniqueSlug("broken")}`;
    const hooks = {
      REPORT_WEBHOOK_URLS: `${receiver()}${ok}, ${receiver()}${broken}?status=500`,
      TALLY_MILESTONES: "2",
    };

    await runCron(SCHEDULES.tally, hooks);
    await runCron(SCHEDULES.tally, hooks);
    const delivered = await receivedAt(ok);
    expect(delivered.map((r) => JSON.parse(r.body).threshold).sort()).toEqual([2, 3]);
    for (const r of delivered) expect(await verifies(r, "test-webhook-secret")).toBe(true);
    expect(await verifies(delivered[0]!, "another-secret")).toBe(false);
    const event = JSON.parse(delivered.find((r) => JSON.parse(r.body).threshold === 3)!.body);
    expect(event).toMatchObject({
      type: "milestone",
      petition: { slug: petition.slug, goal: 3 },
      threshold: 3,
      count: 3,
    });
    expect(event.text).toContain("reached its goal of 3 signatures");
    expect(delivered.map((r) => r.headers["webhook-id"]).sort()).toEqual([
      `milestone:${petition.slug}:2`,
      `milestone:${petition.slug}:3`,
    ]);

    // The failing receiver was tried once (the next try waits on the schedule); the tally was published regardless.
    expect(await receivedAt(broken)).toHaveLength(1);
    expect((await (await call(`/v1/petitions/${petition.slug}/count`)).json<{ count: number }>()).count).toBe(3);
    const { results } = await env.DB.prepare(
      "SELECT id, url, state, failures, last_error FROM webhook_endpoints WHERE id LIKE 'cfg_%'",
    ).all();
    expect(results.filter((r) => r.last_error === "HTTP 500" && r.failures === 1)).toHaveLength(1);
    // D1 names configured receivers by hash only: their URLs are secrets.
    expect(JSON.stringify(results)).not.toContain("127.0.0.1");

    // A receiver taken out of the config is disabled, not retried forever.
    await runCron(SCHEDULES.tally, { ...hooks, REPORT_WEBHOOK_URLS: `${receiver()}${ok}` });
    const disabled = await env.DB.prepare(
      "SELECT disabled_reason FROM webhook_endpoints WHERE state = 'disabled' AND id LIKE 'cfg_%'",
    ).all();
    expect(disabled.results).toContainEqual({ disabled_reason: "Removed from REPORT_WEBHOOK_URLS." });
  });

  it("send the daily report with the day's figures and a plain-text summary, once per day", async () => {
    const petition = await createPetition({ title: "Daily & <figures>" });
    await sign(petition.slug, 4, `daily-${petition.slug}-`);
    await signJson(petition.slug, {
      email: `shared-${petition.slug}@example.org`,
      name: "S",
      referral: "dailyCODE1",
      channel: "whatsapp",
    });
    await runCron();
    const tomorrow = Date.now() + 86_400_000;
    const path = `/${uniqueSlug("daily")}`;
    const hooks = { REPORT_WEBHOOK_URLS: `${receiver()}${path}` };
    await runCron(SCHEDULES.tally, hooks); // the endpoint starts here
    await runCron(SCHEDULES.dailyReport, hooks, tomorrow);
    await runCron(SCHEDULES.dailyReport, hooks, tomorrow);
    expect(await receivedAt(path)).toEqual([]); // queued, not yet sent
    await runCron(SCHEDULES.tally, hooks);
    await runCron(SCHEDULES.tally, hooks);
    const reports = (await receivedAt(path)).filter((r) => JSON.parse(r.body).type === "daily_report");
    expect(reports).toHaveLength(1);
    const report = JSON.parse(reports[0]!.body);
    expect(report.date).toBe(new Date().toISOString().slice(0, 10));
    expect(report.petitions).toContainEqual({
      slug: petition.slug,
      title: "Daily & <figures>",
      goal: 1000,
      signatures: 5,
      total: 5,
      sources: [{ source: null, api_key_id: null, count: 5 }],
      channels: { direct: 4, whatsapp: 1 },
      sharers: 1,
      shared_signatures: 1,
    });
    expect(report.text).toContain("Daily & <figures>: +5 (5 of 1,000)");
    expect(await verifies(reports[0]!, "test-webhook-secret")).toBe(true);
  });
});

describe("tally report", () => {
  it("JSON: totals, countries, series per hour and day, milestones", async () => {
    const petition = await createPetition({ goal: 5 });
    await sign(petition.slug, 3, `rep-${petition.slug}-`, "KE");
    await sign(petition.slug, 2, `rep2-${petition.slug}-`, "DE");
    await runCron();
    const res = await call(`/v1/petitions/${petition.slug}/report?granularity=hour`, { headers: ADMIN });
    expect(res.status).toBe(200);
    const report = await res.json<Record<string, any>>();
    expect(report).toMatchObject({
      petition: { slug: petition.slug, goal: 5 },
      total: 5,
      countries: [
        { country: "KE", count: 3 },
        { country: "DE", count: 2 },
      ],
      milestones: [{ threshold: 5, count: 5 }],
    });
    expect(report.series.at(-1)).toMatchObject({ cumulative: 5 });
    expect(report.snapshots).toEqual([{ at: expect.any(String), count: 5 }]);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(report.series.reduce((sum: number, p: { signatures: number }) => sum + p.signatures, 0)).toBe(5);
    const daily = await (await call(`/v1/petitions/${petition.slug}/report`, { headers: ADMIN })).json<
      Record<string, any>
    >();
    expect(daily.series).toHaveLength(1);
    expect(daily.series[0].start).toMatch(/T00:00:00.000Z$/);
  });

  it("CSV with a header row that parses, per period and per country", async () => {
    const petition = await createPetition();
    await sign(petition.slug, 3, `csv-${petition.slug}-`, "PT");
    await runCron();
    const res = await call(`/v1/petitions/${petition.slug}/report?format=csv&granularity=hour`, { headers: ADMIN });
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = (await res.text())
      .trimEnd()
      .split("\r\n")
      .map((line) => line.split(","));
    expect(lines[0]).toEqual(["period_start", "signatures", "cumulative"]);
    expect(
      lines
        .slice(1)
        .every(([start, n, total]) => !Number.isNaN(Date.parse(start!)) && Number(n) > 0 && Number(total) > 0),
    ).toBe(true);
    expect(Number(lines.at(-1)![2])).toBe(3);
    const byCountry = await (
      await call(`/v1/petitions/${petition.slug}/report?format=csv&by=country`, { headers: ADMIN })
    ).text();
    expect(byCountry).toBe("country,signatures\r\nPT,3\r\n");
  });

  it("is admin-only and validates its range", async () => {
    const petition = await createPetition();
    await expectProblem(await call(`/v1/petitions/${petition.slug}/report`), 401);
    const report = (query: string) => call(`/v1/petitions/${petition.slug}/report?${query}`, { headers: ADMIN });
    const backwards = await expectProblem(await report("from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z"), 422);
    expect(backwards.errors).toEqual([{ path: "from", message: "must be before `to`" }]);
    const unknown = await expectProblem(await report("granularity=week&format=xml&from=yesterday"), 422);
    expect(unknown.errors.map((e: { path: string }) => e.path).sort()).toEqual(["format", "from", "granularity"]);
    await expectProblem(await call("/v1/petitions/no-such-petition/report", { headers: ADMIN }), 404);
  });
});
