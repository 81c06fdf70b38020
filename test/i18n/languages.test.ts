import { describe, expect, it } from "vitest";
import { COUNTRY_CODES } from "../../src/countries";
import { countryLabel, countryNames } from "../../src/i18n/country-names";
import { acceptedLanguages, chooseLocale, textDirection } from "../../src/i18n/locale";
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

describe("chooseLocale", () => {
  it.each<[string, string | undefined, string[], string | undefined, string]>([
    ["a region does not matter", undefined, [], "pt-BR,pt;q=0.9", "pt"],
    ["Simplified Chinese by region", undefined, [], "zh-CN", "zh"],
    ["Simplified Chinese by script", undefined, [], "zh-Hans-SG", "zh"],
    ["plain zh is Simplified", undefined, [], "zh", "zh"],
    ["Traditional Chinese prefers another language the reader accepts", undefined, [], "zh-TW, en;q=0.8", "en"],
    ["…even one listed lower", undefined, [], "zh-Hant, ja;q=0.3", "ja"],
    ["…and gets Simplified when nothing else fits", undefined, [], "zh-HK, tlh;q=0.5", "zh"],
    ["…rather than the petition's other language", undefined, ["en", "zh"], "zh-TW", "zh"],
    ["…but not over the petition's languages it did not name", undefined, ["fr", "ru"], "zh-TW", "fr"],
    ["?lang= in Traditional gets Simplified, our nearest", "zh-Hant", [], "de", "zh"],
    ["Simplified readers never get a Traditional fallback", undefined, [], "zh-CN, es;q=0.1", "zh"],
    ["a malformed tag is skipped", undefined, [], "not a tag!!, uk;q=0.5", "uk"],
    ["old codes are canonicalised", "in", [], undefined, "id"],
    ["Persian", undefined, [], "fa-IR", "fa"],
    ["a petition's locale with a region", undefined, ["sw-KE", "en"], "sw", "sw"],
  ])("%s", (_, requested, petitionLocales, acceptLanguage, expected) => {
    expect(chooseLocale(requested, petitionLocales, acceptLanguage)).toBe(expected);
  });
});

describe("textDirection", () => {
  it("is right to left for Arabic, Persian, Hebrew and Urdu, whatever their region, and left to right otherwise", () => {
    for (const locale of ["ar", "ar-EG", "fa", "fa-AF", "he", "he-IL", "ur", "ur-PK"]) {
      expect(textDirection(locale), locale).toBe("rtl");
    }
    for (const locale of ["en", "zh", "zh-Hant", "ja", "hi", "ru", "tr", "sw"]) {
      expect(textDirection(locale), locale).toBe("ltr");
    }
    const rtl = Object.keys(CATALOGS).filter((locale) => textDirection(locale) === "rtl");
    expect(rtl.sort()).toEqual(["ar", "fa"]);
  });
});

describe("country names", () => {
  it("names every country in every language we speak: workerd's ICU has them", () => {
    for (const locale of Object.keys(CATALOGS)) {
      const names = new Map(countryNames(locale));
      expect(names.size, locale).toBe(COUNTRY_CODES.length);
      const unnamed = COUNTRY_CODES.filter((code) => names.get(code) === code);
      expect(unnamed, locale).toEqual([]);
      if (locale !== "en") expect(names.get("DE"), locale).not.toBe("Germany");
    }
    expect(countryLabel("DE", "sw")).toBe("Ujerumani");
    expect(countryLabel("XX", "fr")).toBe("Pays inconnu");
  });

  it("falls back to English names in a language the runtime has none for", () => {
    expect(countryLabel("DE", "yo")).toBe("Germany");
  });
});
