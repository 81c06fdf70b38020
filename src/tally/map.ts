/**
 * A world map of signatures by country (a choropleth), as self-contained SVG like the charts.
 * Shapes come from world-atlas (Natural Earth, 1:110m), projected with d3-geo's Equal Earth once
 * per isolate: only the fills depend on the counts.
 */
import { geoEqualEarth, geoPath } from "d3-geo";
import { iso31661 } from "iso-3166";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import countries110m from "world-atlas/countries-110m.json";
import { countryName } from "../countries";
import { escapeMarkup } from "../markup";
import { clip, count, INK, MUTED, signatures, svg, text } from "./chart";

export interface CountryCount {
  country: string /* ISO alpha-2 or "XX" */;
  count: number;
}

interface CountryShape {
  country: string;
  d: string;
}

const WIDTH = 600;
const MAP_TOP = 40,
  MAP_BOTTOM = 330,
  HEIGHT = 400;
/** Light to dark blue, five classes (ColorBrewer Blues, 5); the darkest still reads against white text-free shapes. */
const CLASS_FILLS = ["#bdd7e7", "#6baed6", "#3182bd", "#08519c", "#08306b"];
const NO_SIGNATURES = "#e5e7eb";
const BORDER = "#ffffff";
/** Antarctica takes a sixth of the height and no one signs from there in numbers: it is listed if it ever does. */
const LEFT_OFF = new Set(["AQ"]);

const alpha2ByNumeric = new Map(iso31661.map((entry) => [entry.numeric, entry.alpha2]));

let shapes: CountryShape[] | undefined;

/** Projected once per isolate (a few milliseconds; see README), reused by every map it draws. */
function countryShapes(): CountryShape[] {
  if (shapes) return shapes;
  const topology = countries110m as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const world = feature(topology, topology.objects.countries);
  const drawn = world.features.filter((f) => !LEFT_OFF.has(alpha2ByNumeric.get(String(f.id)) ?? ""));
  const projection = geoEqualEarth().fitExtent(
    [
      [8, MAP_TOP],
      [WIDTH - 8, MAP_BOTTOM],
    ],
    { type: "FeatureCollection", features: drawn },
  );
  const path = geoPath(projection).digits(1);
  // Shapes without an ISO code (Kosovo, Northern Cyprus, Somaliland) are drawn but never filled.
  shapes = drawn.map((f) => ({ country: alpha2ByNumeric.get(String(f.id)) ?? "", d: path(f) ?? "" }));
  return shapes;
}

/** Upper bounds of the classes: 1 … max, evenly spaced on a log scale, so a few big countries do not wash out the rest. */
function classBounds(max: number): number[] {
  const bounds: number[] = [];
  for (let i = 1; i <= CLASS_FILLS.length; i++) {
    const bound = Math.round(max ** (i / CLASS_FILLS.length));
    if (bound > (bounds.at(-1) ?? 0)) bounds.push(bound);
  }
  return bounds;
}

function legend(bounds: number[]): string[] {
  const y = MAP_BOTTOM + 16,
    size = 12,
    items: string[] = [];
  let x = 16;
  const item = (fill: string, label: string) => {
    items.push(
      `<rect x="${x}" y="${y}" width="${size}" height="${size}" fill="${fill}" stroke="#9ca3af" stroke-width="0.5"/>`,
    );
    items.push(text(x + size + 4, y + 10, label, `font-size="11" fill="${MUTED}"`));
    x += size + 12 + label.length * 6.2;
  };
  item(NO_SIGNATURES, "None");
  bounds.forEach((bound, i) => {
    const low = i === 0 ? 1 : bounds[i - 1]! + 1;
    item(CLASS_FILLS[i]!, low === bound ? count(bound) : `${count(low)}–${count(bound)}`);
  });
  return items;
}

export function worldMapSvg(input: { title: string; countries: CountryCount[] }): string {
  const counts = new Map(
    input.countries.filter((c) => Number.isFinite(c.count) && c.count > 0).map((c) => [c.country, c.count]),
  );
  const max = Math.max(0, ...counts.values());
  const bounds = classBounds(max);
  const fillFor = (n: number) => CLASS_FILLS[bounds.findIndex((bound) => n <= bound)] ?? CLASS_FILLS.at(-1)!;

  const allShapes = countryShapes();
  const drawnCodes = new Set(allShapes.map((s) => s.country));
  const body = allShapes.map(({ country, d }) => {
    const n = counts.get(country) ?? 0;
    const name = country ? countryName(country) : "";
    const label = name && `<title>${escapeMarkup(`${name}: ${signatures(n)}`)}</title>`;
    return `<path class="country" data-country="${country}" d="${d}" fill="${n ? fillFor(n) : NO_SIGNATURES}">${label}</path>`;
  });
  body.unshift(`<g stroke="${BORDER}" stroke-width="0.5">`);
  body.push("</g>");
  if (max > 0) body.push(...legend(bounds));

  // Unknown (XX) and countries too small for 1:110m (Singapore, Malta…) are listed rather than lost.
  const unmapped = [...counts].filter(([country]) => !drawnCodes.has(country));
  if (unmapped.length) {
    const list = unmapped.map(([country, n]) => `${countryName(country)} ${count(n)}`).join(", ");
    body.push(
      text(16, HEIGHT - 20, clip(`Not on the map: ${list}`, 96), `class="unmapped" font-size="11" fill="${INK}"`),
    );
  }

  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  const top = [...counts].sort((a, b) => b[1] - a[1])[0];
  const desc = top
    ? `World map of ${signatures(total)} from ${counts.size} countr${counts.size === 1 ? "y" : "ies"}; most from ${countryName(top[0])} (${count(top[1])}).`
    : "World map: no signatures yet.";
  return svg(input.title, desc, body, HEIGHT);
}
