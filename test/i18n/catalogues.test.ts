/**
 * Every language gives every message, with the placeholders English has, in every plural form the
 * language has (no more), and in its own words: a value the same as English only where the short
 * list below says why.
 */
import { describe, expect, it } from "vitest";
import { CATALOGS, type Messages, type Plural } from "../../src/i18n/messages";

const PLURAL_CATEGORIES = new Set(["zero", "one", "two", "few", "many", "other"]);
const isPlural = (value: object): value is Plural =>
  "other" in value && Object.keys(value).every((key) => PLURAL_CATEGORIES.has(key));

/** Every message by its path ("confirmation.body"): a string or a plural message. */
function messages(catalog: Messages): Map<string, string | Plural> {
  const found = new Map<string, string | Plural>();
  const walk = (node: object, prefix: string) => {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === "string" || isPlural(value)) found.set(prefix + key, value);
      else walk(value, `${prefix}${key}.`);
    }
  };
  walk(catalog, "");
  return found;
}

const placeholders = (text: string) => [...new Set(Array.from(text.matchAll(/\{(\w+)\}/g), (m) => m[1]))].sort();

/** Values that may be the same as English, and where. */
const SAME_AS_ENGLISH: Record<string, readonly string[]> = {
  // An address is written in Latin letters whatever the page's script.
  emailExample: ["ar", "fa", "hi", "ja", "ko", "ru", "uk", "zh"],
  // The same word in German.
  optional: ["de"],
};

/** Plural categories that hold a single whole number (Arabic's zero, one and two) may say it in words. */
function singleNumberCategories(locale: string): Set<string> {
  const rules = new Intl.PluralRules(locale);
  const counts = new Map<string, number>();
  for (let n = 0; n <= 1000; n++) counts.set(rules.select(n), (counts.get(rules.select(n)) ?? 0) + 1);
  return new Set([...counts].filter(([, count]) => count === 1).map(([category]) => category));
}

const english = messages(CATALOGS.en!);

describe("the catalogues", () => {
  it("speak at least the fourteen languages campaigns asked for", () => {
    const required = ["en", "es", "fr", "pt", "de", "ar", "ru", "tr", "id", "sw", "hi", "zh", "it", "pl"];
    expect(Object.keys(CATALOGS)).toEqual(expect.arrayContaining(required));
  });

  describe.each(Object.keys(CATALOGS))("%s", (locale) => {
    const catalog = messages(CATALOGS[locale]!);
    const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    const wordless = singleNumberCategories(locale);

    it("gives every message English has, and no other", () => {
      expect([...catalog.keys()].sort()).toEqual([...english.keys()].sort());
    });

    it("keeps English's placeholders, and gives each plural message exactly the language's categories", () => {
      for (const [path, value] of catalog) {
        const source = english.get(path)!;
        if (typeof source === "string") {
          expect(typeof value, path).toBe("string");
          expect(placeholders(value as string), path).toEqual(placeholders(source));
          continue;
        }
        expect(typeof value, path).toBe("object");
        expect(Object.keys(value).sort(), path).toEqual([...categories].sort());
        for (const [category, form] of Object.entries(value as Plural)) {
          const expected = placeholders(source.other).filter((name) => name !== "count" || !wordless.has(category));
          const found = placeholders(form).filter((name) => name !== "count" || !wordless.has(category));
          expect(found, `${path}.${category}`).toEqual(expected);
        }
      }
    });

    it("says everything in its own words, trimmed", () => {
      if (locale === "en") return;
      for (const [path, value] of catalog) {
        const source = english.get(path)!;
        const pairs: [string, string][] =
          typeof value === "string"
            ? [[value, source as string]]
            : Object.entries(value as Plural).map(([category, form]) => [
                form,
                (source as Plural)[category as keyof Plural] ?? (source as Plural).other,
              ]);
        for (const [text, englishText] of pairs) {
          expect(text.trim(), path).toBe(text);
          expect(text, path).not.toBe("");
          if (!SAME_AS_ENGLISH[path]?.includes(locale))
            expect(text, `${locale} ${path} is English`).not.toBe(englishText);
        }
      }
    });
  });
});
