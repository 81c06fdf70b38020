/**
 * A share image through a real browser without JavaScript: uploaded from the edit page's file input,
 * decoded there as the preview, named by the petition page's og:image, and removed again.
 */
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { pngImage } from "../helpers/images";
import { browserFor } from "./chromium";
import { ARTIFACTS_DIR } from "./global-setup";

const workerUrl = inject("workerUrl");
const adminToken = inject("adminToken");

describe("a share image, without JavaScript", () => {
  const context = browserFor(false, { width: 720, height: 1000 });

  it("is uploaded from the edit page, previewed, on the petition page's og:image, and removed", async () => {
    const slug = `share-${Date.now().toString(36)}`;
    const created = await fetch(`${workerUrl}/v1/petitions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ slug, title: "Clean water", summary: "For every school.", goal: 100 }),
    });
    expect(created.status).toBe(201);

    const page = await context().newPage();
    await page.goto(`${workerUrl}/admin/sign-in`);
    await page.getByLabel("Admin token").fill(adminToken);
    await page.keyboard.press("Enter");
    await page.waitForURL(`${workerUrl}/admin`);
    await page.goto(`${workerUrl}/admin/p/${slug}/edit`);

    const png = Buffer.from(await pngImage(1200, 630));
    await page
      .getByLabel("Image", { exact: true })
      .setInputFiles({ name: "card.png", mimeType: "image/png", buffer: png });
    await page.getByRole("button", { name: "Upload" }).click();
    await page.waitForURL(`${workerUrl}/admin/p/${slug}/edit#share-image`);
    const preview = page.locator("#share-image img");
    // The browser decodes it: a real PNG, and the console's policy lets its own preview load.
    await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1200);
    await page.locator("#share-image").screenshot({ path: join(ARTIFACTS_DIR, "console-share-image.png") });

    const petitionPage = await context().newPage();
    await petitionPage.goto(`${workerUrl}/p/${slug}`);
    const ogImage = await petitionPage.locator('meta[property="og:image"]').getAttribute("content");
    expect(ogImage).toMatch(new RegExp(`^${workerUrl}/p/${slug}/share-image/default/[\\w-]{43}\\.png$`));
    const served = await fetch(ogImage!);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);

    await page.getByRole("button", { name: "Remove" }).click();
    await page.waitForURL(`${workerUrl}/admin/p/${slug}/edit#share-image`);
    expect(await page.locator("#share-image").textContent()).toContain("No share image yet");
    await petitionPage.reload();
    expect(await petitionPage.locator('meta[property="og:image"]').count()).toBe(0);
  });
});
