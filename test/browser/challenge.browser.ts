/**
 * The challenge instead of a wall, in Chromium: a signer whose network is over its limit is shown
 * Turnstile in the form, solves it and is signed and counted. Turnstile is faked at the network
 * boundary as its test keys behave: Chromium's requests for its script get a stand-in that, like the
 * always-passing test site key's widget, puts the dummy token in the form; siteverify is the loopback
 * fake answering the always-passing test secret. A Worker of its own has the site key configured.
 */
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeSiteverify, startFakeSiteverify, TURNSTILE_TEST_KEYS } from "../support/turnstile-siteverify";
import { browserFor, STEP_TIMEOUT_MS } from "./chromium";
import { ARTIFACTS_DIR } from "./global-setup";
import { campaignSite } from "./helpers";
import { type LocalWorker, startLocalWorker } from "./local-worker";

const SLUG = "challenged";
const TURNSTILE_SCRIPT = "https://challenges.cloudflare.com/turnstile/v0/api.js";
/** The test site key's widget, as far as a form sees it: it passes at once and leaves the dummy token in the form. */
const STAND_IN_WIDGET = `(() => {
  for (const box of document.querySelectorAll(${JSON.stringify(`.cf-turnstile[data-sitekey="${TURNSTILE_TEST_KEYS.siteKey}"]`)})) {
    const input = Object.assign(document.createElement("input"), { type: "hidden", name: "cf-turnstile-response", value: ${JSON.stringify(TURNSTILE_TEST_KEYS.dummyToken)} });
    const done = Object.assign(document.createElement("p"), { textContent: "Success!" });
    box.append(done, input);
  }
  window.turnstile = { reset() {} };
})();`;

let worker: LocalWorker;
let siteverify: FakeSiteverify;

beforeAll(async () => {
  siteverify = await startFakeSiteverify("unused-secret");
  worker = await startLocalWorker({
    seedDemo: false,
    testScheduled: true,
    vars: {
      TURNSTILE_SITE_KEY: TURNSTILE_TEST_KEYS.siteKey,
      TURNSTILE_SECRET_KEY: TURNSTILE_TEST_KEYS.passingSecret,
      TURNSTILE_VERIFY_URL: siteverify.url,
    },
  });
  const created = await fetch(`${worker.url}/v1/petitions`, {
    method: "POST",
    headers: { Authorization: `Bearer ${worker.adminToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({ slug: SLUG, title: "Clean air", summary: "For everyone.", goal: 100, status: "open" }),
  });
  expect(created.status).toBe(201);
}, 90_000);

afterAll(async () => {
  await worker?.stop();
  await siteverify?.stop();
});

function signJson(ip: string, email: string): Promise<Response> {
  return fetch(`${worker.url}/v1/petitions/${SLUG}/signatures`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "cf-connecting-ip": ip },
    body: JSON.stringify({ email, name: "Earlier signer" }),
  });
}

/** Signs the limit's 20 from `network`.0/24 (with 20 s of the binding's minute left for the test): the next is over it. */
async function fillTheLimit(network: string): Promise<void> {
  const leftMs = 60_000 - (Date.now() % 60_000);
  if (leftMs < 20_000) await new Promise((resolve) => setTimeout(resolve, leftMs + 100));
  for (let i = 1; i <= 20; i++)
    expect((await signJson(`${network}.${i}`, `${network}-${i}@example.org`)).status).toBe(201);
}

async function publishedCount(): Promise<number> {
  expect((await fetch(`${worker.url}/__scheduled?cron=*+*+*+*+*`)).ok).toBe(true);
  const count = await fetch(`${worker.url}/v1/petitions/${SLUG}/count`);
  return (await count.json()).count;
}

/** Chromium signing from `ip`, its requests for Turnstile's script answered by the stand-in (and counted). */
async function signerFrom(context: BrowserContext, ip: string): Promise<{ scriptRequests: () => number }> {
  await context.setExtraHTTPHeaders({ "cf-connecting-ip": ip });
  let requests = 0;
  await context.route(TURNSTILE_SCRIPT, (route) => {
    requests += 1;
    return route.fulfill({ contentType: "text/javascript", body: STAND_IN_WIDGET });
  });
  return { scriptRequests: () => requests };
}

describe("with JavaScript, through embed.js", () => {
  const context = browserFor(true);
  const site = campaignSite();

  it("a signer over the limit sees the challenge, solves it, is signed and counted, and the campaign hears petition:signed", {
    timeout: 60_000,
  }, async () => {
    await fillTheLimit("203.0.113");
    const refused = await signJson("203.0.113.50", "api-over@example.org");
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({
      type: "/problems/challenge-required",
      challenge: { site_key: TURNSTILE_TEST_KEYS.siteKey, field: "cf-turnstile-response" },
    });

    const { scriptRequests } = await signerFrom(context(), "203.0.113.77");
    site.serve(`<ol id="events"></ol>
<script>addEventListener("message", (event) => {
  if (event.data?.type === "petition:signed") document.getElementById("events").append(Object.assign(document.createElement("li"), { textContent: event.data.type }));
});</script>
<script src="${worker.url}/embed.js" data-petition="${SLUG}" async></script>`);
    const page: Page = await context().newPage();
    await page.goto(site.origin());
    const form = page.frameLocator("iframe");
    await form.getByLabel("Full name").fill("Ana Challenged");
    await form.getByLabel("Email").fill("ana-challenged@example.org");
    await form.getByRole("button", { name: "Sign the petition" }).click();

    // The form comes back as the server renders it for a challenged network: the widget, the values kept, why.
    await form.getByText("Success!").waitFor();
    await form
      .getByRole("heading", {
        name: "Many signatures are coming from your network right now. Please complete the check below, then sign again.",
      })
      .waitFor();
    expect(await form.getByLabel("Email").inputValue()).toBe("ana-challenged@example.org");
    expect(await form.getByLabel("Full name").inputValue()).toBe("Ana Challenged");
    expect(scriptRequests()).toBe(1);
    await page.locator("iframe").screenshot({ path: join(ARTIFACTS_DIR, "challenge-form.png") });

    await form.getByRole("button", { name: "Sign the petition" }).click();
    await form.getByRole("heading", { name: "Thank you for signing!" }).waitFor();
    await page.locator("#events li").first().waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await page.locator("#events li").first().textContent()).toBe("petition:signed");
    // The 20 before it, and this one.
    expect(await publishedCount()).toBe(21);
  });
});

describe("without JavaScript", () => {
  const context = browserFor(false);

  it("a signer over the limit gets the form back with the challenge, their values kept and what to do without it", {
    timeout: 60_000,
  }, async () => {
    await fillTheLimit("198.51.100");
    const { scriptRequests } = await signerFrom(context(), "198.51.100.77");
    const page = await context().newPage();
    await page.goto(`${worker.url}/embed/${SLUG}`);
    expect(await page.locator(".cf-turnstile").count()).toBe(0);
    await page.getByLabel("Full name").fill("Bo NoScript");
    await page.getByLabel("Email").fill("bo-noscript@example.org");
    const answer = page.waitForResponse((response) => response.request().method() === "POST");
    await page.getByRole("button", { name: "Sign the petition" }).click();
    expect((await answer).status()).toBe(429);

    await page.getByRole("heading", { name: /Many signatures are coming from your network right now/ }).waitFor();
    expect(await page.getByLabel("Email").inputValue()).toBe("bo-noscript@example.org");
    expect(await page.getByLabel("Full name").inputValue()).toBe("Bo NoScript");
    expect(await page.locator(`.cf-turnstile[data-sitekey="${TURNSTILE_TEST_KEYS.siteKey}"]`).count()).toBe(1);
    // Turnstile needs JavaScript: the page says to wait instead (and the script is not even fetched).
    const withoutScript = page.locator(".field noscript p");
    expect(await withoutScript.isVisible()).toBe(true);
    expect(await withoutScript.textContent()).toBe(
      "Too many signatures came from your network in a short time. Please wait a minute and try again.",
    );
    expect(scriptRequests()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS_DIR, "challenge-form-no-js.png"), fullPage: true });
  });
});
