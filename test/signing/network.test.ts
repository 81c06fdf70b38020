import { describe, expect, it } from "vitest";
import { networkOf } from "../../src/signing/network";

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
