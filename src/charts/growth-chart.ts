/** Signature growth over time: the cumulative line, the goal, milestones, and a flat tail to "now". */
import { type Html, html } from "../markup/html";
import type { SeriesPoint } from "../tally/report";
import {
  AMBER,
  AXIS,
  BLUE,
  compact,
  count,
  finite,
  GREEN,
  GRID,
  INK,
  isoDate,
  MUTED,
  round,
  signatures,
  svg,
  text,
} from "./svg";

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

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** The plotting area inside the 600 × 300 frame: room for the y labels left and the dates below. */
const AREA = { left: 64, right: 572, top: 48, bottom: 258 };

/** Where times and counts land on the chart. */
interface Plot {
  start: number;
  end: number;
  yTop: number;
  yStep: number;
  x: (t: number) => number;
  y: (value: number) => number;
}

export function growthChartSvg(input: GrowthChartInput): string {
  const points = input.points
    .filter((point) => Number.isFinite(point.at) && Number.isFinite(point.total))
    .map((point) => ({ at: point.at, total: Math.max(0, point.total) }))
    .sort((a, b) => a.at - b.at);
  const goal = Math.max(0, finite(input.goal));
  const milestones = input.milestones
    .filter((milestone) => Number.isFinite(milestone.threshold) && Number.isFinite(milestone.reachedAt))
    .sort((a, b) => a.reachedAt - b.reachedAt);
  const plot = plotFor(points, goal, input.now);
  const body = [
    ...valueGrid(plot),
    ...timeAxis(plot),
    ...goalLine(plot, goal),
    ...seriesMarks(plot, points),
    ...milestoneMarks(plot, points, milestones),
  ];
  return svg(input.title, summary(points, goal, plot.end, milestones.length), body);
}

function plotFor(points: SeriesPoint[], goal: number, now: number): Plot {
  const last = points.at(-1);
  // Time runs to "now" so a stalled petition shows as a flat line; pad degenerate spans so nothing divides by 0.
  const end = Math.max(finite(now, last?.at ?? 0), last?.at ?? -Infinity);
  let start = points[0]?.at ?? end - DAY;
  if (end - start < HOUR) start = end - (points.length ? HOUR : DAY);
  // Leave ~8% headroom above the larger of goal and count so the goal label and the end label fit.
  const peak = points.reduce((most, point) => Math.max(most, point.total), Math.max(goal, 10)) * 1.08;
  const yStep = niceStep(peak / 4);
  const yTop = Math.ceil(peak / yStep) * yStep;
  const x = (t: number) =>
    round(AREA.left + ((Math.min(Math.max(t, start), end) - start) / (end - start)) * (AREA.right - AREA.left));
  const y = (value: number) => round(AREA.bottom - (Math.min(value, yTop) / yTop) * (AREA.bottom - AREA.top));
  return { start, end, yTop, yStep, x, y };
}

/** 1, 2, 2.5, 5 × 10^k: ticks a reader takes in at a glance (no 2.5 below 10, counts are whole). */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const factors = power < 10 ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10];
  return Math.max(1, factors.find((factor) => factor * power >= raw)! * power);
}

function valueGrid(plot: Plot): Html[] {
  const lines: Html[] = [];
  for (let value = 0; value <= plot.yTop; value += plot.yStep) {
    const y = plot.y(value);
    lines.push(
      html`<line x1="${AREA.left}" x2="${AREA.right}" y1="${y}" y2="${y}" stroke="${value ? GRID : AXIS}" stroke-width="1"/>`,
      text(AREA.left - 8, y + 4, compact(value), { "font-size": 11, fill: MUTED, "text-anchor": "end" }),
    );
  }
  return lines;
}

function timeAxis(plot: Plot): Html[] {
  return timeTicks(plot.start, plot.end).flatMap((tick) => {
    const x = plot.x(tick.at);
    const anchor = x > AREA.right - 24 ? "end" : x < AREA.left + 24 ? "start" : "middle";
    return [
      html`<line x1="${x}" x2="${x}" y1="${AREA.bottom}" y2="${AREA.bottom + 4}" stroke="${AXIS}"/>`,
      text(x, AREA.bottom + 18, tick.label, { "font-size": 11, fill: MUTED, "text-anchor": anchor }),
    ];
  });
}

const dayLabel = (t: number) => `${MONTHS[new Date(t).getUTCMonth()]} ${new Date(t).getUTCDate()}`;

/** Hours under two days, days up to ~12 weeks, then month starts; at most ~6 labels either way. */
function timeTicks(start: number, end: number): { at: number; label: string }[] {
  const span = end - start;
  const steps =
    span < 2 * DAY ? [0.25, 0.5, 1, 2, 3, 6, 12].map((hours) => hours * HOUR) : [1, 2, 7, 14].map((days) => days * DAY);
  const step = steps.find((candidate) => span / candidate <= 6);
  if (!step) return monthTicks(start, end);
  const ticks: { at: number; label: string }[] = [];
  for (let t = Math.ceil(start / step) * step; t <= end; t += step) {
    // Hour labels: midnight shows the date, and the first tick carries it too so the day is never a guess.
    const hhmm = new Date(t).toISOString().slice(11, 16);
    const label = span >= 2 * DAY || hhmm === "00:00" ? dayLabel(t) : ticks.length ? hhmm : `${dayLabel(t)} ${hhmm}`;
    ticks.push({ at: t, label });
  }
  return ticks;
}

function monthTicks(start: number, end: number): { at: number; label: string }[] {
  const span = end - start;
  const months =
    [1, 2, 3, 6, 12].find((m) => span / (m * 30.44 * DAY) <= 6) ?? Math.ceil(span / (6 * 365.25 * DAY)) * 12;
  const first = new Date(start);
  const year = first.getUTCFullYear();
  const ticks: { at: number; label: string }[] = [];
  for (let m = Math.ceil((first.getUTCMonth() + 1) / months) * months; Date.UTC(year, m) <= end; m += months) {
    const month = new Date(Date.UTC(year, m));
    ticks.push({ at: month.getTime(), label: `${MONTHS[month.getUTCMonth()]} ${month.getUTCFullYear()}` });
  }
  return ticks;
}

function goalLine(plot: Plot, goal: number): Html[] {
  if (goal <= 0) return [];
  const y = plot.y(goal);
  return [
    html`<line class="goal" x1="${AREA.left}" x2="${AREA.right}" y1="${y}" y2="${y}" stroke="${GREEN}" stroke-width="1.5" stroke-dasharray="6 4"/>`,
    text(AREA.left + 6, y - 6, `Goal ${count(goal)}`, {
      class: "goal-label",
      "font-size": 12,
      "font-weight": 600,
      fill: GREEN,
    }),
  ];
}

function seriesMarks(plot: Plot, points: SeriesPoint[]): Html[] {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) {
    const middle = { x: (AREA.left + AREA.right) / 2, y: (AREA.top + AREA.bottom) / 2 };
    return [text(middle.x, middle.y, "No signatures yet", { "font-size": 14, fill: MUTED, "text-anchor": "middle" })];
  }
  const { x, y, end } = plot;
  const line = points.map((point, i) => `${i ? "L" : "M"}${x(point.at)} ${y(point.total)}`).join(" ");
  const area = `${line} L${x(end)} ${y(last.total)} L${x(end)} ${y(0)} L${x(first.at)} ${y(0)} Z`;
  const tail = `M${x(last.at)} ${y(last.total)} L${x(end)} ${y(last.total)}`;
  // The area and the flat tail to "now" are separate from the series so the series stays one vertex per point.
  return [
    html`<path class="area" d="${area}" fill="${BLUE}" fill-opacity="0.1"/>`,
    end > last.at &&
      html`<path class="series-tail" d="${tail}" fill="none" stroke="${BLUE}" stroke-width="2" stroke-dasharray="2 3"/>`,
    html`<path class="series" d="${line}" fill="none" stroke="${BLUE}" stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>`,
    html`<circle cx="${x(end)}" cy="${y(last.total)}" r="4" fill="${BLUE}"/>`,
    text(x(end) - 2, y(last.total) - 10, count(last.total), {
      class: "current",
      "font-size": 12,
      "font-weight": 600,
      fill: INK,
      "text-anchor": "end",
    }),
  ].filter((mark): mark is Html => mark !== false);
}

/** Where the drawn line is at `t` (tally points are coarser than the exact crossing of a milestone). */
function lineAt(points: SeriesPoint[], t: number, fallback: number): number {
  const last = points.at(-1);
  if (!last) return fallback;
  const after = points.findIndex((point) => point.at >= t);
  if (after <= 0) return after === 0 ? points[0]!.total : last.total;
  const a = points[after - 1]!;
  const b = points[after]!;
  return a.total + ((b.total - a.total) * (t - a.at)) / (b.at - a.at || 1);
}

/** A short label up-left of each marker (the empty side of a rising line); <title> only shows on hover. */
function milestoneMarks(plot: Plot, points: SeriesPoint[], milestones: ChartMilestone[]): Html[] {
  const marks: Html[] = [];
  let lastLabelX = -Infinity;
  for (const milestone of milestones) {
    const x = plot.x(milestone.reachedAt);
    const y = plot.y(lineAt(points, milestone.reachedAt, milestone.threshold));
    const title = `${signatures(milestone.threshold)} on ${isoDate(milestone.reachedAt)}`;
    marks.push(
      html`<circle class="milestone" cx="${x}" cy="${y}" r="5" fill="${AMBER}" stroke="#ffffff" stroke-width="2"><title>${title}</title></circle>`,
    );
    if (x - lastLabelX < 36) continue; // crowded: the marker alone is clearer than overlapping text
    marks.push(
      text(x - 6, y - 9, compact(milestone.threshold), {
        class: "milestone-label",
        "font-size": 10,
        "font-weight": 600,
        fill: AMBER,
        "text-anchor": "end",
      }),
    );
    lastLabelX = x;
  }
  return marks;
}

function summary(points: SeriesPoint[], goal: number, end: number, milestones: number): string {
  const total = points.at(-1)?.total ?? 0;
  const first = points[0];
  return (
    `${signatures(total)}${goal > 0 ? ` of a goal of ${count(goal)}` : ""}` +
    (first ? `, ${isoDate(first.at)} to ${isoDate(end)}` : "") +
    (milestones ? `; ${milestones} milestone${milestones === 1 ? "" : "s"} reached.` : ".")
  );
}
