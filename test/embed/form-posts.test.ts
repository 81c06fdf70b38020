import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../functions/app";
import { tagWithId } from "../helpers/html";
import {
  ADMIN,
  awaitRoomInTheMinute,
  call,
  createPetition,
  expectProblem,
  freshIp,
  ORIGIN,
  signatureRows,
  signJson,
} from "../helpers/index";
import { runCron } from "../helpers/tally";

/** What Chrome sends when it navigates by submitting a form (redirects are looked at, not followed). */
const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

function postForm(
  slug: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return call(`/v1/petitions/${slug}/signatures`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Accept: BROWSER_ACCEPT,
      "cf-connecting-ip": freshIp(),
      ...headers,
    },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
}

describe("signing without JavaScript", () => {
  it("a rate-limited form post is a 429 page that still says when to come back", { timeout: 30_000 }, async () => {
    const petition = await createPetition();
    await awaitRoomInTheMinute();
    const ip = { "cf-connecting-ip": "100.70.3.3" };
    for (let i = 0; i < 20; i++)
      expect((await postForm(petition.slug, { email: `limit${i}@example.org`, name: "L" }, ip)).status).toBe(303);
    const limited = await postForm(petition.slug, { email: "limit20@example.org", name: "L" }, ip);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toContain("text/html");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("a form post is a 303 to the thank-you page in the form's language; a repeat is the same answer", async () => {
    const petition = await createPetition();
    const first = await postForm(petition.slug, {
      email: "nojs@example.org",
      name: "Ana",
      consent: "on",
      locale: "fr",
      source: "campaign-site",
    });
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe(`/embed/${petition.slug}/thanks?lang=fr`);
    expect(await first.text()).toBe("");
    expect((await signatureRows(petition.slug))[0]).toMatchObject({
      email: "nojs@example.org",
      name: "Ana",
      consent: 1,
      locale: "fr",
      source: "campaign-site",
    });

    const repeat = await postForm(petition.slug, { email: "NoJS+again@example.org", name: "Someone", locale: "fr" });
    const bot = await postForm(petition.slug, {
      email: "bot@example.org",
      name: "Bot",
      locale: "fr",
      website: "http://spam.example",
    });
    for (const res of [repeat, bot]) {
      expect(res.status).toBe(first.status);
      expect(res.headers.get("location")).toBe(first.headers.get("location"));
      const shape = (r: Response) => [...r.headers.keys()].filter((k) => k !== "date").sort();
      expect(shape(res)).toEqual(shape(first));
    }
    expect(await signatureRows(petition.slug)).toHaveLength(1);
  });

  it("the thank-you page then shows the published count, never one bumped for this request", async () => {
    const petition = await createPetition();
    expect((await signJson(petition.slug, { email: "early@example.org", name: "E" })).status).toBe(201);
    await runCron();
    const res = await postForm(petition.slug, { email: "late@example.org", name: "L", locale: "en" });
    const thanks = await (await call(res.headers.get("location")!)).text();
    expect(thanks).toContain(`<strong>1</strong> person has signed so far.</span>`);
    // So a signer reading a count without their own signature knows why.
    expect(thanks).toContain("The count is updated every minute.");
  });

  it("goes to the petition's thank_you_url when it has one, which the form page's CSP lets it reach", async () => {
    const petition = await createPetition({ thank_you_url: "https://campaign.example/thanks?from=petition" });
    const res = await postForm(petition.slug, { email: "away@example.org", name: "A" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("https://campaign.example/thanks?from=petition");
    const page = await call(`/embed/${petition.slug}`);
    expect(page.headers.get("content-security-policy")).toContain("form-action 'self' https://campaign.example;");
    expect(await page.text()).toContain(`data-thanks="https://campaign.example/thanks?from=petition"`);
  });

  it("a 422 is the form again, the signer's input kept (escaped) and each error by its field", async () => {
    const petition = await createPetition({
      fields: { name: "required", postcode: "required" },
      consent_text: "Keep me posted",
    });
    const typed = {
      email: "not-an-email",
      name: `Ana "<b>"`,
      country: "BR",
      postcode: "",
      consent: "on",
      locale: "es",
      theme: "#d6336c",
    };
    const res = await postForm(petition.slug, typed);
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors *");
    const page = await res.text();

    expect(page).toContain(`<html lang="es" dir="ltr">`);
    // The errors come first, each linked to its field: a cross-origin frame may refuse autofocus.
    expect(tagWithId(page, "error-summary")).toMatch(/role="alert" .*tabindex="-1" autofocus/);
    expect(page).toContain(`<h2 id="error-summary-title">Corrige los campos marcados abajo.</h2>`);
    const firstLink = page.match(/<a href="#([^"]+)">/)?.[1];
    expect(firstLink).toBe("field-email");
    expect(page.indexOf(`<a href="#field-email">`)).toBeLessThan(page.indexOf("<form"));
    expect(page.match(/ autofocus/g)).toHaveLength(1);
    expect(tagWithId(page, "field-email")).toMatch(
      /aria-invalid="true" aria-describedby="email-error" value="not-an-email"/,
    );
    expect(tagWithId(page, "email-error")).not.toContain("hidden");
    expect(tagWithId(page, "field-name")).toContain(`value="Ana &quot;&lt;b&gt;&quot;"`);
    expect(tagWithId(page, "field-name")).not.toContain("aria-invalid");
    expect(tagWithId(page, "name-error")).toContain("hidden");
    expect(page).toContain(`<option value="BR" selected>`);
    expect(tagWithId(page, "field-consent")).toContain(" checked");
    expect(page).toContain(":root{--accent:#d6336c;");
    expect(await signatureRows(petition.slug)).toHaveLength(0);

    // The petition's own rule (a required postcode) is named the same way, by its field.
    const missing = await (
      await postForm(petition.slug, { email: "ok@example.org", name: "Ana", locale: "en" })
    ).text();
    expect(tagWithId(missing, "field-postcode")).toContain(`aria-invalid="true" aria-describedby="postcode-error"`);
    expect(missing).toContain(`<p class="error" id="postcode-error">Enter your postcode.</p>`);
    expect(missing).toContain(`<li><a href="#field-postcode">Enter your postcode.</a></li>`);
  });

  it("other failures are a page with the problem, its status and a way back to the form", async () => {
    const closed = await createPetition({ status: "closed" });
    const res = await postForm(closed.slug, { email: "late@example.org", name: "L", locale: "de", source: "x" });
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const page = await res.text();
    expect(page).toContain(`<html lang="de" dir="ltr">`);
    // A problem a signer can meet is said in their language only.
    expect(page).toContain(`<h1>Ihre Unterschrift wurde nicht angenommen</h1>
<p>Diese Petition ist beendet und nimmt keine Unterschriften mehr an.</p>`);
    expect(page).not.toContain("Petition closed");
    expect(page).toContain(`<a href="/embed/${closed.slug}?lang=de&amp;source=x">Zurück zum Formular</a>`);

    const unknown = await postForm("no-such-petition", { email: "a@example.org", name: "A", locale: "ru" });
    expect(unknown.status).toBe(404);
    const unknownPage = await unknown.text();
    expect(unknownPage).toContain(`<html lang="ru" dir="ltr">`);
    expect(unknownPage).toContain("<h1>Петиция не найдена</h1>");

    // One a signer should not meet: the page's words, then the API's English ones for whoever helps them.
    const petition = await createPetition();
    const huge = await postForm(petition.slug, { email: "big@example.org", name: "x".repeat(17_000) });
    expect(huge.status).toBe(413);
    expect(await huge.text()).toContain(`<h1>Your signature was not taken</h1>
<p>Your signature could not be sent. Please try again.</p><p lang="en" dir="ltr">Payload too large: The body must be at most 16384 bytes.</p>`);
    expect(await signatureRows(petition.slug)).toHaveLength(0);
  });

  it("API clients keep their JSON: forms without an HTML preference, and JSON bodies whatever they accept", async () => {
    const petition = await createPetition();
    for (const accept of ["*/*", "application/json", "application/json, text/html;q=0.5"]) {
      const res = await postForm(
        petition.slug,
        { email: `api-${accept.length}@example.org`, name: "A" },
        { Accept: accept },
      );
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ status: "signed", petition: petition.slug });
    }
    const noAccept = await call(`/v1/petitions/${petition.slug}/signatures`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "cf-connecting-ip": freshIp() },
      body: "email=curl%40example.org&name=C",
    });
    expect(noAccept.status).toBe(201);
    await expectProblem(await signJson(petition.slug, { email: "bad" }, { Accept: BROWSER_ACCEPT }), 422);
  });
});

describe("CORS on the sign endpoint", () => {
  const preflight = (slug: string, origin: string) =>
    call(`/v1/petitions/${slug}/signatures`, {
      method: "OPTIONS",
      headers: {
        Origin: origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
      },
    });

  it("answers preflights, and grants only the petition's embed_origins", async () => {
    const petition = await createPetition({ embed_origins: ["https://campaign.example"] });
    const allowed = await preflight(petition.slug, "https://campaign.example");
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://campaign.example");
    expect(allowed.headers.get("access-control-allow-methods")).toBe("POST");
    expect(allowed.headers.get("access-control-allow-headers")).toBe("Content-Type");
    expect(allowed.headers.get("vary")).toContain("Origin");

    const stranger = await preflight(petition.slug, "https://evil.example");
    expect(stranger.status).toBe(204);
    expect(stranger.headers.get("access-control-allow-origin")).toBeNull();
    expect(
      (await preflight("no-such-petition", "https://campaign.example")).headers.get("access-control-allow-origin"),
    ).toBeNull();
  });

  it("grants the answer itself, success or problem, to an embed origin only", async () => {
    const petition = await createPetition({ embed_origins: ["https://campaign.example"] });
    const signed = await signJson(
      petition.slug,
      { email: "cors@example.org", name: "C" },
      { Origin: "https://campaign.example" },
    );
    expect(signed.status).toBe(201);
    expect(signed.headers.get("access-control-allow-origin")).toBe("https://campaign.example");
    expect(signed.headers.get("access-control-expose-headers")).toBe("Retry-After,RateLimit,RateLimit-Policy");
    const invalid = await signJson(petition.slug, { email: "nope" }, { Origin: "https://campaign.example" });
    expect(invalid.status).toBe(422);
    expect(invalid.headers.get("access-control-allow-origin")).toBe("https://campaign.example");
    const stranger = await signJson(
      petition.slug,
      { email: "s@example.org", name: "S" },
      { Origin: "https://evil.example" },
    );
    expect(stranger.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("which sites may sign from a browser", () => {
  const post = (slug: string, headers: Record<string, string>) =>
    call(`/v1/petitions/${slug}/signatures`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "cf-connecting-ip": freshIp(), ...headers },
      body: new URLSearchParams({ email: `${crypto.randomUUID()}@example.org`, name: "O" }).toString(),
    });

  it("a plain form post from another site is refused and stores nothing; the petition's own sites may post", async () => {
    const petition = await createPetition({ embed_origins: ["https://campaign.example"] });
    const foreign = await expectProblem(
      await post(petition.slug, { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" }),
      403,
    );
    expect(foreign.type).toBe("/problems/forbidden-origin");
    await expectProblem(await post(petition.slug, { Origin: "null", "Sec-Fetch-Site": "cross-site" }), 403);
    expect(await signatureRows(petition.slug)).toHaveLength(0);

    expect(
      (await post(petition.slug, { Origin: "https://campaign.example", "Sec-Fetch-Site": "cross-site" })).status,
    ).toBe(201);
    // The Worker's own embed page: same origin, and Origin is "null" under its no-referrer policy.
    expect((await post(petition.slug, { Origin: "null", "Sec-Fetch-Site": "same-origin" })).status).toBe(201);
    expect((await post(petition.slug, { Origin: ORIGIN })).status).toBe(201);
    // No browser headers at all: an API client or a server, signing in its own name.
    expect((await post(petition.slug, {})).status).toBe(201);
    expect(await signatureRows(petition.slug)).toHaveLength(4);
  });
});

describe("Turnstile", () => {
  const withTurnstile = () => createPetition({ turnstile_site_key: "0x4AAAAAAATestSiteKey" });

  it("a petition with a site key shows the widget, and its CSP lets Turnstile's script and frame in", async () => {
    const petition = await withTurnstile();
    const res = await call(`/embed/${petition.slug}?lang=pt`);
    const page = await res.text();
    expect(page).toContain(`<div class="cf-turnstile" data-sitekey="0x4AAAAAAATestSiteKey" data-language="pt"></div>`);
    expect(page).toMatch(
      /<script src="https:\/\/challenges\.cloudflare\.com\/turnstile\/v0\/api\.js" nonce="[^"]+" async defer><\/script>/,
    );
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'nonce-[^']+' https:\/\/challenges\.cloudflare\.com;/);
    expect(csp).toContain("frame-src https://challenges.cloudflare.com;");
    // Petitions without Turnstile load nothing from Cloudflare.
    const plain = await call(`/embed/${(await createPetition()).slug}`);
    expect(plain.headers.get("content-security-policy")).not.toContain("challenges.cloudflare.com");
  });

  it("the token is required and verified by siteverify before anything is stored", async () => {
    const petition = await withTurnstile();
    const signer = { email: "human@example.org", name: "H" };
    const missing = await expectProblem(await signJson(petition.slug, signer), 422);
    expect(missing.errors).toEqual([{ path: "cf-turnstile-response", message: expect.stringContaining("Required") }]);
    const refused = await expectProblem(
      await signJson(petition.slug, { ...signer, "cf-turnstile-response": "forged" }),
      422,
    );
    expect(refused.errors[0].path).toBe("cf-turnstile-response");
    expect(await signatureRows(petition.slug)).toHaveLength(0);

    const passed = await signJson(petition.slug, {
      ...signer,
      "cf-turnstile-response": env.TEST_TURNSTILE_PASSING_TOKEN,
    });
    expect(passed.status).toBe(201);
    expect(await signatureRows(petition.slug)).toHaveLength(1);
  });

  it("fails closed: a wrong or missing secret, or siteverify out of reach, stores nothing", async () => {
    const petition = await withTurnstile();
    const sign = (overrides: Partial<Env>) =>
      app.request(
        `/v1/petitions/${petition.slug}/signatures`,
        {
          method: "POST",
          headers: { "Content-Type": "application/json", "cf-connecting-ip": freshIp() },
          body: JSON.stringify({
            email: "x@example.org",
            name: "X",
            "cf-turnstile-response": env.TEST_TURNSTILE_PASSING_TOKEN,
          }),
        },
        { ...env, ...overrides },
        createExecutionContext(),
      );
    await expectProblem(await sign({ TURNSTILE_SECRET_KEY: "someone-elses-secret" }), 422);
    expect((await expectProblem(await sign({ TURNSTILE_SECRET_KEY: "" }), 503)).detail).toContain(
      "TURNSTILE_SECRET_KEY",
    );
    const unavailable = await sign({ TURNSTILE_VERIFY_URL: env.TEST_TURNSTILE_UNAVAILABLE_URL });
    expect((await expectProblem(unavailable, 503)).type).toBe("/problems/verification-unavailable");
    expect(unavailable.headers.get("retry-after")).toBe("10");
    expect(await signatureRows(petition.slug)).toHaveLength(0);
  });

  it("a closed petition is closed (409) before any challenge is asked for", async () => {
    const petition = await createPetition({ turnstile_site_key: "0x4AAAAAAATestSiteKey", status: "closed" });
    const closed = await expectProblem(await signJson(petition.slug, { email: "late@example.org", name: "L" }), 409);
    expect(closed.type).toBe("/problems/petition-closed");
  });

  it("without JavaScript a failed challenge is the form again with the challenge's note", async () => {
    const petition = await withTurnstile();
    const res = await postForm(petition.slug, { email: "h@example.org", name: "H", locale: "en" });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain(
      `<p class="error" id="cf-turnstile-response-error">Please complete the check that you are human.</p>`,
    );
    expect(tagWithId(page, "field-email")).toContain(`value="h@example.org"`);
  });
});

describe("petition settings for embedding", () => {
  it("thank_you_url must be https; a Turnstile site key can be set and cleared", async () => {
    const create = (body: Record<string, unknown>) =>
      call("/v1/petitions", {
        method: "POST",
        headers: { ...ADMIN, "Content-Type": "application/json" },
        body: JSON.stringify({
          slug: `bad-url-${crypto.randomUUID().slice(0, 8)}`,
          title: "t",
          summary: "s",
          goal: 1,
          ...body,
        }),
      });
    for (const thank_you_url of ["http://campaign.example/thanks", "javascript:alert(1)", "not a url"]) {
      const problem = await expectProblem(await create({ thank_you_url }), 422);
      expect(problem.errors.map((e: { path: string }) => e.path)).toEqual(["thank_you_url"]);
    }
    await expectProblem(await create({ turnstile_site_key: "<script>" }), 422);

    const petition = await createPetition({ thank_you_url: "https://campaign.example/thanks" });
    expect(petition).toMatchObject({ thank_you_url: "https://campaign.example/thanks", turnstile_site_key: null });
    const patch = (body: Record<string, unknown>) =>
      call(`/v1/petitions/${petition.slug}`, {
        method: "PATCH",
        headers: { ...ADMIN, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    expect(await (await patch({ turnstile_site_key: "0x4AAAAAAAKey" })).json()).toMatchObject({
      turnstile_site_key: "0x4AAAAAAAKey",
      thank_you_url: "https://campaign.example/thanks",
    });
    expect(await (await patch({ turnstile_site_key: null, thank_you_url: null })).json()).toMatchObject({
      turnstile_site_key: null,
      thank_you_url: null,
    });
  });
});
