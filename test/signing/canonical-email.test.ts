import { describe, expect, it } from "vitest";
import { canonicalEmail } from "../../src/signing/canonical-email";

describe("canonicalEmail", () => {
  it.each([
    ["  Alice@Example.ORG ", "alice@example.org"],
    ["alice+petitions@example.org", "alice@example.org"],
    ["alice+a+b@example.org", "alice@example.org"],
    ["a.l.i.c.e@example.org", "a.l.i.c.e@example.org"],
    ["A.Lice+x@Gmail.com", "alice@gmail.com"],
    ["a.lice@googlemail.com", "alice@gmail.com"],
    ["+tag@example.org", "+tag@example.org"],
    ["\tbob.smith@gmail.com\n", "bobsmith@gmail.com"],
  ])("%j -> %j", (input, expected) => {
    expect(canonicalEmail(input)).toBe(expected);
  });
});
