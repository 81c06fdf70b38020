import { describe, expect, it } from "vitest";
import { acceptedLanguages } from "../../src/i18n/locale";
import { CATALOGS } from "../../src/i18n/messages";

describe("acceptedLanguages", () => {
  it.each([
    [undefined, []],
    ["", []],
    ["fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", ["fr-CH", "fr", "en", "de"]],
    ["en;q=0.2, pt-BR", ["pt-BR", "en"]],
    ["es;q=0, ar", ["ar"]],
    ["de;q=0.5, fr;q=0.5", ["de", "fr"]],
  ])("%j -> %j", (header, expected) => {
    expect(acceptedLanguages(header)).toEqual(expected);
  });
});

describe("messages", () => {
  it("every language gives every string, and only Arabic reads right to left", () => {
    const keys = (catalog: object): string[] =>
      Object.entries(catalog).flatMap(([key, value]) =>
        typeof value === "object" ? keys(value).map((k) => `${key}.${k}`) : [key],
      );
    const english = keys(CATALOGS.en!).sort();
    for (const [language, catalog] of Object.entries(CATALOGS)) {
      expect(keys(catalog).sort(), language).toEqual(english);
      for (const value of Object.values(catalog)) expect(value, language).toBeTruthy();
      expect(catalog.dir, language).toBe(language === "ar" ? "rtl" : "ltr");
    }
    expect(Object.keys(CATALOGS).sort()).toEqual(["ar", "de", "en", "es", "fr", "pt"]);
  });
});
