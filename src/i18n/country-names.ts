/** The country list of the sign form, in the page's language and its alphabetical order. */
import { COUNTRY_CODES, countryName } from "../countries";

const byLocale = new Map<string, readonly (readonly [code: string, name: string])[]>();

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
