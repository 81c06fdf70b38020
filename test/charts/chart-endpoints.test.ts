import { describe, expect, it } from "vitest";
import { call, createPetition, expectProblem, signJson } from "../helpers/index";
import { runCron } from "../helpers/tally";
import { assertWellFormedXml } from "../helpers/xml";

async function sign(slug: string, n: number, prefix: string, country = "BR"): Promise<void> {
  for (let i = 0; i < n; i++)
    expect((await signJson(slug, { email: `${prefix}${i}@example.org`, name: "R", country })).status).toBe(201);
}

describe("charts", () => {
  it("signatures over time: well-formed SVG with the series, the goal line and milestones; cacheable", async () => {
    const petition = await createPetition({ goal: 2, title: "<script>alert(1)</script> & co" });
    await sign(petition.slug, 3, `chart-${petition.slug}-`);
    await runCron();
    const res = await call(`/v1/petitions/${petition.slug}/chart.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(res.headers.get("cache-control")).toContain("max-age=60");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'");
    const again = await call(`/v1/petitions/${petition.slug}/chart.svg`, {
      headers: { "If-None-Match": res.headers.get("etag")! },
    });
    expect([200, 304]).toContain(again.status); // 304 unless a minute boundary passed in between
    const svg = await res.text();
    assertWellFormedXml(svg);
    expect(svg).toContain('class="series"');
    expect(svg).toContain(">Goal: 2<");
    expect(svg.match(/class="milestone"/g)).toHaveLength(1);
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;script&gt;");
  });

  it("per country: one bar per country, at most 15", async () => {
    const petition = await createPetition();
    const countries = [
      "BR",
      "KE",
      "IN",
      "FR",
      "US",
      "DE",
      "ES",
      "PT",
      "MX",
      "AR",
      "CL",
      "CO",
      "PE",
      "NG",
      "GH",
      "ZA",
      "EG",
    ];
    for (const [i, country] of countries.entries()) {
      expect(
        (await signJson(petition.slug, { email: `bar${i}-${petition.slug}@example.org`, name: "B", country })).status,
      ).toBe(201);
    }
    await runCron();
    const svg = await (await call(`/v1/petitions/${petition.slug}/chart.svg?by=country`)).text();
    assertWellFormedXml(svg);
    expect(svg.match(/class="bar"/g)).toHaveLength(15);
    expect(svg).toContain("Kenya");
    await expectProblem(await call(`/v1/petitions/${petition.slug}/chart.svg?by=planet`), 422);
  });
});
