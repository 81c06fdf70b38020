/**
 * Public counts: a petition with public_count_rounding shows rounded
 * counts on every public surface while admins see exact ones; counts at the edge are served from KV.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../functions/app";
import { insertSignatures } from "../../src/store/signatures";
import { signThroughApi } from "../helpers/bulk";
import {
  ADMIN,
  call,
  countingD1,
  createPetition,
  freshIp,
  ORIGIN,
  petitionIdOf,
  sealedRow,
  signJson,
} from "../helpers/index";
import { runCron } from "../helpers/tally";

async function json(path: string, init: RequestInit = {}): Promise<Record<string, any>> {
  const res = await call(path, init);
  expect(res.status, path).toBe(200);
  return res.json();
}

/** Stored straight into D1, so the sign route's isolate has not cached a count for the petition yet. */
async function signMany(slug: string, n: number, tag: string): Promise<void> {
  const petitionId = await petitionIdOf(slug);
  const rows = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      sealedRow({ petitionId, dedupeKey: `${tag}-${i}`, email: `${tag}${i}@example.org`, name: "R" }),
    ),
  );
  expect(await insertSignatures(env.DB, rows, "refuse")).toBe(n);
}

/** Every public surface's figure for the petition, and the exact figures admins get. */
async function surfaces(slug: string) {
  const list = await json("/v1/petitions?limit=100");
  const adminList = await json("/v1/admin/petitions?limit=100", { headers: ADMIN });
  const signed = await signJson(slug, { email: `probe-${crypto.randomUUID()}@example.org`, name: "P" });
  const chart = await (await call(`/v1/petitions/${slug}/chart.svg`)).text();
  const countryChart = await (await call(`/v1/petitions/${slug}/chart.svg?by=country`)).text();
  const map = await (await call(`/v1/petitions/${slug}/map.svg`)).text();
  return {
    count: (await json(`/v1/petitions/${slug}/count`)).count,
    petition: (await json(`/v1/petitions/${slug}`)).count,
    list: list.petitions.find((p: { slug: string }) => p.slug === slug)?.count,
    signingAnswer: (await signed.json<{ count: number }>()).count,
    global: (await json("/v1/tally")).petitions[slug],
    embed: (await (await call(`/embed/${slug}`)).text()).match(/<progress[^>]* value="(\d+)"/)?.[1],
    thanks: (await (await call(`/embed/${slug}/thanks`)).text()).match(
      /<span data-count-forms="[^"]*"><strong>([\d,]+)<\/strong>/,
    )?.[1],
    chart,
    countryChart,
    map,
    petitionPage: (await (await call(`/p/${slug}`)).text()).match(/<progress[^>]* value="(\d+)"/)?.[1],
    admin: {
      list: adminList.petitions.find((p: { slug: string }) => p.slug === slug)?.count,
      report: (await json(`/v1/petitions/${slug}/report`, { headers: ADMIN })).total,
      petition: (await json(`/v1/admin/petitions/${slug}`, { headers: ADMIN })).count,
    },
  };
}

/** A petition created two hours ago, so its charts span whole hours whatever the clock says now. */
async function createOlderPetition(settings: Record<string, unknown>): Promise<Record<string, any>> {
  const petition = await createPetition(settings);
  const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000).toISOString();
  await env.DB.prepare(`UPDATE petitions SET created_at = ? WHERE slug = ?`).bind(twoHoursAgo, petition.slug).run();
  const patch = await call(`/v1/petitions/${petition.slug}`, {
    method: "PATCH",
    headers: { ...ADMIN, "Content-Type": "application/json" },
    body: "{}",
  });
  expect(patch.status).toBe(200);
  return petition;
}

describe("public_count_rounding", () => {
  it("rounds the count on every public surface; admins see it exact", async () => {
    const rounded = await createOlderPetition({ public_count_rounding: 10, goal: 100 });
    const exact = await createOlderPetition({ goal: 100 });
    await signMany(rounded.slug, 13, "round");
    await signMany(exact.slug, 13, "exact");
    await runCron();

    const shown = await surfaces(rounded.slug);
    expect(shown).toMatchObject({
      count: 10,
      petition: 10,
      list: 10,
      signingAnswer: 10,
      global: 10,
      embed: "10",
      thanks: "10",
      petitionPage: "10",
      admin: { list: 13, report: 13, petition: 13 },
    });
    expect(shown.chart).toContain("10 signatures");
    expect(shown.chart).not.toMatch(/\b13 signatures/);
    expect(shown.countryChart).not.toMatch(/>13</);
    expect(shown.map).toContain("Kenya: 10 signatures");
    expect(shown.map).not.toContain("13 signatures");
    // The published count carries no update time, which would move with each signature.
    expect((await json(`/v1/petitions/${rounded.slug}/count`)).updated_at).toBeNull();

    // The organisers' console shows the exact count, and does not refresh it from the rounded public one.
    const signIn = await call("/admin/sign-in", {
      method: "POST",
      headers: {
        "Sec-Fetch-Site": "same-origin",
        Origin: ORIGIN,
        "Content-Type": "application/x-www-form-urlencoded",
        "cf-connecting-ip": freshIp(),
      },
      body: new URLSearchParams({ token: "test-admin-token" }),
      redirect: "manual",
    });
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    const dashboard = await (await call(`/admin/p/${rounded.slug}`, { headers: { cookie } })).text();
    expect(dashboard).toContain(">13</strong> of 100 signatures");
    expect(dashboard).not.toContain(`data-live-count="${rounded.slug}"`);
    const exactDashboard = await (await call(`/admin/p/${exact.slug}`, { headers: { cookie } })).text();
    expect(exactDashboard).toContain(`data-live-count="${exact.slug}"`);

    const plain = await surfaces(exact.slug);
    expect(plain).toMatchObject({ count: 13, petition: 13, list: 13, signingAnswer: 13, global: 13, embed: "13" });
    expect(plain.chart).toContain("13 signatures");
    expect(plain.map).toContain("Kenya: 13 signatures");

    // 14 and the probe make 15, which rounds up: one signature more or less shows only at the boundary.
    await signMany(rounded.slug, 1, "more");
    await runCron();
    expect((await json(`/v1/petitions/${rounded.slug}/count`)).count).toBe(20);
  });

  it("turning rounding on republishes the count at once", async () => {
    const petition = await createPetition();
    await signMany(petition.slug, 7, "late-round");
    await runCron();
    expect((await json(`/v1/petitions/${petition.slug}/count`)).count).toBe(7);
    const patch = await call(`/v1/petitions/${petition.slug}`, {
      method: "PATCH",
      headers: { ...ADMIN, "Content-Type": "application/json" },
      body: JSON.stringify({ public_count_rounding: 5 }),
    });
    expect(await patch.json()).toMatchObject({ public_count_rounding: 5 });
    expect((await json(`/v1/petitions/${petition.slug}/count`)).count).toBe(5);
  });
});

describe("counts at the edge", () => {
  it("a KV hit costs no D1 query; caching headers, ETag and CORS are set", async () => {
    const petition = await createPetition();
    await signThroughApi(petition.slug, 2, "c");
    await runCron();
    await call(`/v1/petitions/${petition.slug}/count`); // warms the settings cache

    const { db, statements } = countingD1(env.DB);
    const res = await app.request(
      `/v1/petitions/${petition.slug}/count`,
      { headers: { Origin: "https://anywhere.example" } },
      { ...env, DB: db },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ slug: petition.slug, count: 2 });
    const tally = await app.request("/v1/tally", {}, { ...env, DB: db });
    expect(tally.status).toBe(200);
    expect(statements).toEqual([]);

    expect(res.headers.get("cache-control")).toBe(
      "public, max-age=60, stale-while-revalidate=60, stale-if-error=86400",
    );
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const etag = res.headers.get("etag");
    expect(etag).toBeTruthy();
    const again = await call(`/v1/petitions/${petition.slug}/count`, { headers: { "If-None-Match": etag! } });
    expect(again.status).toBe(304);
  });

  it("drafts and unknown petitions have no count", async () => {
    const draft = await createPetition({ status: "draft" });
    expect((await call(`/v1/petitions/${draft.slug}/count`)).status).toBe(404);
    expect((await call(`/v1/petitions/no-such-thing/count`)).status).toBe(404);
  });
});
