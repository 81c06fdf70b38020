import { describe, expect, it } from "vitest";
import { keyedHash } from "../../src/crypto/keyed-hash";
import { canonicalEmail } from "../../src/signing/canonical-email";
import { networkOf } from "../../src/signing/network";

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

describe("networkOf", () => {
  it.each([
    ["203.0.113.77", "203.0.113.0/24"],
    ["::ffff:203.0.113.77", "203.0.113.0/24"],
    ["2001:db8:85a3:1234:8a2e:370:7334:1", "2001:db8:85a3:1234::/64"],
    ["2001:DB8::1", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    [undefined, "unknown"],
    ["not-an-ip", "unknown"],
    ["1:2:3", "unknown"],
  ])("%j -> %j", (input, expected) => {
    expect(networkOf(input)).toBe(expected);
  });
});

describe("keyedHash", () => {
  it("depends on the key and the purpose, and never shows the value", async () => {
    const a = await keyedHash("k1", "email", "alice@example.org");
    expect(a).toBe(await keyedHash("k1", "email", "alice@example.org"));
    expect(a).not.toBe(await keyedHash("k2", "email", "alice@example.org"));
    expect(a).not.toBe(await keyedHash("k1", "network", "alice@example.org"));
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toContain("alice");
  });
});
