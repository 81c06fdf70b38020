import { describe, expect, it } from "vitest";
import { frameAncestors, messageTargets } from "../../src/embed/framing";

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
