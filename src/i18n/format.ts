/**
 * Numbers and plurals in a language's own way, through Intl: "12 345" in French (a narrow no-break
 * space), "12,34,567" in Hindi, six plural categories in Arabic. The formatters are built once per
 * locale and isolate.
 */
import type { Plural } from "./messages/types";

interface LocaleFormats {
  number: Intl.NumberFormat;
  plural: Intl.PluralRules;
}

const byLocale = new Map<string, LocaleFormats>();

function formatsFor(locale: string): LocaleFormats {
  let formats = byLocale.get(locale);
  if (!formats) {
    formats = { number: new Intl.NumberFormat(locale), plural: new Intl.PluralRules(locale) };
    byLocale.set(locale, formats);
  }
  return formats;
}

export function formatNumber(locale: string, n: number): string {
  return formatsFor(locale).number.format(n);
}

/** The sentence a plural message has for `n`; its placeholders are still to fill ({count} among them). */
export function pluralForm(locale: string, message: Plural, n: number): string {
  return message[formatsFor(locale).plural.select(n)] ?? message.other;
}
