/**
 * The one way embed pages are written: the `html` tag escapes every value it interpolates with
 * escapeMarkup, unless the value is already Html (made by `html` itself or, for our own constant
 * CSS and scripts, by `trustedHtml`). Attribute values are always double-quoted.
 */
import { escapeMarkup } from "./escape";

export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

/** Booleans and nothing render as nothing, so `${condition && html`…`}` reads naturally. */
function render(value: HtmlValue): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === null || value === undefined || typeof value === "boolean") return "";
  return escapeMarkup(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  return new Html(strings.reduce((out, text, i) => out + render(values[i - 1]) + text));
}

/** Markup already escaped, one piece after another with `separator` between (e.g. a line each). */
export function joinHtml(parts: readonly Html[], separator: string): Html {
  return new Html(parts.map((part) => part.text).join(separator));
}

/** Only for constants written in this codebase (the pages' CSS and script): never for data. */
export function trustedHtml(text: string): Html {
  return new Html(text);
}

/** A message with {name} placeholders as HTML: the message's own text is escaped, values as `html` would. */
export function messageHtml(template: string, values: Record<string, HtmlValue>): Html {
  const parts = template.split(/\{(\w+)\}/);
  return new Html(parts.map((part, i) => (i % 2 === 1 ? render(values[part]) : escapeMarkup(part))).join(""));
}

/** A message with {name} placeholders as plain text, for URLs and attributes that `html` escapes later. */
export function messageText(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? "");
}
