/**
 * The admin API's fraud flags: listed with what was seen and the slice that voids them, voided through
 * the existing invalidation (by network or email-domain hash and time range) with the tally exact after,
 * dismissed; token-protected, and every refusal a problem naming the field.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMIN, call, createPetition, expectProblem, petitionIdOf } from "../helpers/index";
import { expectTallyExact, runCron, storedCount } from "../helpers/tally";
import { HOUR, hourStart, MINUTE, network, organic, seeded, storeTraffic } from "../helpers/traffic";

/** A petition with a day of organic signatures and, in the last whole hour, a wave from one network at one unknown domain. */
async function attackedPetition(): Promise<{ slug: string; id: number }> {
  const petition = await createPetition();
  const id = await petitionIdOf(petition.slug);
  const random = seeded(5);
  const now = Date.now();
  const usual = organic(random, 1200, { from: now - 24 * HOUR, to: now, networks: 2000, prefix: "u" });
  const wave = Array.from({ length: 120 }, (_, i) => ({
    at: hourStart(1) + 10 * MINUTE + i * 2000,
    network: network(99_000),
    email: `w${i}@corp-wave.example`,
    wave: true,
  }));
  await storeTraffic(id, [...usual, ...wave]);
  await runCron();
  return { slug: petition.slug, id };
}

const listFlags = async (slug: string, query = "") => {
  const res = await call(`/v1/petitions/${slug}/fraud-flags${query}`, { headers: ADMIN });
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { flags: Record<string, any>[] }).flags;
};

/** The network's flag and the email domain's. */
const byDimension = (flags: Record<string, any>[]) =>
  ["network", "email_domain"].map((dimension) => flags.find((f) => f.dimension === dimension)!);

const send = (method: string, path: string, body: unknown) =>
  call(path, { method, headers: { ...ADMIN, "Content-Type": "application/json" }, body: JSON.stringify(body) });

const waveLeft = async (id: number) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM signatures WHERE petition_id = ? AND referral_code = 'wave'`)
    .bind(id)
    .first<number>("n"))!;

describe("fraud flags in the admin API", { timeout: 30_000 }, () => {
  it("lists each flag with what was seen, its figures, its time range and the slice that voids it", async () => {
    const { slug } = await attackedPetition();
    const flags = await listFlags(slug);
    expect(flags.map((f) => [f.dimension, f.seen, f.signatures]).sort()).toEqual([
      ["email_domain", "one email domain", 120],
      ["network", "one network", 120],
    ]);
    const [byNetwork, byDomain] = byDimension(flags);
    expect(byNetwork).toMatchObject({
      status: "open",
      disposable_domain: null,
      hour: new Date(hourStart(1)).toISOString(),
      first_signed_at: new Date(hourStart(1) + 10 * MINUTE).toISOString(),
      last_signed_at: new Date(hourStart(1) + 10 * MINUTE + 119 * 2000).toISOString(),
      slice: {
        network_hash: network(99_000),
        from: new Date(hourStart(1) + 10 * MINUTE).toISOString(),
        to: new Date(hourStart(1) + 10 * MINUTE + 119 * 2000 + 1).toISOString(),
      },
    });
    expect(byNetwork!.share_of_hour).toBeCloseTo(120 / byNetwork!.hour_signatures, 3);
    expect(byDomain!.slice.email_domain_hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await listFlags(slug, "?status=dismissed")).toEqual([]);

    await expectProblem(await call(`/v1/petitions/${slug}/fraud-flags`), 401);
    await expectProblem(await call(`/v1/petitions/no-such-petition/fraud-flags`, { headers: ADMIN }), 404);
    const bad = await expectProblem(
      await call(`/v1/petitions/${slug}/fraud-flags?status=gone`, { headers: ADMIN }),
      422,
    );
    expect(bad.errors[0].path).toBe("status");
  });

  it("voids exactly a flag's slice with the invalidation, by network hash or by email-domain hash; the tally stays exact", async () => {
    const { slug, id } = await attackedPetition();
    const [byNetwork, byDomain] = byDimension(await listFlags(slug));
    const before = await storedCount(slug);

    const voided = await send("POST", `/v1/admin/petitions/${slug}/invalidations`, byNetwork!.slice);
    expect(voided.status, await voided.clone().text()).toBe(200);
    expect(await voided.json()).toMatchObject({ invalidated: 120, completed: true });
    expect(await storedCount(slug)).toBe(before - 120);
    expect(await waveLeft(id)).toBe(0);
    await runCron();
    await expectTallyExact();

    // The domain's slice is now empty: voiding it removes nothing more.
    const again = await send("POST", `/v1/admin/petitions/${slug}/invalidations`, byDomain!.slice);
    expect(await again.json()).toMatchObject({ invalidated: 0 });

    const marked = await send("PATCH", `/v1/petitions/${slug}/fraud-flags/${byNetwork!.id}`, { status: "voided" });
    expect(marked.status).toBe(200);
    expect(await marked.json()).toMatchObject({ id: byNetwork!.id, status: "voided" });
    expect((await listFlags(slug, "?status=open")).map((f) => f.id)).toEqual([byDomain!.id]);
  });

  it("voids by email-domain hash alone: that domain's signatures in the range, nothing else", async () => {
    const { slug, id } = await attackedPetition();
    const byDomain = (await listFlags(slug)).find((f) => f.dimension === "email_domain")!;
    const res = await send("POST", `/v1/admin/petitions/${slug}/invalidations`, byDomain.slice);
    expect(await res.json()).toMatchObject({ invalidated: 120, completed: true });
    expect(await waveLeft(id)).toBe(0);
    expect(await storedCount(slug)).toBe(1200);
    await runCron();
    await expectTallyExact();
  });

  it("refuses an invalidation naming the network twice or a malformed hash, changing nothing", async () => {
    const { slug } = await attackedPetition();
    const before = await storedCount(slug);
    const path = `/v1/admin/petitions/${slug}/invalidations`;
    const both = await expectProblem(
      await send("POST", path, { ip: "203.0.113.9", network_hash: network(99_000) }),
      422,
    );
    expect(both.errors.map((e: { path: string }) => e.path)).toContain("network_hash");
    const malformed = await expectProblem(await send("POST", path, { email_domain_hash: "not a hash" }), 422);
    expect(malformed.errors[0].path).toBe("email_domain_hash");
    expect(await storedCount(slug)).toBe(before);
  });

  it("dismisses a flag, and opens it again; another petition's flag is not found", async () => {
    const { slug } = await attackedPetition();
    const other = await createPetition();
    const [flag] = await listFlags(slug);
    const dismissed = await send("PATCH", `/v1/petitions/${slug}/fraud-flags/${flag!.id}`, { status: "dismissed" });
    expect(await dismissed.json()).toMatchObject({ status: "dismissed" });
    expect((await listFlags(slug, "?status=dismissed")).map((f) => f.id)).toEqual([flag!.id]);
    const reopened = await send("PATCH", `/v1/petitions/${slug}/fraud-flags/${flag!.id}`, { status: "open" });
    expect(await reopened.json()).toMatchObject({ status: "open" });

    await expectProblem(
      await send("PATCH", `/v1/petitions/${other.slug}/fraud-flags/${flag!.id}`, { status: "dismissed" }),
      404,
    );
    const bad = await expectProblem(
      await send("PATCH", `/v1/petitions/${slug}/fraud-flags/${flag!.id}`, { status: "deleted" }),
      422,
    );
    expect(bad.errors[0].path).toBe("status");
    await expectProblem(await call(`/v1/petitions/${slug}/fraud-flags/${flag!.id}`, { method: "PATCH" }), 401);
  });
});
