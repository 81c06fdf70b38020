/**
 * Self-contained SVG charts for organisers: signature growth over time, signatures by country.
 * Pure string building (no DOM, no fonts, scripts or images to fetch), so a Worker can serve the
 * output as-is and it works in <img>, e-mail and rasterisers alike.
 */
import { escapeMarkup } from "../markup/escape";
import type { SeriesPoint } from "../tally/report";

export interface ChartMilestone {
  threshold: number;
  reachedAt: number /* unix ms */;
}
export interface GrowthChartInput {
  title: string;
  goal: number;
  points: SeriesPoint[];
  milestones: ChartMilestone[];
  now: number /* unix ms, right edge when later than the last point */;
}
export interface CountryBar {
  country: string /* ISO alpha-2 or "XX" */;
  label: string /* display name, already localised */;
  count: number;
}

const W = 600,
  H = 300;
export const INK = "#111827",
  MUTED = "#6b7280",
  GRID = "#e5e7eb",
  BLUE = "#2563eb",
  GREEN = "#15803d",
  AMBER = "#d97706";
const HOUR = 3_600_000,
  DAY = 24 * HOUR;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const whole = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en", { maximumFractionDigits: 1 });

/** Counts from storage should be finite, but one bad value must not put "NaN" into the markup. */
const finite = (n: number, fallback = 0) => (Number.isFinite(n) ? n : fallback);
/** One decimal is plenty at 600 px and keeps the markup short. */
const r = (n: number) => Math.round(n * 10) / 10;
export const count = (n: number) => whole.format(n);
export const signatures = (n: number) => `${count(n)} signature${n === 1 ? "" : "s"}`;
/** Axis labels have little room: 1,200 / 12k / 1.2M. */
function compact(n: number): string {
  if (n < 10_000) return whole.format(n);
  const k = Math.round(n / 100) / 10;
  return k < 1000 ? `${oneDecimal.format(k)}k` : `${oneDecimal.format(Math.round(n / 100_000) / 10)}M`;
}
/** Cut by code points (not UTF-16 units) so an emoji is never split in half. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max
    ? text
    : `${chars
        .slice(0, max - 1)
        .join("")
        .trimEnd()}…`;
}
const isoDate = (t: number) => new Date(t).toISOString().slice(0, 10);

export function text(x: number, y: number, body: string, attrs = ""): string {
  return `<text x="${r(x)}" y="${r(y)}"${attrs ? ` ${attrs}` : ""}>${escapeMarkup(body)}</text>`;
}

/** Shared frame: white background (charts get pasted onto dark pages), title, accessible name and summary. */
export function svg(title: string, desc: string, body: string[], height = H): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" role="img" font-family="system-ui, sans-serif">`,
    `<title>${escapeMarkup(title)}</title>`,
    `<desc>${escapeMarkup(desc)}</desc>`,
    `<rect width="${W}" height="${height}" fill="#ffffff"/>`,
    text(16, 28, clip(title, 64), `font-size="16" font-weight="600" fill="${INK}"`),
    ...body,
    `</svg>`,
  ].join("\n");
}

/** 1, 2, 2.5, 5 × 10^k: ticks a reader takes in at a glance (no 2.5 below 10, counts are whole). */
function niceStep(raw: number): number {
  const pow = 10 ** Math.floor(Math.log10(raw));
  const factors = pow < 10 ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10];
  return Math.max(1, factors.find((f) => f * pow >= raw)! * pow);
}

/** Hours under two days, days up to ~12 weeks, then month starts; at most ~6 labels either way. */
function timeTicks(t0: number, t1: number): { at: number; label: string }[] {
  const span = t1 - t0,
    ticks: { at: number; label: string }[] = [];
  const day = (t: number) => `${MONTHS[new Date(t).getUTCMonth()]} ${new Date(t).getUTCDate()}`;
  const steps = span < 2 * DAY ? [0.25, 0.5, 1, 2, 3, 6, 12].map((h) => h * HOUR) : [1, 2, 7, 14].map((d) => d * DAY);
  const step = steps.find((s) => span / s <= 6);
  if (step) {
    for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
      // Hour labels: midnight shows the date, and the first tick carries it too so the day is never a guess.
      const hhmm = new Date(t).toISOString().slice(11, 16);
      ticks.push({
        at: t,
        label: span >= 2 * DAY || hhmm === "00:00" ? day(t) : ticks.length ? hhmm : `${day(t)} ${hhmm}`,
      });
    }
    return ticks;
  }
  const months =
    [1, 2, 3, 6, 12].find((m) => span / (m * 30.44 * DAY) <= 6) ?? Math.ceil(span / (6 * 365.25 * DAY)) * 12;
  const start = new Date(t0);
  const year = start.getUTCFullYear();
  for (let m = Math.ceil((start.getUTCMonth() + 1) / months) * months; Date.UTC(year, m) <= t1; m += months) {
    const d = new Date(Date.UTC(year, m));
    ticks.push({ at: d.getTime(), label: `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}` });
  }
  return ticks;
}

export function growthChartSvg(input: GrowthChartInput): string {
  const points = input.points
    .filter((p) => Number.isFinite(p.at) && Number.isFinite(p.total))
    .map((p) => ({ at: p.at, total: Math.max(0, p.total) }))
    .sort((a, b) => a.at - b.at);
  const goal = Math.max(0, finite(input.goal));
  const last = points.at(-1);
  const total = last?.total ?? 0;

  // Time runs to "now" so a stalled petition shows as a flat line; pad degenerate spans so nothing divides by 0.
  const t1 = Math.max(finite(input.now, last?.at ?? 0), last?.at ?? -Infinity);
  let t0 = points[0]?.at ?? t1 - DAY;
  if (t1 - t0 < HOUR) t0 = t1 - (points.length ? HOUR : DAY);
  // Leave ~8% headroom above the larger of goal and count so the goal label and the end label fit.
  const peak = points.reduce((m, p) => Math.max(m, p.total), Math.max(goal, 10)) * 1.08;
  const step = niceStep(peak / 4);
  const yTop = Math.ceil(peak / step) * step;

  const L = 64,
    R = 572,
    T = 48,
    B = 258;
  const x = (t: number) => r(L + ((Math.min(Math.max(t, t0), t1) - t0) / (t1 - t0)) * (R - L));
  const y = (v: number) => r(B - (Math.min(v, yTop) / yTop) * (B - T));
  const body: string[] = [];

  for (let v = 0; v <= yTop; v += step) {
    body.push(
      `<line x1="${L}" x2="${R}" y1="${y(v)}" y2="${y(v)}" stroke="${v ? GRID : "#9ca3af"}" stroke-width="1"/>`,
    );
    body.push(text(L - 8, y(v) + 4, compact(v), `font-size="11" fill="${MUTED}" text-anchor="end"`));
  }
  for (const tick of timeTicks(t0, t1)) {
    const tx = x(tick.at),
      anchor = tx > R - 24 ? "end" : tx < L + 24 ? "start" : "middle";
    body.push(`<line x1="${tx}" x2="${tx}" y1="${B}" y2="${B + 4}" stroke="#9ca3af"/>`);
    body.push(text(tx, B + 18, tick.label, `font-size="11" fill="${MUTED}" text-anchor="${anchor}"`));
  }

  if (goal > 0) {
    body.push(
      `<line class="goal" x1="${L}" x2="${R}" y1="${y(goal)}" y2="${y(goal)}" stroke="${GREEN}" stroke-width="1.5" stroke-dasharray="6 4"/>`,
    );
    body.push(
      text(
        L + 6,
        y(goal) - 6,
        `Goal ${count(goal)}`,
        `class="goal-label" font-size="12" font-weight="600" fill="${GREEN}"`,
      ),
    );
  }

  if (last) {
    const line = points.map((p, i) => `${i ? "L" : "M"}${x(p.at)} ${y(p.total)}`).join(" ");
    // The area and the flat tail to "now" are separate from the series so the series stays one vertex per point.
    body.push(
      `<path class="area" d="${line} L${x(t1)} ${y(total)} L${x(t1)} ${y(0)} L${x(points[0]!.at)} ${y(0)} Z" fill="${BLUE}" fill-opacity="0.1"/>`,
    );
    if (t1 > last.at)
      body.push(
        `<path class="series-tail" d="M${x(last.at)} ${y(total)} L${x(t1)} ${y(total)}" fill="none" stroke="${BLUE}" stroke-width="2" stroke-dasharray="2 3"/>`,
      );
    body.push(
      `<path class="series" d="${line}" fill="none" stroke="${BLUE}" stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>`,
    );
    body.push(`<circle cx="${x(t1)}" cy="${y(total)}" r="4" fill="${BLUE}"/>`);
    body.push(
      text(
        x(t1) - 2,
        y(total) - 10,
        count(total),
        `class="current" font-size="12" font-weight="600" fill="${INK}" text-anchor="end"`,
      ),
    );
  } else {
    body.push(
      text((L + R) / 2, (T + B) / 2, "No signatures yet", `font-size="14" fill="${MUTED}" text-anchor="middle"`),
    );
  }

  // Markers sit where the drawn line is at reachedAt (tally points are coarser than the exact crossing).
  const lineAt = (t: number, fallback: number) => {
    if (!last) return fallback;
    const i = points.findIndex((p) => p.at >= t);
    if (i <= 0) return i === 0 ? points[0]!.total : total;
    const a = points[i - 1]!,
      b = points[i]!;
    return a.total + ((b.total - a.total) * (t - a.at)) / (b.at - a.at || 1);
  };
  // A short label up-left of each marker (the empty side of a rising line); <title> only shows on hover.
  let lastLabelX = -Infinity;
  const milestones = input.milestones.filter((m) => Number.isFinite(m.threshold) && Number.isFinite(m.reachedAt));
  for (const m of [...milestones].sort((a, b) => a.reachedAt - b.reachedAt)) {
    const mx = x(m.reachedAt),
      my = y(lineAt(m.reachedAt, m.threshold));
    body.push(
      `<circle class="milestone" cx="${mx}" cy="${my}" r="5" fill="${AMBER}" stroke="#ffffff" stroke-width="2"><title>${escapeMarkup(`${signatures(m.threshold)} on ${isoDate(m.reachedAt)}`)}</title></circle>`,
    );
    if (mx - lastLabelX < 36) continue; // crowded: the marker alone is clearer than overlapping text
    body.push(
      text(
        mx - 6,
        my - 9,
        compact(m.threshold),
        `class="milestone-label" font-size="10" font-weight="600" fill="${AMBER}" text-anchor="end"`,
      ),
    );
    lastLabelX = mx;
  }

  const desc =
    `${signatures(total)}${goal > 0 ? ` of a goal of ${count(goal)}` : ""}` +
    (last ? `, ${isoDate(points[0]!.at)} to ${isoDate(t1)}` : "") +
    (milestones.length ? `; ${milestones.length} milestone${milestones.length === 1 ? "" : "s"} reached.` : ".");
  return svg(input.title, desc, body);
}

export function countryChartSvg(input: { title: string; bars: CountryBar[] }): string {
  const bars = input.bars.slice(0, 15).map((b) => ({ ...b, count: Math.max(0, finite(b.count)) }));
  if (!bars.length) {
    return svg(input.title, "No signatures yet.", [
      text(W / 2, H / 2 + 10, "No signatures yet", `font-size="14" fill="${MUTED}" text-anchor="middle"`),
    ]);
  }
  // Rows share the space below the title; up to 15 still leave ~16 px each, enough for 11 px text.
  const top = 46,
    rowH = Math.min(30, (H - 10 - top) / bars.length),
    barH = Math.min(18, rowH * 0.68);
  // The label column is as wide as the longest (clipped) label, ~0.6 em per character, so short names leave no gap.
  const font = rowH >= 20 ? 12 : 11,
    longest = Math.max(...bars.map((b) => Array.from(clip(b.label, 22)).length));
  const labelX = r(16 + Math.max(4, longest) * font * 0.6),
    barX = labelX + 8,
    maxBar = W - 24 - barX - 56;
  const max = Math.max(...bars.map((b) => b.count), 1);
  const body = bars.flatMap((b, i) => {
    const mid = top + rowH * (i + 0.5),
      w = r(Math.max((b.count / max) * maxBar, b.count > 0 ? 2 : 0));
    return [
      text(labelX, mid + font * 0.35, clip(b.label, 22), `font-size="${font}" fill="${INK}" text-anchor="end"`),
      `<rect class="bar" data-country="${escapeMarkup(b.country)}" x="${barX}" y="${r(mid - barH / 2)}" width="${w}" height="${r(barH)}" rx="2" fill="${BLUE}"><title>${escapeMarkup(`${b.label}: ${count(b.count)}`)}</title></rect>`,
      text(barX + w + 6, mid + font * 0.35, count(b.count), `font-size="${font}" fill="${MUTED}"`),
    ];
  });
  const sum = bars.reduce((s, b) => s + b.count, 0);
  const desc = `${signatures(sum)} across ${bars.length} countr${bars.length === 1 ? "y" : "ies"}; most from ${bars[0]!.label} (${count(bars[0]!.count)}).`;
  return svg(input.title, desc, body);
}
