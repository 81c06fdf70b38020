import { describe, expect, it } from "vitest";
import { type CountryBar, countryChartSvg } from "../../src/charts/country-chart";
import { type GrowthChartInput, growthChartSvg } from "../../src/charts/growth-chart";
import { growthPoints, type PetitionReport } from "../../src/tally/report";
import { assertWellFormedXml } from "../helpers/xml";

const HOUR = 3_600_000,
  DAY = 24 * HOUR;
const start = Date.UTC(2026, 10, 10, 9); // 2026-11-10 09:00 UTC

const occurrences = (svg: string, needle: string) => svg.split(needle).length - 1;
/** Vertices of the class="series" path: one M/L command per data point. */
function seriesVertexCount(svg: string): number {
  const d = /<path class="series" d="([^"]*)"/.exec(svg)?.[1];
  return d === undefined ? 0 : (d.match(/[ML]/g) ?? []).length;
}
function expectCleanSvg(svg: string): void {
  assertWellFormedXml(svg);
  expect(svg).not.toMatch(/NaN|Infinity|undefined|null/);
  expect(svg).toMatch(
    /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="600" height="300" viewBox="0 0 600 300" role="img" font-family="system-ui, sans-serif">/,
  );
  expect(svg).toMatch(/<title>[^<]*<\/title>\n<desc>[^<]+<\/desc>/);
  // Self-contained: nothing to execute, fetch or embed (escaped text may mention such things harmlessly).
  expect(svg).not.toMatch(/<(script|foreignObject|image|style|use|a)\b/i);
  expect(svg).not.toMatch(/<[a-z][^>]*\s(href|xlink:href|on\w+|style)\s*=/i);
  expect(svg).not.toMatch(/url\(|@import/i);
}

const growth = (over: Partial<GrowthChartInput> = {}): string =>
  growthChartSvg({
    title: "Save the library",
    goal: 50_000,
    points: [],
    milestones: [],
    now: start + 30 * DAY,
    locale: "en",
    ...over,
  });
const rising = Array.from({ length: 25 }, (_, i) => ({
  at: start + i * DAY,
  total: Math.round(12_345 * (i / 24) ** 1.5),
}));

describe("assertWellFormedXml (the test's own parser)", () => {
  it("accepts well-formed markup", () => {
    expect(() =>
      assertWellFormedXml(`<svg a="1" b='x &amp; y'>\n<g/><text>1 &lt; 2 &#38; &#x26;</text></svg>`),
    ).not.toThrow();
  });
  it.each([
    ["misnested", "<svg><g></svg></g>"],
    ["unclosed", "<svg><title>x</title>"],
    ["unquoted attribute", "<svg a=1/>"],
    ["duplicate attribute", `<svg a="1" a="2"/>`],
    ["raw ampersand", "<svg>a & b</svg>"],
    ["raw < in attribute", `<svg a="<"/>`],
    ["two roots", "<svg/><svg/>"],
    ["text outside root", "<svg/>tail"],
    ["control character", "<svg>\u0001</svg>"],
  ])("rejects %s", (_, xml) => {
    expect(() => assertWellFormedXml(xml)).toThrow();
  });
});

describe("growthChartSvg", () => {
  const milestones = [
    { threshold: 1_000, reachedAt: start + 8 * DAY },
    { threshold: 5_000, reachedAt: start + 16 * DAY },
    { threshold: 10_000, reachedAt: start + 22 * DAY },
  ];
  const svg = growth({ points: rising, milestones, now: start + 26 * DAY });

  it("is a self-contained, accessible, well-formed SVG", () => {
    expectCleanSvg(svg);
    expect(svg).toContain("<title>Save the library</title>");
    expect(svg).toContain(
      "<desc>12,345 signatures from Nov 10, 2026 to Dec 6, 2026. The goal is 50,000. 3 milestones reached.</desc>",
    );
  });

  it("draws one series vertex per point", () => {
    expect(occurrences(svg, 'class="series"')).toBe(1);
    expect(seriesVertexCount(svg)).toBe(rising.length);
  });

  it("draws a dashed, labelled goal line", () => {
    expect(svg).toMatch(/<line class="goal" [^>]*stroke-dasharray="[^"]+"/);
    expect(svg).toContain(">Goal: 50,000</text>");
  });

  it("marks each milestone with a dated title", () => {
    expect(occurrences(svg, 'class="milestone"')).toBe(3);
    expect(svg).toContain("<title>10,000 signatures on Dec 2, 2026</title>");
    expect(svg).toContain("<title>1,000 signatures on Nov 18, 2026</title>");
  });

  it("uses nicely rounded, compact y ticks", () => {
    for (const label of [">0<", ">20K<", ">40K<", ">60K<"]) expect(svg).toContain(label);
    const small = growth({ goal: 1_200, points: [{ at: start, total: 0 }] });
    for (const label of [">500<", ">1,000<", ">1,500<"]) expect(small).toContain(label);
    const millions = growth({ goal: 1_200_000, points: [{ at: start, total: 0 }] });
    for (const label of [">500K<", ">1M<", ">1.5M<"]) expect(millions).toContain(label);
  });

  it("labels the x axis with dates, or hours when the span is under two days", () => {
    expect(svg).toMatch(/>Nov 1\d<\/text>/);
    const hours = growth({
      points: [
        { at: start, total: 5 },
        { at: start + 6 * HOUR, total: 80 },
      ],
      now: start + 10 * HOUR,
    });
    expect(hours).toMatch(/>\d\d:00<\/text>/);
    expect(hours).toContain(">Nov 10, 10:00</text>"); // the first hour tick carries the date
  });

  it("writes dates, numbers and its words in the chart's language", () => {
    const japanese = growth({ points: rising, milestones, now: start + 26 * DAY, locale: "ja" });
    expectCleanSvg(japanese);
    expect(japanese).toContain(
      "<desc>2026/11/10から2026/12/06までに 12,345 人が署名。目標は 50,000 人です。3 個の節目を達成。</desc>",
    );
    expect(japanese).toMatch(/>11月1\d日<\/text>/);
    expect(japanese).toContain(">2万<");
    expect(japanese).toContain(">目標：50,000 人</text>");
    const french = growth({ points: rising, milestones, now: start + 26 * DAY, locale: "fr" });
    expect(french).toContain("<title>10\u202f000 signatures le 2 déc. 2026</title>");
    expect(french).toContain(">20\u00a0k<");
    const empty = growth({ locale: "ru" });
    expect(empty).toContain(">Подписей пока нет.</text>");
  });

  it("escapes a hostile title in both the accessible name and the visible heading", () => {
    const hostile = growth({ title: `<script>alert("x")</script> & 'friends' \u0007 \uD800`, points: rising });
    expectCleanSvg(hostile);
    expect(hostile).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;friends&#39;");
    expect(occurrences(hostile, "&lt;script&gt;")).toBe(2);
  });

  it.each<[string, Partial<GrowthChartInput>, number]>([
    ["zero points", { points: [] }, 0],
    ["one point", { points: [{ at: start, total: 42 }] }, 1],
    ["one point at now", { points: [{ at: start, total: 42 }], now: start }, 1],
    [
      "all points at the same time",
      {
        points: [
          { at: start, total: 1 },
          { at: start, total: 2 },
          { at: start, total: 3 },
        ],
        now: start,
      },
      3,
    ],
    ["goal of 0", { goal: 0, points: rising }, rising.length],
    ["goal below the total", { goal: 100, points: rising }, rising.length],
    [
      "totals all 0",
      {
        goal: 0,
        points: [
          { at: start, total: 0 },
          { at: start + DAY, total: 0 },
        ],
      },
      2,
    ],
    ["now before the last point", { points: rising, now: start }, rising.length],
    [
      "span of a few minutes",
      {
        points: [
          { at: start, total: 1 },
          { at: start + 60_000, total: 3 },
        ],
        now: start + 120_000,
      },
      2,
    ],
    [
      "span of years",
      {
        points: [
          { at: start - 800 * DAY, total: 1 },
          { at: start, total: 900_000 },
        ],
      },
      2,
    ],
    ["unsorted points", { points: [...rising].reverse() }, rising.length],
    [
      "non-finite values",
      {
        goal: Number.NaN,
        now: Number.NaN,
        points: [
          { at: start, total: Number.POSITIVE_INFINITY },
          { at: start + DAY, total: 7 },
        ],
        milestones: [{ threshold: Number.NaN, reachedAt: start }],
      },
      1,
    ],
  ])("renders %s without NaN or Infinity", (_, over, vertices) => {
    const out = growth(over);
    expectCleanSvg(out);
    expect(seriesVertexCount(out)).toBe(vertices);
    if (vertices === 0) expect(out).toContain(">No signatures yet.</text>");
  });

  it("leaves out the goal line when there is no goal", () => {
    const out = growth({ goal: 0, points: rising });
    expect(out).not.toContain('class="goal"');
    expect(out).toContain("<desc>12,345 signatures from Nov 10, 2026 to Dec 10, 2026.</desc>");
  });

  it("places milestones even when there are no points", () => {
    const out = growth({ points: [], milestones: [{ threshold: 100, reachedAt: start }] });
    expectCleanSvg(out);
    expect(occurrences(out, 'class="milestone"')).toBe(1);
  });
});

describe("countryChartSvg", () => {
  const names: [string, string][] = [
    ["DE", "Germany"],
    ["FR", "France"],
    ["GB", "United Kingdom"],
    ["NL", "Netherlands"],
    ["ES", "Spain"],
    ["IT", "Italy"],
    ["BE", "Belgium"],
    ["AT", "Austria"],
    ["CH", "Switzerland"],
    ["PL", "Poland"],
    ["SE", "Sweden"],
    ["XX", "Unknown"],
    ["IE", "Ireland"],
    ["PT", "Portugal"],
    ["CZ", "Czechia"],
  ];
  const bars: CountryBar[] = names.map(([country, label], i) => ({
    country,
    label,
    count: Math.round(8_123 / (i + 1)),
  }));

  it("draws one labelled bar per country with its count", () => {
    const svg = countryChartSvg({ title: "Signatures by country", bars, locale: "en" });
    expectCleanSvg(svg);
    expect(occurrences(svg, 'class="bar"')).toBe(15);
    for (const [country, label] of names) {
      expect(svg).toContain(`data-country="${country}"`);
      expect(svg).toContain(`>${label}</text>`);
    }
    expect(svg).toContain(">8,123</text>");
    expect(svg).toContain("<desc>");
    expect(svg).toContain("the most from Germany (8,123).");
  });

  it("escapes labels and clips long ones, keeping the full name in the bar's title", () => {
    const long = "The United Kingdom of Great Britain & Northern Ireland";
    const svg = countryChartSvg({
      title: "<b>Countries</b>",
      bars: [
        { country: `"><x`, label: `<img src=x onerror=alert(1)>`, count: 3 },
        { country: "GB", label: long, count: 2 },
      ],
      locale: "en",
    });
    expectCleanSvg(svg);
    expect(svg).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(svg).toContain(`data-country="&quot;&gt;&lt;x"`);
    expect(svg).toContain(">The United Kingdom of…</text>");
    expect(svg).toContain("<title>The United Kingdom of Great Britain &amp; Northern Ireland: 2 signatures</title>");
  });

  it("handles a single country and zero counts", () => {
    const bars = [{ country: "DE", label: "Germany", count: 0 }];
    const svg = countryChartSvg({ title: "By country", bars, locale: "en" });
    expectCleanSvg(svg);
    expect(occurrences(svg, 'class="bar"')).toBe(1);
    expect(svg).toContain("<desc>Signatures by country: 0 in total, the most from Germany (0).</desc>");
    expect(svg).toContain("<title>Germany: 0 signatures</title>");
  });

  it("shows a friendly message when there are no signatures", () => {
    const svg = countryChartSvg({ title: "By country", bars: [], locale: "en" });
    expectCleanSvg(svg);
    expect(svg).not.toContain('class="bar"');
    expect(svg).toContain(">No signatures yet.</text>");
  });
});

describe("growthPoints", () => {
  it("starts the line at the petition's creation, not at the top of its first hour", () => {
    const created = start + 40 * 60_000;
    const report = {
      total: 3,
      range: { from: new Date(start).toISOString(), to: new Date(start + HOUR).toISOString(), granularity: "hour" },
      series: [{ start: new Date(start).toISOString(), signatures: 3, cumulative: 3 }],
    } as PetitionReport;
    const now = start + 50 * 60_000;
    expect(growthPoints(report, created, now)).toEqual([
      { at: created, total: 0 },
      { at: now, total: 3 },
    ]);
  });
});
