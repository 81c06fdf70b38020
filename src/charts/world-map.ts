/**
 * A world map of signatures by country (a choropleth), as self-contained SVG like the charts. The
 * countries' paths are projected ahead of time from npm packages (see scripts/world-projection.ts), so a
 * map costs only the string building: only the fills depend on the counts.
 */
import { type Html, html, messageText } from "../markup/html";
import { AXIS, type ChartLanguage, chartLanguage, clip, INK, MUTED, svg, text } from "./svg";
import { WORLD_SHAPES } from "./world-shapes.generated";

export interface CountryCount {
  country: string /* ISO alpha-2 or "XX" */;
  count: number;
}

/** Where the countries are drawn in the 600 px wide map: the title above, the legend below. */
export const MAP_EXTENT = { left: 8, top: 40, right: 592, bottom: 330 };
const HEIGHT = 400;
/** Light to dark blue, five classes (ColorBrewer Blues, 5). */
const CLASS_FILLS = ["#bdd7e7", "#6baed6", "#3182bd", "#08519c", "#08306b"];
const NO_SIGNATURES = "#e5e7eb";
const BORDER = "#ffffff";
const DRAWN = new Set(WORLD_SHAPES.map(([country]) => country));

/** Upper bounds of the classes: 1 … max, evenly spaced on a log scale, so a few big countries do not wash out the rest. */
function classBounds(max: number): number[] {
  const bounds: number[] = [];
  for (let i = 1; i <= CLASS_FILLS.length; i++) {
    const bound = Math.round(max ** (i / CLASS_FILLS.length));
    if (bound > (bounds.at(-1) ?? 0)) bounds.push(bound);
  }
  return bounds;
}

function legend(bounds: number[], language: ChartLanguage): Html[] {
  const y = MAP_EXTENT.bottom + 16,
    size = 12,
    items: Html[] = [];
  let x = 16;
  const item = (fill: string, label: string) => {
    items.push(
      html`<rect x="${x}" y="${y}" width="${size}" height="${size}" fill="${fill}" stroke="${AXIS}" stroke-width="0.5"/>`,
    );
    items.push(text(x + size + 4, y + 10, label, { "font-size": 11, fill: MUTED }));
    x += size + 12 + label.length * 6.2;
  };
  item(NO_SIGNATURES, language.words.legendNone);
  bounds.forEach((bound, i) => {
    const low = i === 0 ? 1 : bounds[i - 1]! + 1;
    item(CLASS_FILLS[i]!, low === bound ? language.number(bound) : language.range(low, bound));
  });
  return items;
}

/** The map in `locale`: its legend, the countries' names and counts, and its description. */
export function worldMapSvg(input: { title: string; countries: CountryCount[]; locale: string }): string {
  const language = chartLanguage(input.locale);
  const { words } = language;
  const counts = new Map(
    input.countries.filter((c) => Number.isFinite(c.count) && c.count > 0).map((c) => [c.country, c.count]),
  );
  const max = Math.max(0, ...counts.values());
  const bounds = classBounds(max);
  const fillFor = (n: number) => CLASS_FILLS[bounds.findIndex((bound) => n <= bound)] ?? CLASS_FILLS.at(-1)!;

  const body = WORLD_SHAPES.map(([country, d]) => {
    const n = counts.get(country) ?? 0;
    const label =
      country &&
      html`<title>${language.counted(words.countrySignatures, n, { country: language.country(country) })}</title>`;
    return html`<path class="country" data-country="${country}" d="${d}" fill="${n ? fillFor(n) : NO_SIGNATURES}">${label}</path>`;
  });
  body.unshift(html`<g stroke="${BORDER}" stroke-width="0.5">`);
  body.push(html`</g>`);
  if (max > 0) body.push(...legend(bounds, language));

  // Unknown (XX) and countries too small for 1:110m (Singapore, Malta…) are listed rather than lost.
  const unmapped = [...counts].filter(([country]) => !DRAWN.has(country));
  if (unmapped.length) {
    const list = language.list(unmapped.map(([country, n]) => `${language.country(country)} ${language.number(n)}`));
    const line = clip(messageText(words.notOnMap, { countries: list }), 96);
    body.push(text(16, HEIGHT - 20, line, { class: "unmapped", "font-size": 11, fill: INK }));
  }

  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  const top = [...counts].sort((a, b) => b[1] - a[1])[0];
  const desc = top
    ? messageText(words.byCountry, {
        count: language.number(total),
        country: language.country(top[0]),
        top: language.number(top[1]),
      })
    : words.noSignatures;
  return svg(input.title, desc, body, HEIGHT);
}
