/** Counts through Intl, each in one whole sentence per plural category. */
import { describe, expect, it } from "vitest";
import { formatNumber, pluralForm } from "../../src/i18n/format";
import { type Messages, messagesFor, type Plural } from "../../src/i18n/messages";
import { messageText } from "../../src/markup/html";

/** A catalogue's plural message for n, its {count} filled. */
const counted = (locale: string, pick: (m: Messages) => Plural, n: number, values: Record<string, string> = {}) =>
  messageText(pluralForm(locale, pick(messagesFor(locale)), n), { ...values, count: formatNumber(locale, n) });

describe("numbers", () => {
  it("groups French thousands with a narrow no-break space, as Intl does", () => {
    expect(formatNumber("fr", 12345)).toBe("12\u202f345");
    expect(counted("fr", (m) => m.charts.countrySignatures, 12345, { country: "France" })).toBe(
      "France\u00a0: 12\u202f345 signatures",
    );
  });

  it("groups Hindi by lakh and crore", () => {
    expect(formatNumber("hi", 1234567)).toBe("12,34,567");
    expect(counted("hi", (m) => m.thanksCount, 1234567)).toBe("अब तक 12,34,567 लोगों ने हस्ताक्षर किए हैं।");
  });
});

describe("plurals", () => {
  it("French: 0 and 1 are singular, whole millions take « de »", () => {
    const signatures = (n: number) => counted("fr", (m) => m.progress, n).split(" · ")[0];
    expect(signatures(0)).toBe("0 signature");
    expect(signatures(1)).toBe("1 signature");
    expect(signatures(2)).toBe("2 signatures");
    expect(signatures(12345)).toBe("12\u202f345 signatures");
    expect(signatures(1_000_000)).toBe("1\u202f000\u202f000 de signatures");
  });

  it("Arabic: all six categories, each its own sentence", () => {
    const thanks = (n: number) => counted("ar", (m) => m.thanksCount, n);
    expect(thanks(0)).toBe("لم يوقّع أحد حتى الآن."); // zero
    expect(thanks(1)).toBe("وقّع شخص واحد حتى الآن."); // one
    expect(thanks(2)).toBe("وقّع شخصان حتى الآن."); // two
    expect(thanks(3)).toBe("وقّع 3 أشخاص حتى الآن."); // few: 3–10
    expect(thanks(11)).toBe("وقّع 11 شخصًا حتى الآن."); // many: 11–99
    expect(thanks(100)).toBe("وقّع 100 شخص حتى الآن."); // other: 100–102, …
    expect(thanks(1_200)).toBe("وقّع 1,200 شخص حتى الآن."); // other
    expect(thanks(1_211)).toBe("وقّع 1,211 شخصًا حتى الآن."); // many again
  });

  it("Russian and Polish: one, few and many by the last digits", () => {
    const ru = (n: number) => counted("ru", (m) => m.charts.milestonesReached, n);
    expect([1, 2, 5, 21, 22, 25].map(ru)).toEqual([
      "Пройден 1 этап.",
      "Пройдено 2 этапа.",
      "Пройдено 5 этапов.",
      "Пройден 21 этап.",
      "Пройдено 22 этапа.",
      "Пройдено 25 этапов.",
    ]);
    const pl = (n: number) => counted("pl", (m) => m.thanksCount, n);
    expect([1, 3, 12, 24].map(pl)).toEqual([
      "Do tej pory podpisała 1 osoba.",
      "Do tej pory podpisały 3 osoby.",
      "Do tej pory podpisało 12 osób.",
      "Do tej pory podpisały 24 osoby.",
    ]);
  });
});
