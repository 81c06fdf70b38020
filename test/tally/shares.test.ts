import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMIN, call, createPetition, expectProblem, signatureRows, signJson } from "../helpers";
import { expectTallyExact, runCron } from "../helpers/tally";

const report = async (slug: string, query = "") =>
  (await call(`/v1/petitions/${slug}/report${query}`, { headers: ADMIN })).json<Record<string, any>>();

const erase = (email: string) =>
  call("/v1/admin/erasures", {
    method: "POST",
    headers: { ...ADMIN, "Content-Type": "application/json" },
    body: JSON.stringify({ email }),
  });

const today = new Date().toISOString().slice(0, 10);

describe("signatures by language and by share, kept by the tally", () => {
  it("counts each channel, each share that brought signatures, and the signatures per share", async () => {
    const petition = await createPetition({ translations: { es: { title: "Firma" } } });
    const signers = [
      { referral: "shareAAAA1", channel: "whatsapp", locale: "es" },
      { referral: "shareAAAA1", channel: "whatsapp", locale: "es" },
      { referral: "shareBBBB2", channel: "telegram", locale: "en" },
      { channel: "x", locale: "en" },
      { locale: "es" },
      {},
    ];
    for (const [i, fields] of signers.entries())
      expect((await signJson(petition.slug, { email: `share${i}@example.org`, name: "S", ...fields })).status).toBe(
        201,
      );
    await runCron();

    const { languages, shares } = await report(petition.slug);
    expect(languages).toEqual([
      { language: "es", count: 3 },
      { language: "en", count: 2 },
      { language: null, count: 1 },
    ]);
    const figures = {
      channels: { whatsapp: 2, direct: 2, telegram: 1, x: 1 },
      sharers: 2,
      signatures: 3,
      share_rate: 1.5,
    };
    expect(shares).toEqual({ ...figures, days: [{ date: today, ...figures }] });

    const csv = await (
      await call(`/v1/petitions/${petition.slug}/report?format=csv&by=channel`, { headers: ADMIN })
    ).text();
    expect(
      csv
        .replace(/^\uFEFF/, "")
        .trim()
        .split(/\r?\n/),
    ).toEqual([
      "date,channel,signatures",
      ...Object.entries(figures.channels).map(([channel, n]) => `${today},${channel},${n}`),
    ]);
    await expectTallyExact();
  });

  it("erasing a signer who came through a share takes their signature out; the share's other signatures still count", async () => {
    const petition = await createPetition();
    for (const email of ["friend1@example.org", "friend2@example.org"])
      await signJson(petition.slug, { email, name: "F", referral: "shareCCCC3", channel: "email" });
    await runCron();
    expect((await erase("friend1@example.org")).status).toBe(200);
    const { shares } = await report(petition.slug);
    expect(shares).toMatchObject({ channels: { email: 1 }, sharers: 1, signatures: 1 });
    // The code is kept only on the signatures that came through it, never beside whoever shared it.
    const rows = await signatureRows(petition.slug);
    expect(rows.map((row) => [row.referral_code, row.channel])).toEqual([["shareCCCC3", "email"]]);
    await expectTallyExact();
  });

  it.each([
    ["a referral code that is not one", { referral: "has spaces!" }, "referral"],
    ["an unknown channel", { channel: "myspace" }, "channel"],
  ])("422 for %s, naming the field; nothing stored", async (_, fields, path) => {
    const petition = await createPetition();
    const problem = await expectProblem(
      await signJson(petition.slug, { email: "bad-share@example.org", name: "B", ...fields }),
      422,
    );
    expect(problem.errors.map((e: { path: string }) => e.path)).toEqual([path]);
    expect(
      await env.DB.prepare("SELECT count(*) AS n FROM signatures WHERE referral_code = 'has spaces!'").first("n"),
    ).toBe(0);
    expect(await signatureRows(petition.slug)).toEqual([]);
  });
});
