import { describe, expect, it } from "vitest";
import { themeCss } from "../../src/embed/styles";

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
