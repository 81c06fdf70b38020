/**
 * GET /v1/admin/status: each item green, amber or red by the threshold it states, from figures the
 * system records where they happen; one batch of indexed reads; D1 down turns its items red.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../functions/app";
import { SCHEDULES } from "../../functions/cron";
import { escapeMarkup } from "../../src/markup/escape";
import { type OperatorStatus, STATUS_ITEM_IDS, type StatusItem, type StatusItemId } from "../../src/operations/status";
import { personKey } from "../../src/signing/canonical-email";
import { keepDeadLetters } from "../../src/store/dead-letters";
import { insertSignatures } from "../../src/store/signatures";
import { session } from "../helpers/console";
import {
  ADMIN,
  call,
  countingD1,
  createPetition,
  failingD1,
  freshIp,
  petitionIdOf,
  sealedRow,
  signJson,
} from "../helpers/index";
import { runCron } from "../helpers/tally";
import { subscribe } from "../webhooks/helpers";

/** The tests' settings with an email API a deployed Worker may use (theirs is loopback http). */
const PRODUCTION_EMAIL = { EMAIL_API_URL: "https://email.example/emails" };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

async function status(overrides: Partial<Env> = {}): Promise<OperatorStatus> {
  const res = await app.request("/v1/admin/status", { headers: ADMIN }, { ...env, ...overrides });
  expect(res.status, await res.clone().text()).toBe(200);
  expect(res.headers.get("cache-control")).toBe("no-store");
  return res.json();
}

async function item(id: StatusItemId, overrides: Partial<Env> = {}): Promise<StatusItem> {
  return (await status(overrides)).items.find((i) => i.id === id)!;
}

const sql = (statement: string, ...values: unknown[]) =>
  env.DB.prepare(statement)
    .bind(...values)
    .run();

/** Runs key rotation's batches until every row is under the current key. */
async function rotateKeys(): Promise<void> {
  for (;;) {
    const res = await app.request("/v1/admin/key-rotation", { method: "POST", headers: ADMIN }, env);
    if ((await res.json<{ done: boolean }>()).done) return;
  }
}

async function storedRow(slug: string, email: string, overrides: { createdAt?: number; keys?: string } = {}) {
  const petitionId = await petitionIdOf(slug);
  const row = await sealedRow(
    {
      petitionId,
      dedupeKey: await personKey(env.HASH_KEY!, email),
      email,
      ...(overrides.createdAt ? { createdAt: overrides.createdAt } : {}),
    },
    overrides.keys,
  );
  await insertSignatures(env.DB, [row], "refuse");
}

describe("the status document", () => {
  it("lists every item with a status and its threshold, the worst one on top, and keeps dead_letters", async () => {
    const doc = await status();
    expect(doc.items.map((i) => i.id)).toEqual(STATUS_ITEM_IDS);
    for (const i of doc.items) {
      expect(["green", "amber", "red"]).toContain(i.status);
      expect(i.threshold).toMatch(/green/i);
      expect(i.summary.length).toBeGreaterThan(0);
    }
    const rank = ["green", "amber", "red"];
    expect(doc.status).toBe(rank[Math.max(...doc.items.map((i) => rank.indexOf(i.status)))]);
    expect(doc.dead_letters).toEqual({ batches: 0, signatures: 0 });
    expect(Date.parse(doc.checked_at)).toBeGreaterThan(Date.now() - MINUTE);
  });

  it("is one D1 call whose reads use indexes (no full scan of signatures, held signatures, events or email hours)", async () => {
    const counted = countingD1(env.DB);
    expect((await app.request("/v1/admin/status", { headers: ADMIN }, { ...env, DB: counted.db })).status).toBe(200);
    expect(counted.calls()).toBe(1);
    const plans: string[] = [];
    for (const { sql: statement } of counted.statements) {
      const text = statement.replace(/^batch: /, "");
      const arity = Math.max(
        (text.match(/\?(?!\d)/g) ?? []).length,
        ...Array.from(text.matchAll(/\?(\d+)/g), (m) => Number(m[1])),
      );
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${text}`)
        .bind(...Array.from({ length: arity }, () => null))
        .all<{ detail: string }>();
      plans.push(...results.map((r) => r.detail));
    }
    expect(plans.length).toBeGreaterThan(5);
    expect(
      plans.filter((p) => /^SCAN (signatures|pending_signatures|webhook_events|email_outcomes)\b/.test(p)),
    ).toEqual([]);
    expect(plans).toContainEqual(expect.stringMatching(/^SEARCH signatures USING INTEGER PRIMARY KEY \(rowid>\?\)/));
  });

  it("answers 200 when D1 does not: its items red, saying so; the queue and the configuration still read", async () => {
    const doc = await status({ DB: failingD1(), ...PRODUCTION_EMAIL });
    expect(doc.status).toBe("red");
    const byId = Object.fromEntries(doc.items.map((i) => [i.id, i]));
    for (const id of ["tally", "untallied", "reconciliation", "webhooks", "encryption", "email"]) {
      expect(byId[id]).toMatchObject({ status: "red", summary: "D1 did not answer: D1_ERROR: Database is overloaded" });
    }
    expect(byId.queue!.status).toBe("green");
    expect(byId.configuration!.status).toBe("green");
  });

  it("needs the admin token", async () => {
    const res = await app.request("/v1/admin/status", {}, env);
    expect(res.status).toBe(401);
  });
});

describe("tally and what waits for it", () => {
  it("the last run's age: red before any, green after one, amber from 3 minutes, red from 10", async () => {
    await sql(`UPDATE tally_watermark SET ran_at = 0 WHERE id = 1`);
    expect(await item("tally")).toMatchObject({ status: "red", summary: "No tally run has finished yet." });
    await runCron();
    const fresh = await item("tally");
    expect(fresh.status).toBe("green");
    expect(Date.parse(fresh.figures.last_run_at as string)).toBeGreaterThan(Date.now() - MINUTE);
    for (const [ago, level] of [
      [3 * MINUTE + 5000, "amber"],
      [10 * MINUTE + 5000, "red"],
    ] as const) {
      await sql(`UPDATE tally_watermark SET ran_at = ? WHERE id = 1`, Date.now() - ago);
      expect((await item("tally")).status).toBe(level);
    }
    await runCron();
  });

  it("stored but not tallied: counted, graded by the oldest one's acceptance, none after a run", async () => {
    await runCron();
    const petition = await createPetition();
    for (const n of [1, 2])
      expect(
        (await signJson(petition.slug, { email: `wait${n}@example.org`, name: "S", country: "IS", consent: true }))
          .status,
      ).toBe(201);
    expect(await item("untallied")).toMatchObject({ status: "green", figures: { untallied: 2 } });
    await storedRow(petition.slug, "late@example.org", { createdAt: Date.now() - 4 * MINUTE });
    expect(await item("untallied")).toMatchObject({ status: "amber", figures: { untallied: 3 } });
    await storedRow(petition.slug, "later@example.org", { createdAt: Date.now() - 11 * MINUTE });
    const red = await item("untallied");
    expect(red.status).toBe("red");
    expect(red.summary).toMatch(/^4 stored signatures wait for the next run; the oldest was accepted 11 min ago\.$/);
    await runCron();
    expect(await item("untallied")).toMatchObject({
      status: "green",
      figures: { untallied: 0, oldest_accepted_at: null },
    });
  });
});

describe("reconciliation", () => {
  it("amber before the first recount; the drift it repaired, counted across invocations; red once two nights are missed", async () => {
    const before = await item("reconciliation");
    if (before.figures.last_completed_at === null) expect(before.status).toBe("amber");

    const petition = await createPetition();
    for (const n of [1, 2, 3])
      await signJson(petition.slug, { email: `drift${n}@example.org`, name: "S", country: "IS", consent: true });
    await runCron();
    await runCron(SCHEDULES.reconcile);
    expect(await item("reconciliation")).toMatchObject({ status: "green", figures: { drifted_rows: 0 } });

    // Two rows drift; the nightly run's budget is too small to finish, the minute's runs finish it.
    const id = await petitionIdOf(petition.slug);
    await sql(`UPDATE petition_tallies SET count = count + 7 WHERE petition_id = ?`, id);
    await sql(`UPDATE country_tallies SET count = count - 1 WHERE country = 'IS'`);
    const small = { D1_CALLS_PER_BULK_STEP: "6" };
    await runCron(SCHEDULES.reconcile, small);
    expect((await item("reconciliation")).figures.under_way).toBe(true);
    for (let run = 0; run < 40 && (await item("reconciliation")).figures.under_way; run += 1)
      await runCron(SCHEDULES.tally, small);
    const repaired = await item("reconciliation");
    expect(repaired).toMatchObject({ status: "amber", figures: { drifted_rows: 2, under_way: false } });
    expect(repaired.summary).toMatch(/repaired 2 drifted tally rows\.$/);
    expect(Date.parse(repaired.figures.last_completed_at as string)).toBeGreaterThan(Date.now() - 5 * MINUTE);

    await runCron(SCHEDULES.reconcile);
    expect(await item("reconciliation")).toMatchObject({ status: "green", figures: { drifted_rows: 0 } });
    await sql(`UPDATE recount SET completed_at = ? WHERE id = 1`, Date.now() - 27 * HOUR);
    expect((await item("reconciliation")).status).toBe("amber");
    await sql(`UPDATE recount SET completed_at = ? WHERE id = 1`, Date.now() - 51 * HOUR);
    expect((await item("reconciliation")).status).toBe("red");
    await runCron(SCHEDULES.reconcile);
  });
});

describe("queue, webhooks, keys, email", () => {
  it("a kept dead-lettered batch is red, with its signatures counted in dead_letters", async () => {
    const petition = await createPetition();
    const petitionId = await petitionIdOf(petition.slug);
    const row = await sealedRow({ petitionId, dedupeKey: "dead-1", email: "dead@example.org" });
    const key = await keepDeadLetters(env.KV, [row], Date.now());
    const doc = await status();
    expect(doc.dead_letters).toEqual({ batches: 1, signatures: 1 });
    expect(doc.items.find((i) => i.id === "queue")).toMatchObject({
      status: "red",
      figures: { dead_letter_batches: 1, dead_letter_signatures: 1 },
    });
    await env.KV.delete(key);
    expect((await item("queue")).status).toBe("green");
  });

  it("webhooks: what waits, amber while an endpoint fails, red once one is disabled after failing", async () => {
    const petition = await createPetition();
    const { id } = await subscribe({
      url: `${env.TEST_WEBHOOK_RECEIVER_URL}/status-hook`,
      events: ["signature.created"],
    });
    for (const n of [1, 2, 3])
      await signJson(petition.slug, { email: `hook${n}@example.org`, name: "S", country: "IS", consent: true });
    const waiting = await item("webhooks");
    expect(waiting.status).toBe("green");
    expect(waiting.figures.largest_backlog_at_most).toBeGreaterThanOrEqual(3);

    await sql(
      `UPDATE webhook_endpoints SET failures = 2, failing_since = ?, last_error = 'HTTP 500' WHERE id = ?`,
      Date.now() - HOUR,
      id,
    );
    const failing = await item("webhooks");
    expect(failing).toMatchObject({ status: "amber", figures: { failing: 1 } });
    expect(failing.details).toContainEqual(
      expect.stringMatching(new RegExp(`^${id}: failing since .*\\(HTTP 500\\), 2 attempts so far\\.$`)),
    );

    await sql(
      `UPDATE webhook_endpoints SET state = 'disabled', disabled_reason = 'The receiver answered 410 Gone.' WHERE id = ?`,
      id,
    );
    const disabled = await item("webhooks");
    expect(disabled).toMatchObject({ status: "red", figures: { disabled: 1, failing: 0 } });
    expect(disabled.details).toContain(`${id}: disabled. The receiver answered 410 Gone.`);
    await sql(`DELETE FROM webhook_endpoints WHERE id = ?`, id);
  });

  it("encryption: rows under an old key are amber until rotation reseals them; under a lost key, red", async () => {
    await rotateKeys();
    const petition = await createPetition();
    const current = await item("encryption");
    expect(current).toMatchObject({ status: "green", figures: { current_key: "test2", retired_keys: "test1" } });
    expect(current.details).toContainEqual(expect.stringContaining("the retired keys (test1) can go"));

    const retired = env.ENCRYPTION_KEYS!.split(",")[1]!;
    await storedRow(petition.slug, "old-key@example.org", { keys: retired });
    expect(await item("encryption")).toMatchObject({ status: "amber", figures: { rows_under_old_key: 1 } });
    await rotateKeys();
    expect(await item("encryption")).toMatchObject({ status: "green", figures: { rows_under_old_key: 0 } });

    await storedRow(petition.slug, "lost-key@example.org");
    await sql(`UPDATE signatures SET key_id = 'lost' WHERE id = (SELECT max(id) FROM signatures)`);
    const lost = await item("encryption");
    expect(lost).toMatchObject({ status: "red", figures: { rows_under_unknown_key: 1 } });
    expect(lost.details[0]).toMatch(/^1 rows are sealed under a key that is not in ENCRYPTION_KEYS/);
    await sql(`DELETE FROM signatures WHERE key_id = 'lost'`);

    expect(await item("encryption", { ENCRYPTION_KEYS: "" })).toMatchObject({
      status: "red",
      figures: { current_key: null },
    });
  });

  it("email: failures counted where they happen; red while none goes out, amber for a day", async () => {
    const petition = await createPetition({ confirmation: "email" });
    const signWith = async (email: string, overrides: Partial<Env> = {}) => {
      const ctx = createExecutionContext();
      const res = await app.request(
        `/v1/petitions/${petition.slug}/signatures`,
        {
          method: "POST",
          headers: { "Content-Type": "application/json", "cf-connecting-ip": freshIp() },
          body: JSON.stringify({ email, name: "Em Ail", country: "IS", consent: true }),
        },
        { ...env, ...overrides },
        ctx,
      );
      await waitOnExecutionContext(ctx);
      expect(res.status).toBe(201);
    };
    await sql(`DELETE FROM email_outcomes`);
    expect((await item("email")).status).toBe("green");
    await signWith("bounce@example.org", { EMAIL_API_URL: `${env.TEST_EMAIL_API_URL}/emails?status=500` });
    expect(await item("email")).toMatchObject({ status: "red", figures: { failed_last_hour: 1, sent_last_hour: 0 } });
    await signWith("fine@example.org");
    expect(await item("email")).toMatchObject({
      status: "amber",
      summary: "Last 24 hours: 1 sent, 1 failed.",
      figures: { sent_24h: 1, failed_24h: 1 },
    });
  });
});

describe("configuration", () => {
  it("is npm run doctor's checks over the Worker's settings: each one off named with its reason, the worst decides", async () => {
    expect(await item("configuration", PRODUCTION_EMAIL)).toMatchObject({ status: "green", details: [] });
    // The tests' email API is a loopback server over http, which a deployed Worker must not use.
    expect(await item("configuration")).toMatchObject({
      status: "red",
      details: ["EMAIL_TRANSPORT: EMAIL_API_URL is no https URL: the API key would travel in clear"],
    });
    const cases: [Partial<Env>, StatusItem["status"], RegExp][] = [
      [{ HASH_KEY: "" }, "red", /^HASH_KEY: unset: signing answers 503/],
      [{ HASH_KEY: "password1234".repeat(3) }, "red", /^HASH_KEY: does not look random/],
      [{ EMAIL_API_KEY: "" }, "red", /^EMAIL_TRANSPORT: http without EMAIL_API_KEY/],
      [{ EMAIL_TRANSPORT: "dev-outbox" }, "red", /^EMAIL_TRANSPORT: dev-outbox is for npm start/],
      [
        { REPORT_WEBHOOK_URLS: "https://hooks.example.org/x", WEBHOOK_SECRET: "" },
        "amber",
        /^REPORT_WEBHOOK_URLS: the WEBHOOK_SECRET secret/,
      ],
      [
        { TURNSTILE_SITE_KEY: "0x4AAAAAAAOrgKey", TURNSTILE_SECRET_KEY: "" },
        "red",
        /^TURNSTILE_SITE_KEY, TURNSTILE_SECRET_KEY: TURNSTILE_SECRET_KEY is unset/,
      ],
      [{ RATE_LIMIT_CHALLENGED: "0" }, "red", /^counts and durations: not positive integers .*RATE_LIMIT_CHALLENGED/],
    ];
    for (const [overrides, status, detail] of cases) {
      const checked = await item("configuration", { ...PRODUCTION_EMAIL, ...overrides });
      expect(checked, JSON.stringify(overrides)).toMatchObject({ status, details: [expect.stringMatching(detail)] });
    }
  });
});

describe("the console's status page", () => {
  it("shows every item with its level in words, its summary and threshold, linked from the navigation", async () => {
    const { cookie } = await session();
    await sql(`UPDATE tally_watermark SET ran_at = ? WHERE id = 1`, Date.now() - 4 * MINUTE);
    const res = await call("/admin/status", { headers: { cookie } });
    expect(res.status).toBe(200);
    const page = await res.text();
    const doc = await status();
    for (const i of doc.items) {
      expect(page).toContain(
        `<h2 id="status-${i.id}">${i.title} <span class="status status-${i.status}">${i.status}</span></h2>`,
      );
      expect(page).toContain(escapeMarkup(i.threshold));
    }
    expect(page).toContain(
      `<span class="status status-amber">amber</span></h2>\n<p>The last run finished 4 min ago.</p>`,
    );
    expect(page).toContain('<a href="/admin/status">Status</a>');
    await runCron();
  });

  it("needs a signed-in console user", async () => {
    const res = await call("/admin/status", { redirect: "manual" });
    expect([302, 303]).toContain(res.status);
  });
});
