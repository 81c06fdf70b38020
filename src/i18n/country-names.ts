/** Country names in the page's language: the sign form's list, and the charts' labels. */
import { COUNTRY_CODES, countryName, UNKNOWN_COUNTRY } from "../countries";
import { messagesFor } from "./messages";

const byLocale = new Map<string, readonly (readonly [code: string, name: string])[]>();

/** The country list of the sign form, in the page's language and its alphabetical order. */
export function countryNames(locale: string): readonly (readonly [code: string, name: string])[] {
  let names = byLocale.get(locale);
  if (!names) {
    const collator = new Intl.Collator(locale);
    names = COUNTRY_CODES.map((code) => [code, countryName(code, locale)] as const).sort((a, b) =>
      collator.compare(a[1], b[1]),
    );
    byLocale.set(locale, names);
  }
  return names;
}

/** A tally's country (XX where nobody knew it) as the charts name it. */
export function countryLabel(code: string, locale: string): string {
  return code === UNKNOWN_COUNTRY ? messagesFor(locale).charts.unknownCountry : countryName(code, locale);
}
