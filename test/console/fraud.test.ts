/**
 * Suspected fraud in the console: the dashboard lists open flags (what was seen, how many, when, their
 * share of the hour), escaped; "Void these signatures" asks first and voids exactly the flag's slice
 * through the API's invalidation only once confirmed, the tally exact after; "Dismiss" keeps them.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { post, session } from "../helpers/console";
import { call, createPetition, petitionIdOf } from "../helpers/index";
import { expectTallyExact, runCron, storedCount } from "../helpers/tally";
import { HOUR, hourStart, MINUTE, network, organic, organicEmail, seeded, storeTraffic } from "../helpers/traffic";

/** A day of organic signatures and, in the last whole hour, 90 from one network with a source tag of markup. */
async function attackedPetition() {
  const petition = await createPetition({ title: "Clean <air>" });
  const id = await petitionIdOf(petition.slug);
  const now = Date.now();
  const random = seeded(3);
  const usual = organic(random, 600, { from: now - 24 * HOUR, to: now, networks: 1000, prefix: "u" });
  const wave = Array.from({ length: 90 }, (_, i) => ({
    at: hourStart(1) + 7 * MINUTE + i * 3000,
    network: network(77_000),
    email: organicEmail(random, `w${i}`),
    source: "<b>promo</b>",
    wave: true,
  }));
  await storeTraffic(id, [...usual, ...wave]);
  await runCron();
  const flags = (
    await env.DB.prepare(`SELECT id, dimension, status FROM fraud_flags WHERE petition_id = ? ORDER BY dimension`)
      .bind(id)
      .all<{ id: number; dimension: string; status: string }>()
  ).results;
  expect(flags.map((f) => f.dimension)).toEqual(["network", "source"]);
  return { slug: petition.slug, id, byNetwork: flags[0]!, bySource: flags[1]! };
}

const statusOf = async (flagId: number) =>
  env.DB.prepare(`SELECT status FROM fraud_flags WHERE id = ?`).bind(flagId).first<string>("status");

const waveLeft = async (id: number) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM signatures WHERE petition_id = ? AND referral_code = 'wave'`)
    .bind(id)
    .first<number>("n"))!;

describe("suspected fraud in the console", { timeout: 30_000 }, () => {
  it("the dashboard lists open flags: what was seen, how many, when, the share of the hour, escaped", async () => {
    const { cookie } = await session();
    const { slug, byNetwork } = await attackedPetition();
    const page = await (await call(`/admin/p/${slug}`, { headers: { cookie } })).text();
    const item = page.match(new RegExp(`<li id="flag-${byNetwork.id}">[\\s\\S]*?</li>`))![0];
    const from = new Date(hourStart(1) + 7 * MINUTE).toISOString().slice(11, 16);
    const to = new Date(hourStart(1) + 7 * MINUTE + 89 * 3000).toISOString().slice(11, 16);
    expect(item).toContain("<h3>one network: 90 signatures</h3>");
    expect(item).toMatch(new RegExp(`${from} UTC to ${to} UTC · \\d+(\\.\\d)?% of the hour, usually 0% · open`));
    expect(item).toContain(`action="/admin/p/${slug}/fraud-flags/${byNetwork.id}/void"`);
    expect(item).toContain("Void these signatures…");
    expect(item).toContain(`action="/admin/p/${slug}/fraud-flags/${byNetwork.id}/dismiss"`);
    expect(page).toContain("the source &quot;&lt;b&gt;promo&lt;/b&gt;&quot;");
    expect(page).not.toContain("<b>promo</b>");
  });

  it("voids exactly the flag's slice only once confirmed; the tally stays exact", async () => {
    const { cookie, csrf } = await session();
    const { slug, id, byNetwork, bySource } = await attackedPetition();
    const before = await storedCount(slug);
    const path = `/admin/p/${slug}/fraud-flags/${byNetwork.id}/void`;

    const asked = await post(path, cookie, { csrf });
    expect(asked.status).toBe(200);
    const page = await asked.text();
    expect(page).toContain("<h1>Void 90 signatures of “Clean &lt;air&gt;”?</h1>");
    expect(page).toContain("Every signature from one network signed");
    expect(page).toContain('<input type="hidden" name="confirm" value="yes">');
    // Asking changed nothing.
    expect(await storedCount(slug)).toBe(before);
    expect(await statusOf(byNetwork.id)).toBe("open");

    const confirmed = await post(path, cookie, { csrf, confirm: "yes" });
    expect(confirmed.status).toBe(303);
    const location = confirmed.headers.get("location")!;
    expect(location).toMatch(/^\/admin\/removals\/\d+\?notice=invalidated$/);
    expect(await (await call(location, { headers: { cookie } })).text()).toContain("90 signatures removed;");
    expect(await waveLeft(id)).toBe(0);
    expect(await storedCount(slug)).toBe(before - 90);
    expect(await statusOf(byNetwork.id)).toBe("voided");
    await runCron();
    await expectTallyExact();

    // Gone from the dashboard's open flags; the source's flag, now empty, is still there to dismiss.
    const dashboard = await (await call(`/admin/p/${slug}`, { headers: { cookie } })).text();
    expect(dashboard).not.toContain(`id="flag-${byNetwork.id}"`);
    expect(dashboard).toContain(`id="flag-${bySource.id}"`);
  });

  it("dismisses a flag, removing nothing; every flag stays listed on the flags page", async () => {
    const { cookie, csrf } = await session();
    const { slug, byNetwork } = await attackedPetition();
    const before = await storedCount(slug);
    const dismissed = await post(`/admin/p/${slug}/fraud-flags/${byNetwork.id}/dismiss`, cookie, { csrf });
    expect(dismissed.status).toBe(303);
    expect(dismissed.headers.get("location")).toBe(`/admin/p/${slug}?notice=flag-dismissed`);
    expect(await statusOf(byNetwork.id)).toBe("dismissed");
    expect(await storedCount(slug)).toBe(before);

    const all = await (await call(`/admin/p/${slug}/fraud-flags`, { headers: { cookie } })).text();
    const item = all.match(new RegExp(`<li id="flag-${byNetwork.id}">[\\s\\S]*?</li>`))![0];
    expect(item).toContain("dismissed: kept");
    expect(item).not.toContain("Void these signatures");
  });

  it("a flag of another petition, or none, is a 404 page", async () => {
    const { cookie, csrf } = await session();
    const { byNetwork } = await attackedPetition();
    const other = await createPetition();
    const res = await post(`/admin/p/${other.slug}/fraud-flags/${byNetwork.id}/void`, cookie, { csrf, confirm: "yes" });
    expect(res.status).toBe(404);
    expect(await statusOf(byNetwork.id)).toBe("open");
  });
});
