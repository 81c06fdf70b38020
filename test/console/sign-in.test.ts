import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { generateKeyPair, importJWK, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { app } from "../../functions/app";
import { accessConfig } from "../../functions/config";
import { FORM, post, SAME_ORIGIN, session, signIn } from "../helpers/console";
import { tagWithId } from "../helpers/html";
import { awaitRoomInTheMinute, call, expectProblem, freshIp, ORIGIN, uniqueSlug } from "../helpers/index";

describe("console sign-in with the admin token", () => {
  it("sends a visitor without a session to the sign-in form", async () => {
    const res = await call("/admin", { redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/sign-in");
    const form = await call("/admin/sign-in");
    expect(form.status).toBe(200);
    const page = await form.text();
    expect(tagWithId(page, "token")).toContain('type="password"');
    expect(form.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("refuses a wrong token, sets no cookie", async () => {
    const res = await signIn("not-the-token");
    expect(res.status).toBe(401);
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(tagWithId(await res.text(), "token")).toContain('aria-invalid="true"');
  });

  it("limits attempts per network before comparing: the 11th in a minute is refused, even with the right token", {
    timeout: 30_000,
  }, async () => {
    const ip = freshIp();
    await awaitRoomInTheMinute();
    for (let i = 0; i < 10; i++) expect((await signIn(`guess-${i}`, ip)).status).toBe(401);
    const refused = await signIn("test-admin-token", ip);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("60");
    expect(refused.headers.get("set-cookie")).toBeNull();
    expect(await refused.text()).toContain('id="token-error">Too many sign-in attempts from your network.');
    // Another network signs in as usual.
    expect((await signIn("test-admin-token", freshIp())).status).toBe(303);
  });

  it("sets a signed, expiring HttpOnly; Secure; SameSite=Strict session cookie for the right token", async () => {
    const res = await signIn();
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin");
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^__Host-console-session=[^;]+; Max-Age=28800; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    const value = decodeURIComponent(cookie.split(";")[0]!.split("=").slice(1).join("="));
    expect(value).not.toContain("test-admin-token");
    const listed = await call("/admin", { headers: { cookie: cookie.split(";")[0]! } });
    expect(listed.status).toBe(200);
  });

  it("does not take a tampered or forged cookie", async () => {
    const { cookie } = await session();
    const [name, value] = [cookie.split("=")[0]!, decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1))];
    const [payload, signature] = [value.slice(0, value.lastIndexOf(".")), value.slice(value.lastIndexOf(".") + 1)];
    const expiry = Number(payload.split(".")[0]);
    const extended = `${expiry + 86_400_000}.${payload.split(".")[1]}.${signature}`;
    for (const forged of [`${name}=${encodeURIComponent(extended)}`, `${name}=${Date.now() + 1e9}.abc.def`]) {
      const res = await call("/admin", { headers: { cookie: forged }, redirect: "manual" });
      expect(res.status).toBe(303);
    }
  });

  it("fails closed without ADMIN_TOKEN, like the API", async () => {
    const ctx = createExecutionContext();
    const res = await app.request("/admin/sign-in", {}, { ...env, ADMIN_TOKEN: "" }, ctx);
    await expectProblem(res, 503);
    const posted = await app.request(
      "/admin/sign-in",
      { method: "POST", headers: FORM, body: new URLSearchParams({ token: "" }) },
      { ...env, ADMIN_TOKEN: "" },
      ctx,
    );
    await expectProblem(posted, 503);
    await waitOnExecutionContext(ctx);
  });

  it("answers a malformed sign-in body with 400 and an oversized one with 413, before reading it all", async () => {
    const garbage = await call("/admin/sign-in", {
      method: "POST",
      headers: { ...SAME_ORIGIN, "Content-Type": "multipart/form-data; boundary=x" },
      body: "garbage",
    });
    expect((await expectProblem(garbage, 400)).type).toBe("/problems/malformed-body");
    const huge = await call("/admin/sign-in", {
      method: "POST",
      headers: FORM,
      body: `token=${"a".repeat(100 * 1024)}`,
    });
    await expectProblem(huge, 413);
  });

  it("signs out: the cookie is cleared, a copy of it no longer works, and other sessions go on", async () => {
    const { cookie, csrf } = await session();
    const other = await session();
    const res = await post("/admin/sign-out", cookie, { csrf });
    expect(res.status).toBe(303);
    expect(res.headers.get("set-cookie")).toMatch(/^__Host-console-session=; Max-Age=0/);

    const copied = await call("/admin", { headers: { cookie }, redirect: "manual" });
    expect(copied.status).toBe(303);
    expect(copied.headers.get("location")).toBe("/admin/sign-in");
    const change = await post("/admin/new", cookie, { csrf, slug: uniqueSlug("after-sign-out") });
    await expectProblem(change, 401);
    expect((await call("/admin", { headers: { cookie: other.cookie } })).status).toBe(200);
  });
});

describe("console behind Cloudflare Access", () => {
  const AUDIENCE = "test-access-aud";
  const accessEnv = { ...env, ACCESS_TEAM_DOMAIN: env.TEST_ACCESS_TEAM_URL, ACCESS_AUD: AUDIENCE };

  async function accessJwt(
    over: { audience?: string; expires?: number | string; key?: CryptoKey; issuer?: string } = {},
  ): Promise<string> {
    const key = over.key ?? ((await importJWK(JSON.parse(env.TEST_ACCESS_PRIVATE_JWK), "RS256")) as CryptoKey);
    return new SignJWT({ email: "organiser@example.org" })
      .setProtectedHeader({ alg: "RS256", kid: env.TEST_ACCESS_KEY_ID })
      .setIssuer(over.issuer ?? env.TEST_ACCESS_TEAM_URL)
      .setAudience(over.audience ?? AUDIENCE)
      .setSubject("user-1")
      .setIssuedAt()
      .setExpirationTime(over.expires ?? "10m")
      .sign(key);
  }

  async function withAccess(path: string, jwt?: string, init: RequestInit = {}): Promise<Response> {
    const ctx = createExecutionContext();
    const headers = new Headers(init.headers);
    if (jwt) headers.set("Cf-Access-Jwt-Assertion", jwt);
    const res = await app.request(`${ORIGIN}${path}`, { ...init, headers, redirect: "manual" }, accessEnv, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  }

  it("lets in a valid Access JWT, with no sign-in form and no cookie", async () => {
    const res = await withAccess("/admin", await accessJwt());
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toBeNull();
    const page = await res.text();
    expect(page).toContain("Signed in as organiser@example.org");
    expect(page).toContain(`href="/cdn-cgi/access/logout"`);
    expect((await withAccess("/admin/sign-in")).headers.get("location")).toBe("/admin");
  });

  it("refuses no JWT, a wrong audience, an expired one, another key's and another issuer's", async () => {
    const { privateKey: otherKey } = await generateKeyPair("RS256");
    const refused = [
      undefined,
      await accessJwt({ audience: "another-application" }),
      await accessJwt({ expires: Math.floor(Date.now() / 1000) - 60 }),
      await accessJwt({ key: otherKey }),
      await accessJwt({ issuer: "https://other-team.cloudflareaccess.com" }),
    ];
    for (const jwt of refused) await expectProblem(await withAccess("/admin", jwt), 403);
  });

  it("still needs the CSRF token for changes", async () => {
    const jwt = await accessJwt();
    const page = await (await withAccess("/admin/new", jwt)).text();
    const csrf = page.match(/name="csrf" value="([^"]+)"/)![1]!;
    const slug = uniqueSlug("access");
    const fields = { slug, title: "Via Access", summary: "S", goal: "10", status: "open" };
    const init = (body: Record<string, string>) => ({ method: "POST", headers: FORM, body: new URLSearchParams(body) });
    await expectProblem(await withAccess("/admin/new", jwt, init(fields)), 403);
    const res = await withAccess("/admin/new", jwt, init({ ...fields, csrf }));
    expect(res.status).toBe(303);
    expect((await call(`/v1/petitions/${slug}`)).status).toBe(200);
  });

  it("fails closed when Access is half configured, and reads a team given without its scheme", async () => {
    const ctx = createExecutionContext();
    const half = await app.request(
      `${ORIGIN}/admin`,
      {},
      { ...env, ACCESS_TEAM_DOMAIN: "", ACCESS_AUD: AUDIENCE },
      ctx,
    );
    expect((await expectProblem(half, 503)).detail).toMatch(/ACCESS_TEAM_DOMAIN/);
    expect(accessConfig({ ...env, ACCESS_TEAM_DOMAIN: "team.cloudflareaccess.com", ACCESS_AUD: "a" })).toEqual({
      teamUrl: "https://team.cloudflareaccess.com",
      audience: "a",
    });
  });

  it("answers 503, not 403, when Access's keys cannot be fetched", async () => {
    const ctx = createExecutionContext();
    const unreachable = { ...env, ACCESS_TEAM_DOMAIN: "http://127.0.0.1:9", ACCESS_AUD: AUDIENCE };
    const headers = { "Cf-Access-Jwt-Assertion": await accessJwt({ issuer: "http://127.0.0.1:9" }) };
    const res = await app.request(`${ORIGIN}/admin`, { headers, redirect: "manual" }, unreachable, ctx);
    expect((await expectProblem(res, 503)).type).toBe("/problems/access-unavailable");
  });

  it("leaves the API on its bearer token", async () => {
    await expectProblem(await withAccess("/v1/admin/petitions", await accessJwt()), 401);
  });
});
