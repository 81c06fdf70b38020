/**
 * One petition in many languages, in Chromium: the petition page in the reader's language (right to left
 * in Arabic), an address per language, the embed in a campaign's language, a WhatsApp share counted under
 * its channel on the dashboard, the device's share sheet where there is one, and axe on the form and the
 * page in every language the form speaks.
 */
import { describe, expect, inject, it } from "vitest";
import { CATALOGS } from "../../src/i18n/messages";
import { browserFor, STEP_TIMEOUT_MS } from "./chromium";
import { campaignSite, createPetition, expectAccessible, runTally, signIn } from "./helpers";

const workerUrl = inject("workerUrl");
const slug = `languages-${Date.now().toString(36)}`;
const site = campaignSite();

const petition = () => ({
  slug,
  title: "Love is not a crime",
  summary: "Ask every government to repeal these laws.",
  consent_text: "Keep me posted",
  goal: 1_000_000,
  embed_origins: [site.origin()],
  translations: {
    es: {
      title: "El amor no es un delito",
      summary: "Pide a cada gobierno que derogue estas leyes.",
      consent_text: "Quiero recibir novedades",
    },
    ar: { title: "الحب ليس جريمة", summary: "اطلب من كل حكومة إلغاء هذه القوانين." },
    "pt-BR": { title: "O amor não é crime", summary: "Peça a cada governo que revogue essas leis." },
  },
});

describe("a petition in many languages", () => {
  const context = browserFor(true);
  let created = false;
  const ready = async () => {
    if (!created) await createPetition(petition());
    created = true;
  };

  it("the petition page speaks Spanish to a Spanish reader: title, summary, consent and the goal as Spanish writes it", async () => {
    await ready();
    const page = await context().newPage();
    await page.setExtraHTTPHeaders({ "Accept-Language": "es-ES,es;q=0.9" });
    await page.goto(`${workerUrl}/p/${slug}`);
    await page.getByRole("heading", { name: "El amor no es un delito" }).waitFor();
    await page.getByText("Pide a cada gobierno que derogue estas leyes.").waitFor();
    await page.getByText("Quiero recibir novedades").waitFor();
    expect(await page.locator("label[for=progress]").textContent()).toContain("1.000.000");
    expect(await page.getAttribute("html", "lang")).toBe("es");
  });

  it("?lang=ar is right to left with the Arabic text, and every hreflang address answers in its language", async () => {
    await ready();
    const page = await context().newPage();
    await page.goto(`${workerUrl}/p/${slug}?lang=ar`);
    expect(await page.getAttribute("html", "dir")).toBe("rtl");
    await page.getByRole("heading", { name: "الحب ليس جريمة" }).waitFor();
    const alternates = await page
      .locator('link[rel="alternate"][hreflang]')
      .evaluateAll((links) => links.map((l) => [l.getAttribute("hreflang"), (l as HTMLLinkElement).href]));
    expect(alternates.map(([lang]) => lang)).toEqual(["en", "es", "ar", "pt-BR", "x-default"]);
    for (const [lang, href] of alternates) {
      const response = await page.goto(href!);
      expect(response?.status(), href!).toBe(200);
      if (lang !== "x-default") expect(await page.getAttribute("html", "lang")).toBe(lang!.split("-")[0]);
    }
  });

  it('embed.js with data-lang="pt-BR" on a campaign\'s own site shows the Portuguese translation', async () => {
    await ready();
    site.serve(`<script src="${workerUrl}/embed.js" data-petition="${slug}" data-lang="pt-BR" async></script>`);
    const page = await context().newPage();
    await page.goto(site.origin());
    await page
      .frameLocator("iframe")
      .getByRole("heading", { name: "O amor não é crime" })
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await page.frameLocator("iframe").locator("input[name=locale]").getAttribute("value")).toBe("pt-BR");
  });

  it("a signature from a WhatsApp share link is counted under WhatsApp on the dashboard", async () => {
    await ready();
    const page = await context().newPage();
    await page.goto(`${workerUrl}/p/${slug}`);
    const whatsapp = await page.getByRole("link", { name: "WhatsApp" }).getAttribute("href");
    const shared = decodeURIComponent(new URL(whatsapp!).searchParams.get("text")!).match(/https?:\/\/\S+/)![0];
    expect(new URL(shared).searchParams.get("ch")).toBe("whatsapp");

    await page.goto(shared);
    await page.getByLabel("Full name").fill("Shared Friend");
    await page.getByLabel("Email").fill(`whatsapp-${Date.now()}@example.org`);
    await page.getByRole("button", { name: "Sign the petition" }).click();
    await page.getByRole("heading", { name: "Thank you for signing!" }).waitFor();
    await runTally();

    await signIn(page);
    await page.goto(`${workerUrl}/admin/p/${slug}`);
    const byChannel = page.getByRole("table", { name: "By channel" });
    await expect.poll(() => byChannel.getByRole("row", { name: /WhatsApp/ }).textContent()).toContain("1");
  });

  it("offers the device's share sheet only where the browser has navigator.share, with a link naming that channel", async () => {
    await ready();
    const page = await context().newPage();
    await page.goto(`${workerUrl}/p/${slug}?lang=es`);
    const sheet = page.getByRole("button", { name: "Más formas de compartir" });
    expect(await sheet.count()).toBe(0);

    // Chromium on Linux has no share sheet: the test gives the page one that records what it is asked to share.
    await page.addInitScript(() => {
      const shared: ShareData[] = [];
      Object.assign(window, { shared });
      navigator.share = async (data?: ShareData) => void shared.push(data!);
    });
    await page.reload();
    await sheet.click();
    const [shared] = await page.evaluate(() => (window as unknown as { shared: ShareData[] }).shared);
    expect(shared?.title).toBe("El amor no es un delito");
    const url = new URL(shared!.url!);
    expect(url.searchParams.get("ch")).toBe("native");
    const whatsapp = await page.getByRole("link", { name: "WhatsApp" }).getAttribute("href");
    expect(decodeURIComponent(whatsapp!)).toContain(`ref=${url.searchParams.get("ref")}`);

    // The thank-you content a JavaScript signature brings in offers it too.
    await page.goto(`${workerUrl}/embed/${slug}?lang=es`);
    await page.locator("#field-name").fill("Sheet Sharer");
    await page.locator("#field-email").fill(`sheet-${Date.now()}@example.org`);
    await page.getByRole("button", { name: "Firmar la petición" }).click();
    await sheet.click();
    const [afterSigning] = await page.evaluate(() => (window as unknown as { shared: ShareData[] }).shared);
    expect(new URL(afterSigning!.url!).searchParams.get("ch")).toBe("native");
  });

  it("axe finds no violation on the form and the petition page in any language the form speaks", async () => {
    await ready();
    const page = await context().newPage();
    for (const lang of Object.keys(CATALOGS)) {
      for (const path of [`/embed/${slug}?lang=${lang}`, `/p/${slug}?lang=${lang}`]) {
        await page.goto(`${workerUrl}${path}`);
        await expectAccessible(page, path);
      }
    }
  });
});
