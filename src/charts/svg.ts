/**
 * What every SVG chart is built from: the frame, text, the palette and the number formats. Charts are
 * pure string building (no DOM, no fonts, scripts or images to fetch), so a Worker serves them as they
 * are and they work in <img>, e-mail and rasterisers alike. All markup goes through the `html` tag.
 */
import { type Html, html, joinHtml } from "../markup/html";

export const WIDTH = 600;
export const HEIGHT = 300;
export const INK = "#111827";
export const MUTED = "#6b7280";
export const GRID = "#e5e7eb";
export const AXIS = "#9ca3af";
export const BLUE = "#2563eb";
export const GREEN = "#15803d";
export const AMBER = "#d97706";

const whole = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en", { maximumFractionDigits: 1 });

/** Counts from storage should be finite, but one bad value must not put "NaN" into the markup. */
export const finite = (n: number, fallback = 0) => (Number.isFinite(n) ? n : fallback);
/** One decimal is plenty at 600 px and keeps the markup short. */
export const round = (n: number) => Math.round(n * 10) / 10;
export const count = (n: number) => whole.format(n);
export const signatures = (n: number) => `${count(n)} signature${n === 1 ? "" : "s"}`;
export const isoDate = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Axis labels have little room: 1,200 / 12k / 1.2M. */
export function compact(n: number): string {
  if (n < 10_000) return whole.format(n);
  const thousands = Math.round(n / 100) / 10;
  return thousands < 1000 ? `${oneDecimal.format(thousands)}k` : `${oneDecimal.format(Math.round(n / 100_000) / 10)}M`;
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
