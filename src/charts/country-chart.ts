/** Signatures by country as horizontal bars, the 15 countries with most first. */
import { type Html, html, messageText } from "../markup/html";
import {
  BLUE,
  type ChartLanguage,
  chartLanguage,
  clip,
  finite,
  HEIGHT,
  INK,
  MUTED,
  round,
  svg,
  text,
  WIDTH,
} from "./svg";

export interface CountryBar {
  country: string /* ISO alpha-2 or "XX" */;
  label: string /* display name, already localised */;
  count: number;
}

const MOST_BARS = 15;
const LABEL_CHARS = 22;

/** The chart in `locale`; the bars' labels are in it already. */
export function countryChartSvg(input: { title: string; bars: CountryBar[]; locale: string }): string {
  const language = chartLanguage(input.locale);
  const { words } = language;
  const bars = input.bars.slice(0, MOST_BARS).map((bar) => ({ ...bar, count: Math.max(0, finite(bar.count)) }));
  if (!bars.length) {
    const empty = text(WIDTH / 2, HEIGHT / 2 + 10, words.noSignatures, {
      "font-size": 14,
      fill: MUTED,
      "text-anchor": "middle",
    });
    return svg(input.title, words.noSignatures, [empty]);
  }
  const sum = bars.reduce((total, bar) => total + bar.count, 0);
  const desc = messageText(words.byCountry, {
    count: language.number(sum),
    country: bars[0]!.label,
    top: language.number(bars[0]!.count),
  });
  return svg(input.title, desc, barRows(bars, language));
}

function barRows(bars: CountryBar[], language: ChartLanguage): Html[] {
  // Rows share the space below the title; up to 15 still leave ~16 px each, enough for 11 px text.
  const top = 46;
  const rowHeight = Math.min(30, (HEIGHT - 10 - top) / bars.length);
  const barHeight = Math.min(18, rowHeight * 0.68);
  // The label column is as wide as the longest (clipped) label, ~0.6 em per character, so short names leave no gap.
  const fontSize = rowHeight >= 20 ? 12 : 11;
  const longest = Math.max(...bars.map((bar) => Array.from(clip(bar.label, LABEL_CHARS)).length));
  const labelX = round(16 + Math.max(4, longest) * fontSize * 0.6);
  const barX = labelX + 8;
  const widest = WIDTH - 24 - barX - 56;
  const most = Math.max(...bars.map((bar) => bar.count), 1);
  return bars.flatMap((bar, i) => {
    const middle = top + rowHeight * (i + 0.5);
    const baseline = middle + fontSize * 0.35;
    const width = round(Math.max((bar.count / most) * widest, bar.count > 0 ? 2 : 0));
    const title = language.counted(language.words.countrySignatures, bar.count, { country: bar.label });
    return [
      text(labelX, baseline, clip(bar.label, LABEL_CHARS), { "font-size": fontSize, fill: INK, "text-anchor": "end" }),
      html`<rect class="bar" data-country="${bar.country}" x="${barX}" y="${round(middle - barHeight / 2)}" width="${width}" height="${round(barHeight)}" rx="2" fill="${BLUE}"><title>${title}</title></rect>`,
      text(barX + width + 6, baseline, language.number(bar.count), { "font-size": fontSize, fill: MUTED }),
    ];
  });
}
