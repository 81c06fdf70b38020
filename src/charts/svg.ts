/**
 * What every SVG chart is built from: the frame, text, the palette and the chart's language. Charts are
 * pure string building (no DOM, no fonts, scripts or images to fetch), so a Worker serves them as they
 * are and they work in <img>, e-mail and rasterisers alike. All markup goes through the `html` tag.
 */
import { countryLabel } from "../i18n/country-names";
import { pluralForm } from "../i18n/format";
import { type Messages, messagesFor, type Plural } from "../i18n/messages";
import { type Html, html, joinHtml, messageText } from "../markup/html";

export const WIDTH = 600;
export const HEIGHT = 300;
export const INK = "#111827";
export const MUTED = "#6b7280";
export const GRID = "#e5e7eb";
export const AXIS = "#9ca3af";
export const BLUE = "#2563eb";
export const GREEN = "#15803d";
export const AMBER = "#d97706";

/** Counts from storage should be finite, but one bad value must not put "NaN" into the markup. */
export const finite = (n: number, fallback = 0) => (Number.isFinite(n) ? n : fallback);
/** One decimal is plenty at 600 px and keeps the markup short. */
export const round = (n: number) => Math.round(n * 10) / 10;

/** The ways a chart writes a time, all in UTC (the tally's hours are UTC hours). */
const DATE_STYLES = {
  date: { dateStyle: "medium" },
  day: { month: "short", day: "numeric" },
  month: { month: "short", year: "numeric" },
  time: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  dayTime: { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

/** What a chart says, and how it writes numbers, dates and country names, in one language. */
export interface ChartLanguage {
  locale: string;
  words: Messages["charts"];
  number(n: number): string;
  /** "1–10" in English; Intl writes the range as the language does. */
  range(low: number, high: number): string;
  /** Axis labels have little room: 1,200 / 12K / 1.2M in English, 12 k in French, 1.2万 in Chinese. */
  compact(n: number): string;
  date(t: number, style: keyof typeof DATE_STYLES): string;
  /** A plural message's form for n, with n formatted as its {count} and `values` in its other placeholders. */
  counted(message: Plural, n: number, values?: Record<string, string>): string;
  list(items: string[]): string;
  country(code: string): string;
}

const languages = new Map<string, ChartLanguage>();

export function chartLanguage(locale: string): ChartLanguage {
  let language = languages.get(locale);
  if (!language) {
    const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    const short = new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 });
    const dates = Object.fromEntries(
      Object.entries(DATE_STYLES).map(([style, options]) => [
        style,
        new Intl.DateTimeFormat(locale, { ...options, timeZone: "UTC" }),
      ]),
    ) as Record<keyof typeof DATE_STYLES, Intl.DateTimeFormat>;
    const list = new Intl.ListFormat(locale);
    language = {
      locale,
      words: messagesFor(locale).charts,
      number: (n) => whole.format(n),
      range: (low, high) => whole.formatRange(low, high),
      compact: (n) => (n < 10_000 ? whole.format(n) : short.format(n)),
      date: (t, style) => dates[style].format(t),
      counted: (message, n, values = {}) =>
        messageText(pluralForm(locale, message, n), { ...values, count: whole.format(n) }),
      list: (items) => list.format(items),
      country: (code) => countryLabel(code, locale),
    };
    languages.set(locale, language);
  }
  return language;
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

/** Presentation attributes of a text element, in the order given. */
export interface TextStyle {
  class?: string;
  "font-size": number;
  "font-weight"?: number;
  fill: string;
  "text-anchor"?: "start" | "middle" | "end";
}

export function text(x: number, y: number, body: string, style: TextStyle): Html {
  const attributes = Object.entries(style).map(([name, value]) => html` ${name}="${value}"`);
  return html`<text x="${round(x)}" y="${round(y)}"${attributes}>${body}</text>`;
}

/** Shared frame: white background (charts get pasted onto dark pages), title, accessible name and summary. */
export function svg(title: string, desc: string, body: Html[], height = HEIGHT): string {
  return joinHtml(
    [
      html`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" font-family="system-ui, sans-serif">`,
      html`<title>${title}</title>`,
      html`<desc>${desc}</desc>`,
      html`<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
      text(16, 28, clip(title, 64), { "font-size": 16, "font-weight": 600, fill: INK }),
      ...body,
      html`</svg>`,
    ],
    "\n",
  ).text;
}
