/** Signature growth over time: the cumulative line, the goal, milestones, and a flat tail to "now". */
import { type Html, html, messageText } from "../markup/html";
import type { SeriesPoint } from "../tally/report";
import {
  AMBER,
  AXIS,
  BLUE,
  type ChartLanguage,
  chartLanguage,
  finite,
  GREEN,
  GRID,
  INK,
  MUTED,
  round,
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
  locale: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
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
  const language = chartLanguage(input.locale);
  const body = [
    ...valueGrid(plot, language),
    ...timeAxis(plot, language),
    ...goalLine(plot, goal, language),
    ...seriesMarks(plot, points, language),
    ...milestoneMarks(plot, points, milestones, language),
  ];
  return svg(input.title, summary(points, goal, plot.end, milestones.length, language), body);
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

function valueGrid(plot: Plot, language: ChartLanguage): Html[] {
  const lines: Html[] = [];
  for (let value = 0; value <= plot.yTop; value += plot.yStep) {
    const y = plot.y(value);
    lines.push(
      html`<line x1="${AREA.left}" x2="${AREA.right}" y1="${y}" y2="${y}" stroke="${value ? GRID : AXIS}" stroke-width="1"/>`,
      text(AREA.left - 8, y + 4, language.compact(value), { "font-size": 11, fill: MUTED, "text-anchor": "end" }),
    );
  }
  return lines;
}

function timeAxis(plot: Plot, language: ChartLanguage): Html[] {
  return timeTicks(plot.start, plot.end, language).flatMap((tick) => {
    const x = plot.x(tick.at);
    const anchor = x > AREA.right - 24 ? "end" : x < AREA.left + 24 ? "start" : "middle";
    return [
      html`<line x1="${x}" x2="${x}" y1="${AREA.bottom}" y2="${AREA.bottom + 4}" stroke="${AXIS}"/>`,
      text(x, AREA.bottom + 18, tick.label, { "font-size": 11, fill: MUTED, "text-anchor": anchor }),
    ];
  });
}

/** Hours under two days, days up to ~12 weeks, then month starts; at most ~6 labels either way. */
function timeTicks(start: number, end: number, language: ChartLanguage): { at: number; label: string }[] {
  const span = end - start;
  const steps =
    span < 2 * DAY ? [0.25, 0.5, 1, 2, 3, 6, 12].map((hours) => hours * HOUR) : [1, 2, 7, 14].map((days) => days * DAY);
  const step = steps.find((candidate) => span / candidate <= 6);
  if (!step) return monthTicks(start, end, language);
  const ticks: { at: number; label: string }[] = [];
  for (let t = Math.ceil(start / step) * step; t <= end; t += step) {
    // Hour labels: midnight shows the date, and the first tick carries it too so the day is never a guess.
    const midnight = t % DAY === 0;
    const style = span >= 2 * DAY || midnight ? "day" : ticks.length ? "time" : "dayTime";
    const label = language.date(t, style);
    ticks.push({ at: t, label });
  }
  return ticks;
}

function monthTicks(start: number, end: number, language: ChartLanguage): { at: number; label: string }[] {
  const span = end - start;
  const months =
    [1, 2, 3, 6, 12].find((m) => span / (m * 30.44 * DAY) <= 6) ?? Math.ceil(span / (6 * 365.25 * DAY)) * 12;
  const first = new Date(start);
  const year = first.getUTCFullYear();
  const ticks: { at: number; label: string }[] = [];
  for (let m = Math.ceil((first.getUTCMonth() + 1) / months) * months; Date.UTC(year, m) <= end; m += months) {
    const month = new Date(Date.UTC(year, m));
    ticks.push({ at: month.getTime(), label: language.date(month.getTime(), "month") });
  }
  return ticks;
}

function goalLine(plot: Plot, goal: number, language: ChartLanguage): Html[] {
  if (goal <= 0) return [];
  const y = plot.y(goal);
  return [
    html`<line class="goal" x1="${AREA.left}" x2="${AREA.right}" y1="${y}" y2="${y}" stroke="${GREEN}" stroke-width="1.5" stroke-dasharray="6 4"/>`,
    text(AREA.left + 6, y - 6, messageText(language.words.goal, { goal: language.number(goal) }), {
      class: "goal-label",
      "font-size": 12,
      "font-weight": 600,
      fill: GREEN,
    }),
  ];
}

function seriesMarks(plot: Plot, points: SeriesPoint[], language: ChartLanguage): Html[] {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) {
    const middle = { x: (AREA.left + AREA.right) / 2, y: (AREA.top + AREA.bottom) / 2 };
    const style = { "font-size": 14, fill: MUTED, "text-anchor": "middle" } as const;
    return [text(middle.x, middle.y, language.words.noSignatures, style)];
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
    text(x(end) - 2, y(last.total) - 10, language.number(last.total), {
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
function milestoneMarks(
  plot: Plot,
  points: SeriesPoint[],
  milestones: ChartMilestone[],
  language: ChartLanguage,
): Html[] {
  const marks: Html[] = [];
  let lastLabelX = -Infinity;
  for (const milestone of milestones) {
    const x = plot.x(milestone.reachedAt);
    const y = plot.y(lineAt(points, milestone.reachedAt, milestone.threshold));
    const title = language.counted(language.words.milestone, milestone.threshold, {
      date: language.date(milestone.reachedAt, "date"),
    });
    marks.push(
      html`<circle class="milestone" cx="${x}" cy="${y}" r="5" fill="${AMBER}" stroke="#ffffff" stroke-width="2"><title>${title}</title></circle>`,
    );
    if (x - lastLabelX < 36) continue; // crowded: the marker alone is clearer than overlapping text
    marks.push(
      text(x - 6, y - 9, language.compact(milestone.threshold), {
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

/** The description: a sentence for the signatures and their dates, then the goal's and the milestones'. */
function summary(
  points: SeriesPoint[],
  goal: number,
  end: number,
  milestones: number,
  language: ChartLanguage,
): string {
  const { words } = language;
  const first = points[0];
  const total = points.at(-1)?.total ?? 0;
  const sentences = [
    first
      ? language.counted(words.growthSummary, total, {
          from: language.date(first.at, "date"),
          to: language.date(end, "date"),
        })
      : words.noSignatures,
    goal > 0 && messageText(words.goalSentence, { goal: language.number(goal) }),
    milestones > 0 && language.counted(words.milestonesReached, milestones),
  ];
  return sentences
    .filter((sentence) => sentence !== false)
    .reduce((text, sentence) => (text ? `${text}${FULL_WIDTH_END.test(text) ? "" : " "}${sentence}` : sentence), "");
}

/** Chinese and Japanese sentences end in full-width punctuation and follow one another without a space. */
const FULL_WIDTH_END = /[。！？]$/;
