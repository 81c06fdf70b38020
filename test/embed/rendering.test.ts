import { describe, expect, it } from "vitest";
import { frameAncestors, messageTargets } from "../../src/embed/framing";
import { themeCss } from "../../src/embed/styles";
import { acceptedLanguages } from "../../src/i18n/locale";
import { CATALOGS } from "../../src/i18n/messages";
import { escapeMarkup } from "../../src/markup/escape";
import { html, messageHtml, trustedHtml } from "../../src/markup/html";

describe("html", () => {
  it("escapes every interpolated value once, and leaves Html as it is", () => {
    expect(escapeMarkup(`<a href="x" title='y'>&</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
    );
    const name = `"><script>alert(1)</script>`;
    const fragment = html`<input value="${name}">`;
    expect(fragment.text).toBe(`<input value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">`);
    expect(html`<p>${fragment}</p>`.text).toBe(`<p>${fragment.text}</p>`);
    expect(html`<ul>${["<a>", 2].map((item) => html`<li>${item}</li>`)}</ul>`.text).toBe(
      "<ul><li>&lt;a&gt;</li><li>2</li></ul>",
    );
    expect(html`<p${false && html` hidden`}${null}${undefined}></p>`.text).toBe("<p></p>");
    expect(html`<style>${trustedHtml(`a{font-family:"x"}`)}</style>`.text).toBe(`<style>a{font-family:"x"}</style>`);
  });

  it("fills message placeholders: the message's text escaped, Html values kept", () => {
    const count = html`<strong data-count>${"1<2"}</strong>`;
    expect(messageHtml("Signed & counted: {count}", { count }).text).toBe(
      "Signed &amp; counted: <strong data-count>1&lt;2</strong>",
    );
    expect(messageHtml("{missing} stays empty", {}).text).toBe(" stays empty");
  });
});

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

describe("framing", () => {
  it("the petition's embed_origins, else the configured default", () => {
    expect(frameAncestors(["https://a.example"], "*")).toEqual(["https://a.example"]);
    expect(frameAncestors([], "*")).toEqual(["*"]);
    expect(frameAncestors([], " https://a.example  https://*.b.example ")).toEqual([
      "https://a.example",
      "https://*.b.example",
    ]);
    expect(frameAncestors([], "")).toEqual([]);
  });

  it("events go to the declared parent only if it may frame the page, else to each concrete origin allowed", () => {
    expect(messageTargets(["*"], "https://a.example")).toEqual(["https://a.example"]);
    expect(messageTargets(["https://a.example"], "https://a.example")).toEqual(["https://a.example"]);
    expect(messageTargets(["https://a.example"], "https://evil.example")).toEqual([]);
    expect(messageTargets(["*"], undefined)).toEqual([]);
    expect(messageTargets(["https://a.example", "https://*.b.example", "'self'"], undefined)).toEqual([
      "https://a.example",
    ]);
  });
});

describe("themeCss", () => {
  it("puts white text on a dark accent and dark text (and a dark focus ring) on a light one", () => {
    expect(themeCss("#0b3d91")).toBe(":root{--accent:#0b3d91;--on-accent:#fff;--focus:#0b3d91}");
    expect(themeCss("#ffd43b")).toBe(":root{--accent:#ffd43b;--on-accent:#1a1a1a;--focus:#1a1a1a}");
    expect(themeCss("#fff")).toBe(":root{--accent:#fff;--on-accent:#1a1a1a;--focus:#1a1a1a}");
  });

  // WCAG 2.x relative luminance and contrast, written out here so the test does not trust the code it checks.
  const channel = (byte: number) => {
    const c = byte / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = (hex: string) => {
    const full = hex.length === 4 ? `#${[...hex.slice(1)].map((d) => d + d).join("")}` : hex;
    const [r, g, b] = [1, 3, 5].map((at) => channel(Number.parseInt(full.slice(at, at + 2), 16)));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const contrast = (a: string, b: string) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi! + 0.05) / (lo! + 0.05);
  };
  const buttonText = (accent: string) => themeCss(accent).match(/--on-accent:(#[0-9a-f]+)/)![1]!;

  it("button text reaches 4.5:1 on the accents where white falls short, with black", () => {
    for (const accent of ["#1c7ed6", "#2b8a3e", "#d9480f", "#808080"]) {
      expect(contrast("#fff", accent)).toBeLessThan(4.5);
      expect(contrast(buttonText(accent), accent), accent).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("button text reaches 4.5:1 on every accent of a sweep over the colour cube", () => {
    const steps = [..."0123456789abcdef"];
    for (const r of steps)
      for (const g of steps)
        for (const b of steps) {
          const accent = `#${r}${g}${b}`;
          expect(contrast(buttonText(accent), accent), accent).toBeGreaterThanOrEqual(4.5);
        }
  });
});
