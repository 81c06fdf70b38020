/**
 * The organiser console in a real browser, at a phone's width (360 px) and by keyboard where it
 * matters: sign in, create a petition (a mistake first), see it listed, edit it, copy the embed
 * snippet, watch a signature arrive after a tally run, download the CSV. Screenshots go to
 * test-artifacts/.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { browserFor } from "./chromium";
import { ARTIFACTS_DIR } from "./global-setup";

const workerUrl = inject("workerUrl");
const adminToken = inject("adminToken");
const slug = `console-${Date.now().toString(36)}`;

/** A full-page screenshot, once the page is known to fit the screen's width (no sideways scrolling). */
async function shot(page: Page, name: string): Promise<void> {
  const [scrollWidth, viewport] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
  expect(scrollWidth, `${name} fits ${viewport} px`).toBeLessThanOrEqual(viewport!);
  await page.screenshot({ path: join(ARTIFACTS_DIR, name), fullPage: true });
}

/** What `npm start` prints for running the tally by hand: wrangler dev's scheduled trigger. */
async function runTally(): Promise<void> {
  const res = await fetch(`${workerUrl}/__scheduled?cron=*+*+*+*+*`);
  expect(res.ok).toBe(true);
}

describe("the organiser console at 360 px", () => {
  const context = browserFor(true, { width: 360, height: 780 });

  it("signs in, creates a petition (errors by field first), lists it, edits it, copies the snippet, counts a signature, downloads the CSV", async () => {
    const page = await context().newPage();
    await context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: workerUrl });

    await page.goto(`${workerUrl}/admin`);
    expect(new URL(page.url()).pathname).toBe("/admin/sign-in");
    await shot(page, "console-sign-in.png");
    // The token field has focus: type and press Enter, no mouse.
    await page.keyboard.type("wrong-token");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#token-error").textContent()).toContain("not the admin token");
    await page.getByLabel("Admin token").fill(adminToken);
    await page.keyboard.press("Enter");
    await page.waitForURL(`${workerUrl}/admin`);
    const cookies = await context().cookies(workerUrl);
    expect(cookies.find((c) => c.name === "__Host-console-session")).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: "Strict",
    });

    await page.getByRole("link", { name: "New petition" }).first().click();
    await page.getByLabel("Slug").fill(slug);
    await page.getByLabel("Title").fill("Protect the river");
    await page.getByLabel("Goal").fill("0");
    await page.getByLabel("Sites that embed the form").fill("not-an-origin");
    await page.getByRole("button", { name: "Create petition" }).click();
    const summary = page.locator(".error-summary");
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.className)).toBe("error-summary");
    expect(await summary.textContent()).toContain("Summary:");
    expect(await page.getByLabel("Goal").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel("Title").inputValue()).toBe("Protect the river");
    await shot(page, "console-form-errors.png");
    // The summary's links take the keyboard to the field.
    await page.locator(".error-summary a", { hasText: "Goal:" }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("f-goal");

    await page.getByLabel("Summary").fill("Stop the dam before the spring floods.");
    await page.getByLabel("Goal").fill("100");
    await page.getByLabel("Sites that embed the form").fill("");
    await page.getByLabel("Languages").fill("en, pt");
    await page.getByRole("button", { name: "Create petition" }).click();
    await page.waitForURL(`${workerUrl}/admin/p/${slug}`);
    // New petitions start as drafts in the console: publishing is its own step.
    expect(await page.locator(".status").first().textContent()).toBe("draft");
    await page.getByRole("button", { name: "Publish" }).click();
    await expect.poll(() => page.locator(".status").first().textContent()).toBe("open");

    await page.getByRole("link", { name: "Petitions", exact: true }).click();
    const item = page.locator(".petitions li", { hasText: "Protect the river" });
    expect(await item.locator(`[data-live-count="${slug}"]`).textContent()).toBe("0");
    await shot(page, "console-list.png");

    await item.getByRole("link").click();
    await page.getByRole("link", { name: "Edit" }).click();
    await page.getByLabel("Title").fill("Protect the river now");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.waitForURL(`${workerUrl}/admin/p/${slug}`);
    expect(await page.locator("h1").textContent()).toBe("Protect the river now");

    await page.getByRole("button", { name: "Copy snippet" }).click();
    await expect.poll(() => page.locator("#announce").textContent()).toBe("Snippet copied");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(`<script src="${workerUrl}/embed.js" data-petition="${slug}" async></script>`);
    await page.getByLabel("Language").selectOption("pt");
    expect(await page.locator("#snippet").inputValue()).toContain('data-locale="pt"');
    const preview = page.frameLocator("#preview");
    await expect.poll(() => preview.locator("html").getAttribute("lang")).toBe("pt");

    const signed = await fetch(`${workerUrl}/v1/petitions/${slug}/signatures`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "river@example.org", name: "Rita", country: "BR" }),
    });
    expect(signed.status).toBe(201);
    await runTally();
    await page.reload();
    expect(await page.locator(`[data-live-count="${slug}"]`).textContent()).toBe("1");
    await expect
      .poll(() => page.locator('img[src*="/map.svg"]').evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBe(600);
    await shot(page, "console-dashboard.png");
    await page.locator('img[src*="/map.svg"]').screenshot({ path: join(ARTIFACTS_DIR, "console-map-360.png") });

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Signatures (CSV)" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${slug}-signatures.csv`);
    const csv = await readFile((await download.path())!, "utf8");
    // The BOM Excel needs for non-Latin names reaches the downloaded file.
    expect(csv).toMatch(/^\uFEFFemail,name,country/);
    expect(csv).toContain("river@example.org,Rita,BR");

    // The dashboard shows the top sources as the tally counted them; every source is a click away.
    expect(await page.locator("#sources-title + .table-wrap tbody tr").textContent()).toBe("nonepublic1");
    await page.getByRole("link", { name: "Every source" }).click();
    expect(await page.locator("tbody tr").textContent()).toBe("nonepublic1");

    await page.goto(`${workerUrl}/admin`);
    expect(await page.locator(`[data-live-count="${slug}"]`).textContent()).toBe("1");
  });

  it("the petition page reads well on a phone", async () => {
    const page = await context().newPage();
    await page.goto(`${workerUrl}/p/demo`);
    expect(await page.locator('meta[property="og:title"]').getAttribute("content")).toBeTruthy();
    await shot(page, "petition-page-360.png");
  });
});

describe("the dashboard on a desktop", () => {
  const context = browserFor(true, { width: 1200, height: 900 });

  it("shows the growth chart and the world map side by side", async () => {
    const page = await context().newPage();
    await page.goto(`${workerUrl}/admin/sign-in`);
    await page.getByLabel("Admin token").fill(adminToken);
    await page.keyboard.press("Enter");
    await page.waitForURL(`${workerUrl}/admin`);
    await page.goto(`${workerUrl}/admin/p/demo`);
    await expect
      .poll(() => page.locator('img[src*="/chart.svg"]').evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBe(600);
    await shot(page, "console-dashboard-desktop.png");
  });
});
