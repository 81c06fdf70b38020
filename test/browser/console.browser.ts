/**
 * The organiser console in a real browser, at a phone's width (360 px) and by keyboard where it
 * matters: sign in, create a petition (a mistake first), see it listed, edit it, copy the embed
 * snippet, watch a signature arrive after a tally run, download the CSV; at 375 px the preview frame
 * fits the form; without JavaScript, notices after each action and closing and erasure only once
 * confirmed; axe finds no violation on the newer pages. Screenshots go to test-artifacts/.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { browserFor } from "./chromium";
import { ARTIFACTS_DIR } from "./global-setup";
import { createPetition, expectAccessible, runTally, signIn } from "./helpers";

const workerUrl = inject("workerUrl");
const adminToken = inject("adminToken");
const slug = `console-${Date.now().toString(36)}`;

/** A full-page screenshot, once the page is known to fit the screen's width (no sideways scrolling). */
async function shot(page: Page, name: string): Promise<void> {
  const [scrollWidth, viewport] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
  expect(scrollWidth, `${name} fits ${viewport} px`).toBeLessThanOrEqual(viewport!);
  await page.screenshot({ path: join(ARTIFACTS_DIR, name), fullPage: true });
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
    await page.getByLabel("Title", { exact: true }).fill("Protect the river");
    await page.getByLabel("Goal").fill("0");
    await page.getByLabel("Sites that embed the form").fill("not-an-origin");
    await page.getByRole("button", { name: "Create petition" }).click();
    const summary = page.locator(".error-summary");
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.className)).toBe("error-summary");
    expect(await summary.textContent()).toContain("Enter a summary of at most 1,000 characters");
    expect(await page.getByLabel("Goal").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel("Title", { exact: true }).inputValue()).toBe("Protect the river");
    await shot(page, "console-form-errors.png");
    // The summary's links take the keyboard to the field.
    await page.locator(".error-summary a", { hasText: "Enter the goal" }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("f-goal");

    await page.getByLabel("Summary", { exact: true }).fill("Stop the dam before the spring floods.");
    await page.getByLabel("Goal").fill("100");
    await page.getByLabel("Sites that embed the form").fill("");
    await page.getByLabel("Languages").fill("en, pt");
    await page.getByRole("button", { name: "Create petition" }).click();
    await page.waitForURL(`${workerUrl}/admin/p/${slug}?notice=created`);
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
    await page.getByLabel("Title", { exact: true }).fill("Protect the river now");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.waitForURL(`${workerUrl}/admin/p/${slug}?notice=saved`);
    expect(await page.locator("h1").textContent()).toBe("Protect the river now");

    await page.getByRole("button", { name: "Copy snippet" }).click();
    await expect.poll(() => page.locator("#announce").textContent()).toBe("Snippet copied");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(`<script src="${workerUrl}/embed.js" data-petition="${slug}" async></script>`);
    await page.getByLabel("Language", { exact: true }).selectOption("pt");
    expect(await page.locator("#snippet").inputValue()).toContain('data-lang="pt"');
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
    await signIn(page);
    await page.goto(`${workerUrl}/admin/p/demo`);
    await expect
      .poll(() => page.locator('img[src*="/chart.svg"]').evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBe(600);
    await shot(page, "console-dashboard-desktop.png");
  });
});

describe("the console's preview at a phone's width (375 px)", () => {
  const context = browserFor(true, { width: 375, height: 740 });

  it("sizes the preview frame to the form, so its Sign button shows", async () => {
    const page = await context().newPage();
    await signIn(page);
    await page.goto(`${workerUrl}/admin/p/demo`);
    const preview = page.locator("#preview");
    await page.frameLocator("#preview").getByRole("button", { name: "Sign the petition" }).waitFor();
    // The button lies inside the frame's box: nothing of the form is cut off below it.
    await expect
      .poll(() =>
        preview.evaluate((frame: HTMLIFrameElement) => {
          const inner = frame.contentDocument!;
          const button = inner.querySelector("button")!.getBoundingClientRect();
          return button.bottom <= frame.clientHeight && inner.documentElement.scrollHeight <= frame.clientHeight;
        }),
      )
      .toBe(true);
    await preview.scrollIntoViewIfNeeded();
    await preview.screenshot({ path: join(ARTIFACTS_DIR, "console-preview-375.png") });
  });
});

describe("the console without JavaScript at 375 px: notices and confirmation", () => {
  const context = browserFor(false, { width: 375, height: 740 });
  const walkSlug = `walk-${Date.now().toString(36)}`;

  it("creates a petition (a notice says so), publishes it, and closes it only after confirming", async () => {
    const page = await context().newPage();
    await signIn(page);
    await page.getByRole("link", { name: "New petition" }).first().click();
    await page.getByLabel("Slug").fill(walkSlug);
    await page.getByLabel("Title", { exact: true }).fill("Walk the coast path");
    await page.getByLabel("Summary", { exact: true }).fill("Keep the coast path open to walkers.");
    await page.getByLabel("Goal").fill("500");
    await page.getByLabel("Closes at (UTC)").fill("2099-06-30T18:00");
    await page.getByRole("button", { name: "Create petition" }).click();
    await page.waitForURL(`${workerUrl}/admin/p/${walkSlug}?notice=created`);
    expect(await page.getByRole("status").first().textContent()).toBe("Petition created.");
    expect(await page.locator(".meta").first().textContent()).toContain("closes 30 Jun 2099, 18:00 UTC");

    await page.getByRole("button", { name: "Publish" }).click();
    await page.waitForURL(`${workerUrl}/admin/p/${walkSlug}?notice=published`);

    await page.getByRole("button", { name: "Close petition" }).click();
    expect(await page.locator("h1").textContent()).toBe("Close “Walk the coast path”?");
    expect(await page.locator(".status").count()).toBe(0);
    await shot(page, "console-confirm-close-375.png");
    await page.getByRole("button", { name: "Close petition" }).click();
    await page.waitForURL(`${workerUrl}/admin/p/${walkSlug}?notice=closed`);
    expect(await page.getByRole("status").first().textContent()).toContain("Petition closed");
    expect(await page.locator(".status").first().textContent()).toBe("closed");
  });

  it("previews the embed form in another language and colour", async () => {
    const page = await context().newPage();
    await signIn(page);
    await page.goto(`${workerUrl}/admin/p/demo`);
    await page.locator("#embed-lang").selectOption("es");
    await page.getByLabel("Accent colour").fill("#0b7285");
    await page.getByRole("button", { name: "Preview" }).click();
    const preview = page.frameLocator("#preview");
    await preview.getByRole("button", { name: "Firmar la petición" }).waitFor();
    const accent = await preview
      .locator("html")
      .evaluate((html) => getComputedStyle(html).getPropertyValue("--accent"));
    expect(accent.trim()).toBe("#0b7285");
  });

  it("erases a person after confirming, and shows what the erasure removed", async () => {
    const email = `walker-${Date.now()}@example.org`;
    const signed = await fetch(`${workerUrl}/v1/petitions/demo/signatures`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email, name: "Wanda", country: "GB" }),
    });
    expect(signed.status).toBe(201);
    const page = await context().newPage();
    await signIn(page);
    await page.getByRole("link", { name: "Privacy" }).click();
    await page.locator("#erasure-email").fill(email);
    await page.getByRole("button", { name: "Erase…" }).click();
    expect(await page.locator("h1").textContent()).toBe(`Erase ${email}?`);
    expect(await page.locator("main li").first().textContent()).toContain("Their 1 signature and");
    await page.getByRole("button", { name: "Erase", exact: true }).click();
    await page.waitForURL(/\/admin\/removals\/\d+\?notice=erased$/);
    expect(await page.locator("main").textContent()).toContain("1 signature removed");
    await shot(page, "console-removal-375.png");
  });
});

describe("the console's new pages are accessible (axe)", () => {
  const context = browserFor(true, { width: 375, height: 740 });

  it("has no violations on the privacy, access, confirmation, invalidation, removal and error pages", async () => {
    const email = `axe-${Date.now()}@example.org`;
    await fetch(`${workerUrl}/v1/petitions/demo/signatures`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email, name: "Axel", country: "SE" }),
    });
    const page = await context().newPage();
    await signIn(page);
    await page.goto(`${workerUrl}/admin/privacy`);
    await expectAccessible(page, "privacy");
    await page.locator("#access-email").fill(email);
    await page.getByRole("button", { name: "Show what is held" }).click();
    await page.locator("h1", { hasText: "What is held" }).waitFor();
    await expectAccessible(page, "access report");
    await page.goto(`${workerUrl}/admin/privacy`);
    await page.locator("#erasure-email").fill("not an address");
    await page.getByRole("button", { name: "Erase…" }).click();
    await page.locator(".error-summary").waitFor();
    await expectAccessible(page, "erasure refused");
    await page.locator("#erasure-email").fill(email);
    await page.getByRole("button", { name: "Erase…" }).click();
    await page.locator("h1", { hasText: "Erase" }).waitFor();
    await expectAccessible(page, "erasure confirmation");
    await page.getByRole("button", { name: "Erase", exact: true }).click();
    await page.waitForURL(/\/admin\/removals\//);
    await expectAccessible(page, "removal");

    await page.goto(`${workerUrl}/admin/p/demo/invalidate`);
    await expectAccessible(page, "invalidation");
    await page.getByRole("button", { name: "Void…" }).click();
    await page.locator(".error-summary").waitFor();
    await expectAccessible(page, "invalidation refused");

    await page.goto(`${workerUrl}/admin/new`);
    await page.getByLabel("Closes at (UTC)").fill("2001-01-01T00:00");
    await page.getByRole("button", { name: "Create petition" }).click();
    await page.locator(".error-summary").waitFor();
    await expectAccessible(page, "petition form refused");
    await page.goto(`${workerUrl}/admin/p/demo?notice=saved`);
    await expectAccessible(page, "dashboard with a notice");
  });

  it("has no violations on the dashboard with a suspected fraud wave, its confirmation and the flags page; voids it", async () => {
    const fraudSlug = `fraud-${Date.now().toString(36)}`;
    await createPetition({ slug: fraudSlug });
    // Sixty signatures from one network (this machine's) at one domain, within the minute: a wave.
    const batch = await fetch(`${workerUrl}/v1/petitions/${fraudSlug}/signatures/batch`, {
      method: "POST",
      headers: { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json" },
      body: JSON.stringify(Array.from({ length: 60 }, (_, i) => ({ email: `bot${i}@wave.example`, name: "Bot" }))),
    });
    expect(batch.status).toBe(200);
    await runTally();
    const page = await context().newPage();
    await signIn(page);
    await page.goto(`${workerUrl}/admin/p/${fraudSlug}`);
    const flags = page.locator("#fraud-title ~ .flags > li");
    expect(await flags.count()).toBe(2);
    expect(await flags.first().textContent()).toContain("60");
    await expectAccessible(page, "dashboard with fraud flags");
    await shot(page, "console-fraud-flags-375.png");

    await page.getByRole("button", { name: "Void these signatures…" }).first().click();
    await page.locator("h1", { hasText: "Void 60 signatures" }).waitFor();
    await expectAccessible(page, "fraud flag confirmation");
    await page.getByRole("button", { name: "Void these signatures", exact: true }).click();
    await page.waitForURL(/\/admin\/removals\/\d+\?notice=invalidated$/);
    expect(await page.locator("main").textContent()).toContain("60 signatures removed");

    await page.goto(`${workerUrl}/admin/p/${fraudSlug}/fraud-flags`);
    expect(await page.locator("main").textContent()).toContain("voided");
    await expectAccessible(page, "fraud flags page");
  });
});
