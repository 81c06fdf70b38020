import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { app } from "../../functions/app";
import { RefusalMemory } from "../../src/ratelimit/refusal-memory";
import { signingLimits } from "../../src/ratelimit/signing-limits";
import {
  awaitRoomInTheMinute,
  createPetition,
  expectProblem,
  fixedWindowBinding,
  freshIp,
  signatureRows,
} from "../helpers/index";
import { bearer, createKey } from "../partners/helpers";

function limitsWith(perPetition: number, global: number) {
  const petitionBinding = fixedWindowBinding(perPetition);
  const globalBinding = fixedWindowBinding(global);
  const limits = signingLimits(
    {
      perPetition: { policy: { name: "petition", limit: perPetition, windowSeconds: 60 }, binding: petitionBinding },
      global: { policy: { name: "global", limit: global, windowSeconds: 60 }, binding: globalBinding },
    },
    new RefusalMemory(),
  );
  return { limits, calls: () => petitionBinding.calls + globalBinding.calls };
}

const MINUTE = 60_000;
/** 10 s into some minute. */
const T0 = Date.UTC(2026, 11, 4, 12, 0, 10);

afterEach(() => vi.useRealTimers());

describe("refusals remembered by the isolate", () => {
  it("answers a refused network from memory until the window resets, then asks the binding again", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: T0 });
    const { limits, calls } = limitsWith(2, 60);
    expect((await limits.check("net-a", "p", 1)).success).toBe(true);
    expect((await limits.check("net-a", "p", 1)).success).toBe(true);
    const refused = await limits.check("net-a", "p", 1);
    expect(refused).toMatchObject({ success: false, resetAt: T0 - 10_000 + MINUTE });
    expect(calls()).toBe(6);

    vi.setSystemTime(T0 - 10_000 + MINUTE - 1);
    expect((await limits.check("net-a", "p", 1)).success).toBe(false);
    expect(await limits.remembered(async () => "net-a", "p")).toMatchObject({ success: false });
    expect(calls()).toBe(6);

    // The binding's window has reset: it decides again, and allows.
    vi.setSystemTime(T0 - 10_000 + MINUTE);
    expect(await limits.remembered(async () => "net-a", "p")).toBeUndefined();
    expect((await limits.check("net-a", "p", 1)).success).toBe(true);
    expect(calls()).toBe(8);
  });

  it("keeps a per-petition refusal to its petition, and a cross-petition refusal to every petition", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: T0 });
    const { limits, calls } = limitsWith(2, 5);
    for (let i = 0; i < 3; i++) await limits.check("net-b", "one", 1);
    expect(await limits.remembered(async () => "net-b", "one")).toMatchObject({ success: false });
    // Another petition is the binding's to decide (the memory knows nothing of it), and it allows.
    expect(await limits.remembered(async () => "net-b", "two")).toBeUndefined();
    expect((await limits.check("net-b", "two", 1)).success).toBe(true);
    expect((await limits.check("net-b", "two", 1)).success).toBe(true);
    // That was the 5th across petitions: the 6th is refused by the global limit, then everywhere from memory.
    expect((await limits.check("net-b", "three", 1)).success).toBe(false);
    const asked = calls();
    for (const slug of ["one", "two", "three", "four"]) {
      expect(await limits.remembered(async () => "net-b", slug)).toMatchObject({ success: false, limit: 5 });
      expect((await limits.check("net-b", slug, 1)).success).toBe(false);
    }
    expect(calls()).toBe(asked);
    // Another network is not affected.
    expect((await limits.check("net-c", "one", 1)).success).toBe(true);
  });

  it("never allows more than the limits do: a network refused from memory still signs at most the global limit", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: T0 });
    const { limits } = limitsWith(3, 7);
    let allowed = 0;
    for (let i = 0; i < 40; i++) if ((await limits.check("net-d", `p${i % 4}`, 1)).success) allowed += 1;
    expect(allowed).toBe(7);
  });

  it("the hash of the network is not even computed while nothing is remembered", async () => {
    const { limits } = limitsWith(2, 60);
    const networkHash = vi.fn(async () => "net-e");
    expect(await limits.remembered(networkHash, "p")).toBeUndefined();
    expect(networkHash).not.toHaveBeenCalled();
  });
});

/** The route's bindings, each call counted. */
function countedBindings() {
  let calls = 0;
  const counted = (binding: RateLimit): RateLimit =>
    ({
      limit: (options: RateLimitOptions) => {
        calls += 1;
        return binding.limit(options);
      },
    }) as RateLimit;
  const bindings = {
    SIGN_LIMIT_PETITION: counted(env.SIGN_LIMIT_PETITION),
    SIGN_LIMIT_GLOBAL: counted(env.SIGN_LIMIT_GLOBAL),
  };
  return { bindings, calls: () => calls };
}

async function post(
  slug: string,
  body: string,
  ip: string,
  overrides: Partial<Env>,
  headers: Record<string, string> = {},
): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.request(
    `/v1/petitions/${slug}/signatures`,
    { method: "POST", headers: { "Content-Type": "application/json", "cf-connecting-ip": ip, ...headers }, body },
    { ...env, ...overrides },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

describe("the sign route refuses a network over its limit cheaply", { timeout: 30_000 }, () => {
  it("once the binding refused it: no body read, no binding call, until the window resets", async () => {
    const petition = await createPetition();
    const { bindings, calls } = countedBindings();
    const ip = freshIp();
    const body = (i: number) => JSON.stringify({ email: `cheap${i}@example.org`, name: "C" });
    await awaitRoomInTheMinute();
    for (let i = 0; i < 20; i++) expect((await post(petition.slug, body(i), ip, bindings)).status).toBe(201);
    await expectProblem(await post(petition.slug, body(20), ip, bindings), 429);
    const asked = calls();

    // A body too large (413 otherwise) and one that is not JSON (400 otherwise): refused before either is read.
    const tooLarge = await post(petition.slug, "x".repeat(20_000), ip, bindings);
    const refused = await expectProblem(tooLarge, 429);
    expect(refused.type).toBe("/problems/rate-limited");
    expect(Number(tooLarge.headers.get("retry-after"))).toBeGreaterThan(0);
    // Until the binding's window resets (the end of this minute), not a whole window from now.
    const secondsLeft = Math.ceil((60_000 - (Date.now() % 60_000)) / 1000);
    expect(Number(tooLarge.headers.get("retry-after"))).toBeLessThanOrEqual(secondsLeft + 1);
    await expectProblem(await post(petition.slug, "{not json", ip, bindings), 429);
    await expectProblem(await post(petition.slug, body(21), ip, bindings), 429);
    expect(calls()).toBe(asked);
    expect(await signatureRows(petition.slug)).toHaveLength(20);

    // Another petition is still the binding's to decide: the network is under its limit there.
    const other = await createPetition();
    expect((await post(other.slug, body(22), ip, bindings)).status).toBe(201);
  });

  it("a partner key signing from a network refused in memory is held to its key's own limits only", async () => {
    const petition = await createPetition();
    const ip = freshIp();
    await awaitRoomInTheMinute();
    for (let i = 0; i < 21; i++)
      await post(petition.slug, JSON.stringify({ email: `pub${i}@example.org`, name: "P" }), ip, {});
    await expectProblem(
      await post(petition.slug, JSON.stringify({ email: "pub-last@example.org", name: "P" }), ip, {}),
      429,
    );

    const key = await createKey({ rate_limit_per_minute: 2 });
    const keyed = (i: number) =>
      post(petition.slug, JSON.stringify({ email: `keyed${i}@example.org`, name: "K" }), ip, {}, bearer(key));
    expect((await keyed(1)).status).toBe(201);
    expect((await keyed(2)).status).toBe(201);
    await expectProblem(await keyed(3), 429);
  });
});
