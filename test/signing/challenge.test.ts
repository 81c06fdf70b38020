/**
 * A challenge instead of a wall: with the organisation's Turnstile site key (TURNSTILE_SITE_KEY) a public
 * signer whose network is over its limits is challenged, and a solved challenge signs, up to the
 * network's ceiling. Small stand-in limits (2 per petition, a ceiling of 3) keep the counts short;
 * siteverify is the loopback fake, whose single-use tokens are spent like real ones.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../functions/app";
import { tagWithId } from "../helpers/html";
import {
  awaitRoomInTheMinute,
  call,
  createPetition,
  expectProblem,
  fixedWindowBinding,
  freshIp,
  signatureRows,
} from "../helpers/index";
import { runCron } from "../helpers/tally";
import { HAL_JSON, osdiSpecExample } from "../osdi/helpers";
import { bearer, createKey } from "../partners/helpers";

const SITE_KEY = "0x4AAAAAAAOrgChallenge";
const FIELD = "cf-turnstile-response";
/** What Chrome sends when it navigates by submitting a form. */
const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/** A token siteverify accepts once. */
const solvedToken = () => `${env.TEST_TURNSTILE_SINGLE_USE_PREFIX}${crypto.randomUUID()}`;

/** The Worker's env with the challenge configured and stand-in limits: 2 per petition, a ceiling of 3, each binding's calls counted. */
function challengeEnv(overrides: Partial<Env> = {}) {
  const bindings = {
    petition: fixedWindowBinding(2),
    global: fixedWindowBinding(60),
    ceiling: fixedWindowBinding(3),
  };
  const workerEnv: Env = {
    ...env,
    TURNSTILE_SITE_KEY: SITE_KEY,
    RATE_LIMIT_PETITION: "2",
    SIGN_LIMIT_PETITION: bindings.petition as unknown as RateLimit,
    SIGN_LIMIT_GLOBAL: bindings.global as unknown as RateLimit,
    RATE_LIMIT_CHALLENGED: "3",
    SIGN_LIMIT_CHALLENGED: bindings.ceiling as unknown as RateLimit,
    ...overrides,
  };
  return { env: workerEnv, bindings, calls: () => bindings.petition.calls + bindings.global.calls };
}

async function request(path: string, init: RequestInit, workerEnv: Env): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.request(path, init, workerEnv, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

function sign(slug: string, body: unknown, ip: string, workerEnv: Env, headers: Record<string, string> = {}) {
  return request(
    `/v1/petitions/${slug}/signatures`,
    {
      method: "POST",
      headers: { "Content-Type": "application/json", "cf-connecting-ip": ip, ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    },
    workerEnv,
  );
}

function postForm(slug: string, fields: Record<string, string>, ip: string, workerEnv: Env) {
  return request(
    `/v1/petitions/${slug}/signatures`,
    {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: BROWSER_ACCEPT, "cf-connecting-ip": ip },
      body: new URLSearchParams(fields).toString(),
      redirect: "manual",
    },
    workerEnv,
  );
}

let people = 0;
const person = () => ({ email: `challenged${++people}@example.org`, name: "C" });

/** Signs up to the stand-in limit of 2 from `ip`: the next signature is over it. */
async function fillTheLimit(slug: string, ip: string, workerEnv: Env): Promise<void> {
  await awaitRoomInTheMinute();
  for (let i = 0; i < 2; i++) expect((await sign(slug, person(), ip, workerEnv)).status).toBe(201);
}

/** A petition, and a network (`ip`) at its stand-in limit there: its next signature is over the limit. */
async function networkOverTheLimit(settings: Record<string, unknown> = {}) {
  const petition = await createPetition(settings);
  const limits = challengeEnv();
  const ip = freshIp();
  await fillTheLimit(petition.slug, ip, limits.env);
  return { petition, ip, ...limits };
}

/** Seconds left in the binding's window, as Retry-After may count them. */
const secondsLeftInTheMinute = () => Math.ceil((60_000 - (Date.now() % 60_000)) / 1000);

describe("a network over its limit, with the organisation's challenge", { timeout: 30_000 }, () => {
  it("is answered 429 challenge-required with the site key, the token's field and Retry-After: first by the limits, then from memory", async () => {
    const { petition, ip, env: workerEnv, calls } = await networkOverTheLimit();

    const challenged = await sign(petition.slug, person(), ip, workerEnv);
    const problem = await expectProblem(challenged, 429);
    expect(problem).toMatchObject({
      type: "/problems/challenge-required",
      challenge: { site_key: SITE_KEY, field: FIELD },
    });
    expect(problem.detail).toContain(FIELD);
    expect(Number(challenged.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(challenged.headers.get("retry-after"))).toBeLessThanOrEqual(secondsLeftInTheMinute() + 1);
    expect(challenged.headers.get("ratelimit-policy")).toBe('"signing";q=2;w=60');

    // Remembered: the next ones (even a body that is no JSON) are challenged without asking the limits again.
    const asked = calls();
    for (const body of [JSON.stringify(person()), "{not json"]) {
      const again = await expectProblem(await sign(petition.slug, body, ip, workerEnv), 429);
      expect(again.challenge).toEqual({ site_key: SITE_KEY, field: FIELD });
    }
    expect(calls()).toBe(asked);
    expect(await signatureRows(petition.slug)).toHaveLength(2);
  });

  it("signs with a solved token past the limit, counted once: a repeat with another token is deduplicated", async () => {
    const { petition, ip, env: workerEnv } = await networkOverTheLimit();

    const signer = person();
    const signed = await sign(petition.slug, { ...signer, [FIELD]: solvedToken() }, ip, workerEnv);
    expect(signed.status).toBe(201);
    expect(await signed.json()).toMatchObject({ status: "signed", petition: petition.slug });
    // The limit that let it through is the ceiling's.
    expect(signed.headers.get("ratelimit-policy")).toBe('"signing";q=3;w=60');

    const repeat = await sign(petition.slug, { ...signer, [FIELD]: solvedToken() }, ip, workerEnv);
    expect(repeat.status).toBe(201);
    const rows = await signatureRows(petition.slug);
    expect(rows.map((row) => row.email)).toEqual([expect.any(String), expect.any(String), signer.email]);

    await runCron("* * * * *");
    const count = await call(`/v1/petitions/${petition.slug}/count`);
    expect((await count.json<{ count: number }>()).count).toBe(3);
  });

  it("a wrong, spent or unverifiable token is refused naming the token's field, and nothing is stored", async () => {
    const { petition, ip, env: workerEnv } = await networkOverTheLimit();

    const forged = await expectProblem(
      await sign(petition.slug, { ...person(), [FIELD]: "forged" }, ip, workerEnv),
      422,
    );
    expect(forged.errors).toEqual([{ path: FIELD, message: expect.stringContaining("did not accept") }]);

    const token = solvedToken();
    expect((await sign(petition.slug, { ...person(), [FIELD]: token }, ip, workerEnv)).status).toBe(201);
    const spent = await expectProblem(await sign(petition.slug, { ...person(), [FIELD]: token }, ip, workerEnv), 422);
    expect(spent.errors[0].path).toBe(FIELD);

    const unverifiable = await sign(
      petition.slug,
      { ...person(), [FIELD]: solvedToken() },
      ip,
      challengeEnv({ TURNSTILE_VERIFY_URL: env.TEST_TURNSTILE_UNAVAILABLE_URL }).env,
    );
    expect((await expectProblem(unverifiable, 503)).type).toBe("/problems/verification-unavailable");
    expect(await signatureRows(petition.slug)).toHaveLength(3);
  });

  it("a token is spent only on a signature that is taken: a missing field first, the same token then signs", async () => {
    const {
      petition,
      ip,
      env: workerEnv,
    } = await networkOverTheLimit({ fields: { name: "required", postcode: "off" } });
    const token = solvedToken();
    const unnamed = { email: "unnamed@example.org", [FIELD]: token };
    const missing = await expectProblem(await sign(petition.slug, unnamed, ip, workerEnv), 422);
    expect(missing.errors).toEqual([{ path: "name", message: "Required" }]);
    expect((await sign(petition.slug, { ...unnamed, name: "Named" }, ip, workerEnv)).status).toBe(201);
    expect(await signatureRows(petition.slug)).toHaveLength(3);
  });

  it("past the ceiling a solved token meets a wall: 429 rate-limited, its token not spent, then the network refused from memory", async () => {
    const { petition, ip, env: workerEnv, bindings } = await networkOverTheLimit();
    for (let i = 0; i < 3; i++)
      expect((await sign(petition.slug, { ...person(), [FIELD]: solvedToken() }, ip, workerEnv)).status).toBe(201);

    const token = solvedToken();
    const walled = await sign(petition.slug, { ...person(), [FIELD]: token }, ip, workerEnv);
    const problem = await expectProblem(walled, 429);
    expect(problem.type).toBe("/problems/rate-limited");
    expect(problem.challenge).toBeUndefined();
    expect(walled.headers.get("ratelimit-policy")).toBe('"signing";q=3;w=60');
    expect(await signatureRows(petition.slug)).toHaveLength(5);

    // The ceiling was asked before siteverify: the token is still good, on another network over its limit.
    const elsewhere = freshIp();
    await fillTheLimit(petition.slug, elsewhere, workerEnv);
    expect((await sign(petition.slug, { ...person(), [FIELD]: token }, elsewhere, workerEnv)).status).toBe(201);

    // The walled network is refused from memory, token or not, and no longer offered the challenge.
    const asked = bindings.ceiling.calls;
    for (const body of [person(), { ...person(), [FIELD]: solvedToken() }]) {
      expect((await expectProblem(await sign(petition.slug, body, ip, workerEnv), 429)).type).toBe(
        "/problems/rate-limited",
      );
    }
    expect(bindings.ceiling.calls).toBe(asked);
  });

  it("the refusal memory loosens no limit: of 30 requests, half with solved tokens, the limit and the ceiling are stored", async () => {
    const petition = await createPetition();
    const { env: workerEnv, bindings, calls } = challengeEnv();
    const ip = freshIp();
    await awaitRoomInTheMinute();
    const answers: number[] = [];
    for (let i = 0; i < 30; i++) {
      const body = i % 2 === 0 ? { ...person(), [FIELD]: solvedToken() } : person();
      answers.push((await sign(petition.slug, body, ip, workerEnv)).status);
    }
    expect(answers.filter((status) => status === 201)).toHaveLength(5);
    expect(await signatureRows(petition.slug)).toHaveLength(5);
    // The limits were asked until they refused (2 allowed, the 3rd refused), then memory answered; the
    // ceiling until it refused (3 allowed, the 4th refused): a token never skips a count.
    expect(calls()).toBe(2 * 3);
    expect(bindings.ceiling.calls).toBe(4);
  });

  it("a keyed signer is never challenged: its key's own limit refuses it with today's 429", async () => {
    const petition = await createPetition();
    const { env: workerEnv } = challengeEnv();
    const key = await createKey({ rate_limit_per_minute: 1 });
    const ip = freshIp();
    await awaitRoomInTheMinute();
    expect((await sign(petition.slug, person(), ip, workerEnv, bearer(key))).status).toBe(201);
    const refused = await sign(petition.slug, { ...person(), [FIELD]: solvedToken() }, ip, workerEnv, bearer(key));
    const problem = await expectProblem(refused, 429);
    expect(problem.type).toBe("/problems/rate-limited");
    expect(await signatureRows(petition.slug)).toHaveLength(1);
  });

  it("OSDI's record signature helper without a key is the public path: challenged, and a solved token signs", async () => {
    const { petition, ip, env: workerEnv } = await networkOverTheLimit();
    const record = (body: Record<string, unknown>) =>
      request(
        `/osdi/v1/petitions/${petition.slug}/signatures`,
        {
          method: "POST",
          headers: { "Content-Type": HAL_JSON, "cf-connecting-ip": ip },
          body: JSON.stringify(body),
        },
        workerEnv,
      );
    const challenged = await expectProblem(await record(osdiSpecExample("osdi-challenged@example.org")), 429);
    expect(challenged.challenge).toEqual({ site_key: SITE_KEY, field: FIELD });
    const solved = await record({ ...osdiSpecExample("osdi-challenged@example.org"), [FIELD]: solvedToken() });
    expect(solved.status).toBe(200);
    expect(await signatureRows(petition.slug)).toHaveLength(3);
  });
});

describe("without the organisation's challenge", { timeout: 30_000 }, () => {
  it("a network over its limit gets today's 429, token or not; a site key without the secret is no challenge either", async () => {
    const petition = await createPetition();
    for (const overrides of [{ TURNSTILE_SITE_KEY: "" }, { TURNSTILE_SECRET_KEY: "" }]) {
      const { env: workerEnv } = challengeEnv(overrides);
      const ip = freshIp();
      await fillTheLimit(petition.slug, ip, workerEnv);
      for (const body of [person(), { ...person(), [FIELD]: solvedToken() }]) {
        const refused = await sign(petition.slug, body, ip, workerEnv);
        const problem = await expectProblem(refused, 429);
        expect(problem).toEqual({
          type: "/problems/rate-limited",
          title: "Too many requests",
          status: 429,
          detail: expect.stringMatching(/^Try again in \d+ seconds\.$/),
        });
        expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      }
    }
  });
});

describe("the form over the limit, without JavaScript", { timeout: 30_000 }, () => {
  it("is the form again (429) with the challenge's widget, the signer's values, why it asks, and a CSP that lets Turnstile in", async () => {
    const { petition, ip, env: workerEnv } = await networkOverTheLimit();

    const fields = { email: "nojs-challenged@example.org", name: "Ana", locale: "en", theme: "d6336c" };
    const res = await postForm(petition.slug, fields, ip, workerEnv);
    expect(res.status).toBe(429);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    const page = await res.text();
    expect(page).toContain(`<div class="cf-turnstile" data-sitekey="${SITE_KEY}" data-language="en"></div>`);
    expect(page).toMatch(/<script src="https:\/\/challenges\.cloudflare\.com\/turnstile\/v0\/api\.js" nonce="[^"]+"/);
    expect(tagWithId(page, "field-email")).toContain(`value="nojs-challenged@example.org"`);
    expect(tagWithId(page, "field-name")).toContain(`value="Ana"`);
    expect(page).toContain(
      `<h2 id="error-summary-title">Many signatures are coming from your network right now. Please complete the check below, then sign again.</h2>`,
    );
    expect(page).toContain(`<a href="#${FIELD}-error">Please complete the check that you are human.</a>`);
    // Without JavaScript there is no widget to solve: what is left is waiting.
    expect(page).toContain("<noscript><p>Too many signatures came from your network in a short time.");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'nonce-[^']+' https:\/\/challenges\.cloudflare\.com;/);
    expect(csp).toContain("frame-src https://challenges.cloudflare.com;");

    // The form itself loads nothing from Cloudflare: only a challenged page does.
    const form = await request(`/embed/${petition.slug}`, {}, workerEnv);
    expect(form.headers.get("content-security-policy")).not.toContain("challenges.cloudflare.com");
    expect(await form.text()).not.toContain("cf-turnstile");

    // With the widget's token (which Turnstile's script puts in the form), the post signs.
    const signed = await postForm(petition.slug, { ...fields, [FIELD]: solvedToken() }, ip, workerEnv);
    expect(signed.status).toBe(303);
    expect(signed.headers.get("location")).toContain(`/embed/${petition.slug}/thanks?`);
    expect((await signatureRows(petition.slug)).map((row) => row.email)).toContain("nojs-challenged@example.org");
  });

  it("a form embedded by embed.js keeps talking to its page through the challenge (its origin goes with the post)", async () => {
    const petition = await createPetition();
    const { env: workerEnv } = challengeEnv();
    const ip = freshIp();
    const embedded = await request(`/embed/${petition.slug}?origin=https://campaign.example`, {}, workerEnv);
    const form = await embedded.text();
    expect(form).toContain(`<input type="hidden" name="origin" value="https://campaign.example">`);

    await fillTheLimit(petition.slug, ip, workerEnv);
    const res = await postForm(petition.slug, { ...person(), origin: "https://campaign.example" }, ip, workerEnv);
    expect(res.status).toBe(429);
    const page = await res.text();
    expect(page).toContain(`data-parent="https://campaign.example"`);
    expect(page).toContain(`<input type="hidden" name="origin" value="https://campaign.example">`);
  });
});
