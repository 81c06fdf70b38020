import { describe, expect, it } from "vitest";
import { worldMapSvg } from "../../src/charts/world-map";
import { call, createPetition, expectProblem, signJson } from "../helpers/index";
import { runCron } from "../helpers/tally";
import { assertWellFormedXml } from "../helpers/xml";

const fillOf = (svg: string, country: string) =>
  new RegExp(`<path class="country" data-country="${country}" d="[^"]+" fill="([^"]+)"`).exec(svg)?.[1];
const NO_SIGNATURES = "#e5e7eb";

describe("worldMapSvg", () => {
  it("fills countries with signatures, darker for more, and lists unknown ones instead of drawing them", () => {
    const svg = worldMapSvg({
      title: "Save <the> library",
      countries: [
        { country: "BR", count: 900 },
        { country: "KE", count: 3 },
        { country: "XX", count: 7 },
        { country: "SG", count: 2 },
      ],
      locale: "en",
    });
    assertWellFormedXml(svg);
    expect(svg).toMatch(/^<svg [^>]*width="600" height="400" viewBox="0 0 600 400" role="img"/);
    expect(svg).toContain("<title>Save &lt;the&gt; library</title>");
    expect(svg).toContain("<desc>Signatures by country: 912 in total, the most from Brazil (900).</desc>");
    expect(fillOf(svg, "BR")).not.toBe(NO_SIGNATURES);
    expect(fillOf(svg, "KE")).not.toBe(NO_SIGNATURES);
    expect(fillOf(svg, "BR")).not.toBe(fillOf(svg, "KE"));
    expect(fillOf(svg, "FR")).toBe(NO_SIGNATURES);
    expect(svg).toContain("<title>Brazil: 900 signatures</title>");
    // Unknown and too-small-for-1:110m countries are not shapes, but they are counted and named.
    expect(svg).not.toContain('data-country="XX"');
    expect(svg).not.toContain('data-country="SG"');
    expect(svg).toMatch(/class="unmapped"[^>]*>Not on the map: Unknown 7 and Singapore 2</);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    expect(svg).not.toMatch(/<(script|foreignObject|image|style|use|a)\b/i);
  });

  it("draws an empty map with no legend when nobody has signed", () => {
    const svg = worldMapSvg({ title: "New", countries: [{ country: "BR", count: 0 }], locale: "en" });
    assertWellFormedXml(svg);
    expect(svg).toContain("<desc>No signatures yet.</desc>");
    expect(fillOf(svg, "BR")).toBe(NO_SIGNATURES);
    expect(svg).not.toContain('class="unmapped"');
    expect(svg.match(/class="country"/g)!.length).toBeGreaterThan(150);
  });

  it("gives one signature its own class and labels the legend by ranges", () => {
    const svg = worldMapSvg({ title: "t", countries: [{ country: "PT", count: 1 }], locale: "en" });
    expect(fillOf(svg, "PT")).toBe("#bdd7e7");
    expect(svg).toMatch(/>None<\/text>/);
    expect(svg).toMatch(/>1<\/text>/);
  });
});

describe("GET /v1/petitions/:slug/map.svg and /v1/tally/map.svg", () => {
  it("serves the petition's countries after a tally run, cacheable, with a CSP", async () => {
    const petition = await createPetition({ title: "Clean <rivers>" });
    for (const [i, country] of ["BR", "BR", "KE"].entries())
      expect((await signJson(petition.slug, { email: `map${i}@example.org`, name: "A", country })).status).toBe(201);
    await runCron();
    const res = await call(`/v1/petitions/${petition.slug}/map.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'");
    expect(res.headers.get("cache-control")).toContain("max-age=60");
    expect(res.headers.get("etag")).toBeTruthy();
    const svg = await res.text();
    assertWellFormedXml(svg);
    expect(svg).toContain("<title>Clean &lt;rivers&gt;</title>");
    expect(fillOf(svg, "BR")).not.toBe(NO_SIGNATURES);
    expect(fillOf(svg, "KE")).not.toBe(NO_SIGNATURES);
    expect(fillOf(svg, "DE")).toBe(NO_SIGNATURES);

    const global = await call("/v1/tally/map.svg");
    expect(global.status).toBe(200);
    const globalSvg = await global.text();
    assertWellFormedXml(globalSvg);
    expect(fillOf(globalSvg, "BR")).not.toBe(NO_SIGNATURES);
  });

  it("is 404 for a draft or unknown petition", async () => {
    const draft = await createPetition({ status: "draft" });
    await expectProblem(await call(`/v1/petitions/${draft.slug}/map.svg`), 404);
    await expectProblem(await call("/v1/petitions/no-such-petition/map.svg"), 404);
  });
});

describe("the map's language", () => {
  it("names countries, the legend and the description in the page's language", () => {
    const countries = [
      { country: "BR", count: 3 },
      { country: "XX", count: 2 },
    ];
    const arabic = worldMapSvg({ title: "t", countries, locale: "ar" });
    assertWellFormedXml(arabic);
    expect(arabic).toContain("<title>البرازيل: 3 توقيعات</title>");
    expect(arabic).toContain(">لا شيء</text>");
    expect(arabic).toMatch(/class="unmapped"[^>]*>خارج الخريطة: بلد غير معروف 2</);
    expect(arabic).toContain("<desc>التوقيعات حسب البلد: 5 إجمالًا؛ في الصدارة: البرازيل (3).</desc>");
    const french = worldMapSvg({ title: "t", countries: [{ country: "FR", count: 12_345 }], locale: "fr" });
    expect(french).toContain("<title>France\u00a0: 12\u202f345 signatures</title>");
  });

  it("takes ?lang=, else the petition's first locale, else English", async () => {
    const petition = await createPetition({ locales: ["de", "en"] });
    expect((await signJson(petition.slug, { email: "karte@example.org", name: "K", country: "BR" })).status).toBe(201);
    await runCron();
    const map = (query: string) => call(`/v1/petitions/${petition.slug}/map.svg${query}`).then((res) => res.text());
    expect(await map("")).toContain("<title>Brasilien: 1 Unterschrift</title>");
    expect(await map("?lang=ja")).toContain("<title>ブラジル：1 人</title>");
    expect(await map("?lang=xx")).toContain("<title>Brasilien: 1 Unterschrift</title>");
    const global = await (await call("/v1/tally/map.svg?lang=pt-BR")).text();
    expect(global).toContain("<title>Assinaturas no mundo</title>");
    expect(global).toContain("<title>Brasil: ");
    expect(await (await call("/v1/tally/map.svg")).text()).toContain("<title>Signatures worldwide</title>");
    const bars = await (await call(`/v1/petitions/${petition.slug}/chart.svg?by=country&lang=sw`)).text();
    expect(bars).toContain("<title>Brazil: sahihi 1</title>");
    expect(bars).toContain("<desc>Sahihi kwa nchi: jumla 1; nyingi zaidi kutoka Brazil (1).</desc>");
  });
});
