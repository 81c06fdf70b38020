/**
 * How the console writes figures (../english-figures.ts) and times for people ("4 Dec 2026, 07:30 UTC"), and reads
 * the times typed into its date-time inputs, which are UTC (each form says so).
 */

export { counted, number, percent } from "../english-figures";

const languageNames = new Intl.DisplayNames(["en"], { type: "language", fallback: "code" });

/** A language tag as the console names it: "Spanish (es)"; the tag alone when it is not one. */
export function languageName(tag: string): string {
  try {
    return `${languageNames.of(tag)} (${tag})`;
  } catch {
    return tag;
  }
}

const utcMinute = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: "UTC",
});

/** An instant from the API, to the minute in UTC; `none` when there is none. */
export function dateTime(iso: string | null, none = "never"): string {
  return iso ? `${utcMinute.format(new Date(iso))} UTC` : none;
}

/** What a datetime-local input sends: "2026-12-04T07:30", perhaps with seconds. */
const LOCAL_INPUT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/**
 * A datetime-local input's value read as UTC, as the API's ISO instant. Anything else is passed on as
 * typed, so the API's validation names the field.
 */
export function instantOfUtcInput(text: string): string {
  const typed = text.trim();
  const at = LOCAL_INPUT.test(typed) ? Date.parse(`${typed}Z`) : Number.NaN;
  return Number.isNaN(at) ? typed : new Date(at).toISOString();
}

/** An API instant as a datetime-local input's value in UTC: to the minute, or to the second when it has seconds. */
export function utcInputValue(iso: string | null): string {
  if (!iso) return "";
  const value = new Date(iso).toISOString().slice(0, 19);
  return value.endsWith(":00") ? value.slice(0, 16) : value;
}
