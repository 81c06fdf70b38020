import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { KEY_CACHE_MS, liveKeyFor } from "../../src/partners/key-lookup";
import { ADMIN, call, createPetition, expectProblem, recordConsole, signatureRows, signJson } from "../helpers";
import { runCron } from "../helpers/tally";
import { bearer, createKey, osdiToken, signWithKey } from "./helpers";

const signer = (i: number) => ({ email: `partner-signer-${i}@example.org`, name: "Ada" });

async function auditOf(id: string): Promise<string[]> {
  const { results } = await env.DB.prepare(`SELECT action FROM audit_events WHERE subject = ? ORDER BY id`)
    .bind(id)
    .all<{ action: string }>();
  return results.map((row) => row.action);
}

afterEach(() => vi.restoreAllMocks());

describe("partner API keys", () => {
  it("creates a key whose secret is shown once and stored only as a keyed hash", async () => {
    const petition = await createPetition();
    const key = await createKey({ name: "Rede Norte", petitions: [petition.slug], rate_limit_per_minute: 50 });
    expect(key).toMatchObject({
      id: expect.stringMatching(/^key_[A-Za-z0-9_-]{12}$/),
      name: "Rede Norte",
      petitions: [petition.slug],
      scopes: ["signatures:write", "signatures:read"],
      rate_limit_per_minute: 50,
      secret: expect.stringMatching(/^pe_[A-Za-z0-9_-]{43}$/),
    });
    const listed = await call("/v1/admin/api-keys", { headers: ADMIN });
    const text = await listed.text();
    expect(text).not.toContain(key.secret);
    const entry = JSON.parse(text).api_keys.find((k: { id: string }) => k.id === key.id);
    expect(entry).toMatchObject({ name: "Rede Norte", revoked_at: null, last_used_at: null, signatures: 0 });
    expect(entry).not.toHaveProperty("secret");
    const stored = await env.DB.prepare(`SELECT * FROM api_keys WHERE id = ?`).bind(key.id).first();
    expect(JSON.stringify(stored)).not.toContain(key.secret);
    expect(await auditOf(key.id)).toEqual(["api-key.created"]);
  });

  it("refuses bad requests to create one, with the field named, and stores nothing", async () => {
    const before = await env.DB.prepare(`SELECT count(*) AS n FROM api_keys`).first<number>("n");
    const post = (body: unknown, headers: Record<string, string> = ADMIN) =>
      call("/v1/admin/api-keys", {
        method: "POST",
        headers: { ...headers, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    await expectProblem(await post({ name: "x", scopes: ["signatures:write"] }, {}), 401);
    const unknownPetition = await expectProblem(
      await post({ name: "x", scopes: ["signatures:write"], petitions: ["no-such-petition"] }),
      422,
    );
    expect(unknownPetition.errors).toEqual([{ path: "petitions.0", message: 'No petition "no-such-petition"' }]);
    const badScope = await expectProblem(await post({ name: "x", scopes: ["everything"] }), 422);
    expect(badScope.errors[0].path).toBe("scopes.0");
    const badLimit = await expectProblem(
      await post({ name: "x", scopes: ["signatures:write"], rate_limit_per_minute: 0 }),
      422,
    );
    expect(badLimit.errors[0].path).toBe("rate_limit_per_minute");
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM api_keys`).first<number>("n")).toBe(before);
  });

  it("signs under the key's limits, not the network's, and records the key", async () => {
    const petition = await createPetition();
    const key = await createKey({ rate_limit_per_minute: 30 });
    // One partner server, one network: more than the per-network limit (20 a minute) in one minute.
    for (let i = 0; i < 25; i++) {
      const res = await signWithKey(petition.slug, signer(i), i % 2 ? bearer(key) : osdiToken(key));
      expect(res.status, await res.clone().text()).toBe(201);
      expect(res.headers.get("RateLimit-Policy")).toBe('"signing";q=30;w=60');
    }
    const rows = await signatureRows(petition.slug);
    expect(rows).toHaveLength(25);
    expect(new Set(rows.map((row) => row.api_key_id))).toEqual(new Set([key.id]));
  });

  it("answers 429 past the key's own limit, counting a key across petitions", async () => {
    const [a, b] = await Promise.all([createPetition(), createPetition()]);
    const key = await createKey({ rate_limit_per_minute: 3 });
    for (let i = 0; i < 3; i++)
      expect((await signWithKey(i ? a.slug : b.slug, signer(i), bearer(key))).status).toBe(201);
    const refused = await expectProblem(await signWithKey(a.slug, signer(9), bearer(key)), 429);
    expect(refused.type).toBe("/problems/rate-limited");
    expect((await signatureRows(a.slug)).map((row) => row.email)).not.toContain("partner-signer-9@example.org");
  });

  it("refuses wrong, out-of-scope and out-of-petition keys before storing anything", async () => {
    const [mine, other] = await Promise.all([createPetition(), createPetition()]);
    const readOnly = await createKey({ scopes: ["signatures:read"] });
    const onlyOther = await createKey({ petitions: [other.slug] });
    const wrong = await expectProblem(
      await signWithKey(mine.slug, signer(1), { Authorization: "Bearer pe_not-a-key" }),
      401,
    );
    expect(wrong.type).toBe("/problems/invalid-api-key");
    await expectProblem(await signWithKey(mine.slug, signer(1), { "OSDI-API-Token": "pe_not-a-key" }), 401);
    const scope = await expectProblem(await signWithKey(mine.slug, signer(2), bearer(readOnly)), 403);
    expect(scope.detail).toContain("signatures:write");
    const elsewhere = await expectProblem(await signWithKey(mine.slug, signer(3), bearer(onlyOther)), 403);
    expect(elsewhere.detail).toContain(mine.slug);
    expect(await signatureRows(mine.slug)).toEqual([]);
  });

  it("is refused at once where it was revoked, and everywhere within KEY_CACHE_MS (under 10 s)", async () => {
    const petition = await createPetition();
    const key = await createKey();
    expect((await signWithKey(petition.slug, signer(1), bearer(key))).status).toBe(201);
    expect((await call(`/v1/admin/api-keys/${key.id}`, { method: "DELETE", headers: ADMIN })).status).toBe(204);
    expect((await call(`/v1/admin/api-keys/${key.id}`, { method: "DELETE", headers: ADMIN })).status).toBe(204);
    await expectProblem(await signWithKey(petition.slug, signer(2), bearer(key)), 401);
    expect(await signatureRows(petition.slug)).toHaveLength(1);
    await expectProblem(await call(`/v1/admin/api-keys/key_AAAAAAAAAAAA`, { method: "DELETE", headers: ADMIN }), 404);
    const actions = await auditOf(key.id);
    expect(actions).toEqual(["api-key.created", "api-key.used", "api-key.revoked"]);
  });

  it("another isolate's cached key lapses within KEY_CACHE_MS of a revocation", async () => {
    expect(KEY_CACHE_MS).toBeLessThan(10_000);
    const key = await createKey();
    const t = Date.now() + 60_000;
    expect(await liveKeyFor(env.DB, env.HASH_KEY!, key.secret, t)).toMatchObject({ id: key.id });
    // Revoked behind this cache's back, as by another isolate.
    await env.DB.prepare(`UPDATE api_keys SET revoked_at = ? WHERE id = ?`).bind(t, key.id).run();
    expect(await liveKeyFor(env.DB, env.HASH_KEY!, key.secret, t + KEY_CACHE_MS - 1)).toMatchObject({ id: key.id });
    expect(await liveKeyFor(env.DB, env.HASH_KEY!, key.secret, t + KEY_CACHE_MS)).toBeNull();
  });

  it("asks key holders for no Turnstile challenge (a server cannot answer one)", async () => {
    const petition = await createPetition({ turnstile_site_key: "0x4AAAAAAAtest" });
    const key = await createKey();
    expect((await signJson(petition.slug, signer(1))).status).toBe(422);
    expect((await signWithKey(petition.slug, signer(1), bearer(key))).status).toBe(201);
  });

  it("takes the admin token as the owner's key: unlimited, attributed to no partner", async () => {
    const petition = await createPetition();
    for (let i = 0; i < 22; i++) {
      const res = await signWithKey(petition.slug, signer(i), ADMIN);
      expect(res.status).toBe(201);
      expect(res.headers.get("RateLimit-Policy")).toBeNull();
    }
    expect(new Set((await signatureRows(petition.slug)).map((row) => row.api_key_id))).toEqual(new Set([null]));
  });

  it("counts a key's signatures by attribution once the tally has run", async () => {
    const petition = await createPetition();
    const key = await createKey();
    for (let i = 0; i < 3; i++)
      expect((await signWithKey(petition.slug, { ...signer(i), source: "rally" }, bearer(key))).status).toBe(201);
    expect((await signJson(petition.slug, { ...signer(7), source: "rally" })).status).toBe(201);
    await runCron();
    const sources = await (await call(`/v1/petitions/${petition.slug}/sources`, { headers: ADMIN })).json();
    expect(sources).toEqual({
      sources: [
        { source: "rally", api_key_id: key.id, count: 3 },
        { source: "rally", api_key_id: null, count: 1 },
      ],
    });
    const listed = await (await call("/v1/admin/api-keys", { headers: ADMIN })).json<{ api_keys: any[] }>();
    expect(listed.api_keys.find((k) => k.id === key.id)).toMatchObject({
      signatures: 3,
      last_used_at: expect.any(String),
    });
  });

  it("never writes a secret or a signer's address to the log", async () => {
    const logged = recordConsole();
    const petition = await createPetition();
    const key = await createKey();
    await signWithKey(petition.slug, signer(1), bearer(key));
    await signWithKey(petition.slug, signer(2), { Authorization: `Bearer ${key.secret}x` });
    await runCron();
    const text = logged.join("\n");
    expect(text).not.toContain(key.secret);
    expect(text).not.toContain("partner-signer-1@example.org");
  });
});
