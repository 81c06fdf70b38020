import { describe, expect, it } from "vitest";
import { keyedHash } from "../../src/crypto/keyed-hash";

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
