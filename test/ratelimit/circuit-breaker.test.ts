import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { bindingRateLimiter } from "../../src/ratelimit/binding";
import { CircuitBreaker } from "../../src/ratelimit/circuit-breaker";
import { upstashRateLimiter } from "../../src/ratelimit/upstash";

describe("the Upstash circuit breaker", () => {
  it("opens after three failures in a row, lets one probe through per cool-down, and closes on success", () => {
    let now = 0;
    const breaker = new CircuitBreaker(3, 5000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(breaker.allows()).toBe(true);
      breaker.failed();
    }
    expect(breaker.allows()).toBe(false);
    now = 4999;
    expect(breaker.allows()).toBe(false);
    now = 5000;
    expect(breaker.allows()).toBe(true); // the probe
    expect(breaker.allows()).toBe(false); // and only one
    breaker.failed();
    now = 10_000;
    expect(breaker.allows()).toBe(true);
    breaker.succeeded();
    expect(breaker.allows()).toBe(true);
    expect(breaker.allows()).toBe(true);
  });

  it("stops asking a hung Upstash after three timeouts: later signers go straight to the binding", async () => {
    const prefix = `/breaker-${crypto.randomUUID()}`;
    const config = { url: `${env.TEST_BLACKHOLE_URL}${prefix}`, token: "t", timeoutMs: 50 };
    const policy = { name: "breaker-test", limit: 5, windowSeconds: 60 };
    const limiter = upstashRateLimiter(config, policy, bindingRateLimiter(env.SIGN_LIMIT_GLOBAL, policy));
    const outcomes = [];
    for (let i = 0; i < 8; i++) outcomes.push(await limiter.limit(`key-${i}`));
    expect(outcomes.every((o) => o.backend === "binding" && o.success)).toBe(true);
    const asked = Number(await (await fetch(`${env.TEST_BLACKHOLE_URL}/__count?prefix=${prefix}`)).text());
    expect(asked).toBe(3);
  });
});
