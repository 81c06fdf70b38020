/**
 * The embed form in a real browser (Debian's Chromium through playwright-core): a host page on
 * another origin embeds the demo petition with embed.js, or with its <noscript> iframe when
 * JavaScript is off. Screenshots go to test-artifacts/.
 */
import { join } from "node:path";
import type { BrowserContext, Frame, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { FRAME_ANSWER_TIMEOUT_MS } from "../../src/embed/widget-script";
import { pluralForm } from "../../src/i18n/format";
import { messagesFor } from "../../src/i18n/messages";
import { browserFor, STEP_TIMEOUT_MS } from "./chromium";
import { ARTIFACTS_DIR } from "./global-setup";
import { campaignSite, createPetition } from "./helpers";

const workerUrl = inject("workerUrl");
const hostUrl = inject("hostUrl");
const adminToken = inject("adminToken");
let emailCounter = 0;
const uniqueEmail = () => `browser-${Date.now()}-${++emailCounter}@example.org`;

/** The host page in `lang`, and the petition's frame in it once that has loaded. */
async function openHostPage(context: BrowserContext, lang: string): Promise<{ page: Page; frame: Frame }> {
  const page = await context.newPage();
  await page.goto(`${hostUrl}/?lang=${lang}`);
  const frame = await (await page.locator("iframe").elementHandle())?.contentFrame();
  if (!frame) throw new Error("the host page has no petition frame");
  await frame.waitForLoadState();
  return { page, frame };
}

/** embed.js has resized the frame to the form's height (it starts at 640px). */
async function waitForResize(page: Page): Promise<void> {
  await expect
    .poll(() => page.locator("iframe").evaluate((frame: HTMLIFrameElement) => frame.style.height), {
      timeout: STEP_TIMEOUT_MS,
    })
    .not.toBe("640px");
}

/** Long enough for embed.js to have given up on every frame that stayed silent. */
const PAST_FRAME_ANSWER_TIMEOUT_MS = FRAME_ANSWER_TIMEOUT_MS + 500;

const embedScript = (slug: string) => `<script src="${workerUrl}/embed.js" data-petition="${slug}" async></script>`;

/** The id (or, without one, the tag) of what has the keyboard's focus in the frame; null while the frame does not. */
const focusedInFrame = (frame: Frame) =>
  frame.evaluate(() => (document.hasFocus() ? document.activeElement!.id || document.activeElement!.tagName : null));

describe("with JavaScript", () => {
  const context = browserFor(true);

  it("signs through embed.js: inline errors, then thanks without reload, and the host page hears petition:signed", async () => {
    const { page, frame } = await openHostPage(context(), "en");
    expect(frame.url()).toContain(`${workerUrl}/embed/demo?`);
    await waitForResize(page);
    await page.locator("iframe").screenshot({ path: join(ARTIFACTS_DIR, "embed-form-en.png") });

    const form = page.frameLocator("iframe");
    await form.getByLabel("Full name").fill("Ana Browser");
    await form.getByLabel("Email").fill("not-an-email");
    await form.getByRole("button", { name: "Sign the petition" }).click();
    await form.getByText("Enter a valid email address").waitFor();
    expect(await form.getByLabel("Email").getAttribute("aria-invalid")).toBe("true");
    expect(await form.getByLabel("Email").getAttribute("aria-describedby")).toBe("email-error");
    expect(await focusedInFrame(frame)).toBe("field-email");
    expect(await form.getByRole("status").textContent()).toBe("Please correct the fields marked below.");

    const loadedAt = frame.url();
    await form.getByLabel("Email").fill(uniqueEmail());
    await form.getByRole("checkbox").check();
    await form.getByRole("button", { name: "Sign the petition" }).click();
    await form.getByRole("heading", { name: "Thank you for signing!" }).waitFor();
    expect(frame.url()).toBe(loadedAt);
    expect(await focusedInFrame(frame)).toBe("thanks-title");
    for (const network of ["WhatsApp", "Telegram", "Facebook", "X", "Email"]) {
      expect(await form.getByRole("link", { name: network, exact: true }).count()).toBe(1);
    }

    const event = page.locator("#events li").first();
    await event.waitFor();
    expect(JSON.parse((await event.textContent())!.replace("petition:signed ", ""))).toMatchObject({
      type: "petition:signed",
      petition: "demo",
    });
    await waitForResize(page);
    await page.locator("iframe").screenshot({ path: join(ARTIFACTS_DIR, "embed-thanks.png") });
  });

  it("shows Arabic right to left", async () => {
    const { page, frame } = await openHostPage(context(), "ar");
    expect(
      await frame.evaluate(() => [
        document.documentElement.lang,
        document.documentElement.dir,
        getComputedStyle(document.body).direction,
      ]),
    ).toEqual(["ar", "rtl", "rtl"]);
    await page.frameLocator("iframe").getByRole("button", { name: "وقّع العريضة" }).waitFor();
    await waitForResize(page);
    await page.locator("iframe").screenshot({ path: join(ARTIFACTS_DIR, "embed-form-ar.png") });
    expect(await page.locator("iframe").getAttribute("title")).toBe("توقيع العريضة");
    // Past embed.js's patience: a frame that has spoken stays.
    await page.waitForTimeout(PAST_FRAME_ANSWER_TIMEOUT_MS);
    expect(await page.locator("iframe").count()).toBe(1);
  });

  it("thanks in Arabic in the plural form the new count takes, the number as the language writes it", async () => {
    const { page } = await openHostPage(context(), "ar");
    const arabic = messagesFor("ar");
    const form = page.frameLocator("iframe");
    await form.getByLabel(arabic.name).fill("أمل");
    await form.getByLabel(arabic.email).fill(uniqueEmail());
    await form.getByRole("checkbox").check();
    const answer = page.waitForResponse((res) => res.url().endsWith("/v1/petitions/demo/signatures"));
    await form.getByRole("button", { name: arabic.submit }).click();
    const { count } = await (await answer).json();
    await form.getByRole("heading", { name: arabic.thanksTitle }).waitFor();
    const line = form.locator("[data-count-forms]");
    const number = (await line.locator("strong").count()) ? await line.locator("strong").textContent() : "";
    const sentence = pluralForm("ar", arabic.thanksCount, count);
    expect(await line.textContent()).toBe(sentence.replace("{count}", number!));
    if (sentence.includes("{count}")) expect(Number(number!.replace(/\D/g, ""))).toBe(count);
  });

  it("says why a signature was refused in the page's language: here, a petition closed while its form was open", async () => {
    const admin = { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json" };
    const slug = `closing-${Date.now()}`;
    const created = await fetch(`${workerUrl}/v1/petitions`, {
      method: "POST",
      headers: admin,
      body: JSON.stringify({ slug, title: "Bientôt close", summary: "…", goal: 10 }),
    });
    expect(created.status).toBe(201);
    const page = await context().newPage();
    await page.goto(`${workerUrl}/embed/${slug}?lang=fr`);
    const closed = await fetch(`${workerUrl}/v1/petitions/${slug}`, {
      method: "PATCH",
      headers: admin,
      body: JSON.stringify({ status: "closed" }),
    });
    expect(closed.status).toBe(200);
    const french = messagesFor("fr");
    await page.getByLabel(french.name).fill("Camille");
    await page.getByLabel(french.email).fill(uniqueEmail());
    await page.getByRole("button", { name: french.submit }).click();
    await expect.poll(() => page.getByRole("status").textContent(), { timeout: STEP_TIMEOUT_MS }).toBe(french.closed);
  });

  it("on a site the petition does not let frame it, embed.js gives way to a link to the form's own page", async () => {
    // The same host page under another name is another origin, and not in the demo's embed_origins.
    const stranger = new URL(hostUrl);
    stranger.hostname = "localhost";
    const page = await context().newPage();
    await page.goto(`${stranger.origin}/?lang=fr`);
    const link = page.getByRole("link", { name: "Signer la pétition sur sa propre page" });
    await link.waitFor();
    expect(await page.locator("iframe").count()).toBe(0);
    expect(await link.getAttribute("href")).toBe(`${workerUrl}/embed/demo?lang=fr&source=demo-host`);
    await link.click();
    await page.getByRole("button", { name: "Signer la pétition" }).waitFor();
  });

  it("on the petition's own page, the thanks and the page's share links make one row of them", async () => {
    const page = await context().newPage();
    await page.goto(`${workerUrl}/p/demo?lang=en`);
    await page.getByLabel("Full name").fill("Pat Page");
    await page.getByLabel("Email").fill(uniqueEmail());
    await page.getByRole("button", { name: "Sign the petition" }).click();
    await page.getByRole("heading", { name: "Thank you for signing!" }).waitFor();
    for (const network of ["WhatsApp", "Telegram", "Facebook", "X", "Email"]) {
      expect(await page.getByRole("link", { name: network, exact: true }).count()).toBe(1);
    }
    await page.screenshot({ path: join(ARTIFACTS_DIR, "petition-page-thanks.png"), fullPage: true });
  });

  describe("several embeds on one page", () => {
    const site = campaignSite();

    // The reviewer's page: a petition that does not list the site above one that does, which starts
    // out of view until the first gives way to its link; further down, the second petition again.
    it("each frame the site may show stays, out of view or below one it may not (loaded several times: they race)", async () => {
      await createPetition({ slug: "elsewhere-only", embed_origins: ["https://elsewhere.example"] });
      await createPetition({ slug: "this-site-too", embed_origins: [site.origin()] });
      site.serve(`<h1>Our campaigns</h1><div style="height:400px">Why they matter.</div>
${embedScript("elsewhere-only")}${embedScript("this-site-too")}
<div style="height:600px">More about the second one.</div>${embedScript("this-site-too")}`);

      for (let load = 1; load <= 4; load++) {
        const page = await context().newPage();
        await page.goto(site.origin());
        const shown = page.locator('iframe[src*="/embed/this-site-too?"]');
        expect(
          await shown.evaluateAll((frames) => frames.map((frame) => frame.getBoundingClientRect().top > innerHeight)),
        ).toEqual([true, true]);

        for (const frame of await shown.elementHandles()) await (await frame.contentFrame())?.waitForLoadState();
        await page.waitForTimeout(PAST_FRAME_ANSWER_TIMEOUT_MS);
        const links = page.getByRole("link", { name: "Sign the petition on its own page" });
        await expect
          .poll(() => links.evaluateAll((all) => all.map((link) => (link as HTMLAnchorElement).href)))
          .toEqual([`${workerUrl}/embed/elsewhere-only`]);
        // Each has told embed.js its height (it starts at 640px), though out of view.
        expect(await shown.evaluateAll((frames) => frames.map((frame) => frame.style.height !== "640px"))).toEqual([
          true,
          true,
        ]);
        await page.close();
      }
    }, 60_000);
  });

  it("signs with the keyboard alone: every field in order, the honeypot never, focus always visible", async () => {
    const { page, frame } = await openHostPage(context(), "en");
    await waitForResize(page);

    // From the top of the host page, past its own links, into the form.
    for (let presses = 0; presses < 15 && (await focusedInFrame(frame)) !== "field-name"; presses++)
      await page.keyboard.press("Tab");
    expect(await focusedInFrame(frame)).toBe("field-name");

    const visited: (string | null)[] = [];
    const typing: Record<string, () => Promise<void>> = {
      "field-name": () => page.keyboard.type("Kim Keys"),
      "field-email": () => page.keyboard.type(uniqueEmail()),
      "field-consent": () => page.keyboard.press("Space"),
    };
    for (let step = 0; step < 6; step++) {
      const focused = await focusedInFrame(frame);
      visited.push(focused);
      expect(await frame.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe("solid");
      await typing[focused ?? ""]?.();
      if (focused === "BUTTON") break;
      await page.keyboard.press("Tab");
    }
    expect(visited).toEqual([
      "field-name",
      "field-email",
      "field-country",
      "field-postcode",
      "field-consent",
      "BUTTON",
    ]);

    await page.keyboard.press("Enter");
    await page.frameLocator("iframe").getByRole("heading", { name: "Thank you for signing!" }).waitFor();
    expect(await focusedInFrame(frame)).toBe("thanks-title");
  });
});

describe("without JavaScript", () => {
  const context = browserFor(false);

  it("the <noscript> iframe's form posts as HTML: errors come back on the page, then the thank-you page", async () => {
    const { page, frame } = await openHostPage(context(), "en");
    expect(await page.locator("iframe").count()).toBe(1);
    expect(frame.url()).toBe(`${workerUrl}/embed/demo?lang=en&source=demo-host`);

    const form = page.frameLocator("iframe");
    await form.getByLabel("Full name").fill("Noor No-Script");
    await form.getByRole("button", { name: "Sign the petition" }).click();
    await form.getByRole("alert").getByRole("link", { name: "Enter a valid email address" }).waitFor();
    expect(frame.url()).toBe(`${workerUrl}/v1/petitions/demo/signatures`);
    expect(await form.getByLabel("Full name").inputValue()).toBe("Noor No-Script");
    expect(await form.getByLabel("Email").getAttribute("aria-invalid")).toBe("true");
    // Chromium refuses autofocus in a cross-origin frame: the error summary's link is the first stop instead.
    await page.keyboard.press("Tab");
    expect(await frame.evaluate(() => document.activeElement?.getAttribute("href"))).toBe("#field-email");

    await form.getByLabel("Email").fill(uniqueEmail());
    await form.getByRole("button", { name: "Sign the petition" }).click();
    await form.getByRole("heading", { name: "Thank you for signing!" }).waitFor();
    expect(frame.url()).toBe(`${workerUrl}/embed/demo/thanks?lang=en`);
    expect(await form.getByRole("link", { name: "WhatsApp" }).getAttribute("href")).toContain(
      encodeURIComponent(`${workerUrl}/p/demo`),
    );
  });
});

describe("the API docs", () => {
  const context = browserFor(true);

  it("/docs renders Swagger UI from the Worker alone: no other origin, no CSP violation, no error", async () => {
    const page = await context().newPage();
    const elsewhere: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(workerUrl)) elsewhere.push(request.url());
    });
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
    page.on("response", (response) => {
      if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${workerUrl}/docs`);
    await page.getByRole("heading", { name: /Petition Edge/ }).waitFor();
    await page.getByText("/v1/petitions/{slug}/signatures").first().waitFor();
    expect(elsewhere).toEqual([]);
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS_DIR, "docs.png") });
  });
});

describe("a local Worker that cannot locate the signer", () => {
  const context = browserFor(false);

  // wrangler dev offline once located every request in wrangler's US placeholder, and every form chose it.
  it("pre-selects no country: the signer chooses one", async () => {
    const page = await context().newPage();
    await page.goto(`${workerUrl}/embed/demo`);
    const country = page.getByLabel("Country");
    expect(await country.inputValue()).toBe("");
    expect(await country.locator("option[selected]").count()).toBe(0);
  });
});
