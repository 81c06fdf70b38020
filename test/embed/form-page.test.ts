import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../functions/app";
import { CATALOGS, messagesFor } from "../../src/i18n/messages";
import { tagWithId, withoutShareCodes } from "../helpers/html";
import { call, createPetition, signJson } from "../helpers/index";
import { runCron } from "../helpers/tally";

async function embedPage(
  path: string,
  init: RequestInit & { cf?: Record<string, unknown> } = {},
): Promise<{ res: Response; page: string }> {
  const res = await call(path, init);
  return { res, page: await res.text() };
}

describe("the form page", () => {
  it("asks for what the petition asks for, every field labelled, country preselected from the edge", async () => {
    const petition = await createPetition({ fields: { name: "required", postcode: "off" } });
    const { res, page } = await embedPage(`/embed/${petition.slug}`, { cf: { country: "KE" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain(`<h1 dir="auto">${petition.title}</h1>`);
    expect(page).toContain(`<progress id="progress" max="1000" value="0">`);
    expect(page).toContain(`action="/v1/petitions/${petition.slug}/signatures"`);
    expect(tagWithId(page, "field-name")).toContain(" required");
    expect(tagWithId(page, "field-email")).toMatch(/type="email" dir="auto" autocomplete="email".* required/);
    expect(tagWithId(page, "field-postcode")).toBe("");
    expect(tagWithId(page, "field-consent")).toBe("");
    expect(page).toContain(`<option value="KE" selected>Kenya</option>`);
    for (const id of ["field-name", "field-email", "field-country", "field-website"])
      expect(page).toContain(`<label for="${id}">`);
    // No external resource of any kind.
    // Links to share networks, and to the petition's own page (the share list's plain link), only.
    expect(page).not.toMatch(
      /\b(src|href)="(https?:)?\/\/(?!wa\.me|t\.me|x\.com|www\.facebook\.com|petitions\.test\/p\/)/,
    );
  });

  it("an optional name or postcode is marked optional, a field that is off is absent, consent shows the petition's text", async () => {
    const petition = await createPetition({
      fields: { name: "off", postcode: "optional" },
      consent_text: "Email me about this campaign",
    });
    const { page } = await embedPage(`/embed/${petition.slug}`);
    expect(tagWithId(page, "field-name")).toBe("");
    expect(tagWithId(page, "field-postcode")).not.toContain("required");
    expect(page).toMatch(/<label for="field-postcode">Postcode <span class="optional">\(optional\)<\/span><\/label>/);
    expect(tagWithId(page, "field-consent")).toMatch(/type="checkbox".*name="consent"/);
    expect(page).toContain(`<label for="field-consent" dir="auto">Email me about this campaign</label>`);
    // Without a country from the edge, nothing is preselected: the empty choice stands.
    expect(page).not.toMatch(/<option value="[A-Z]{2}" selected>/);
  });

  it("hides the honeypot from people, screen readers and the keyboard", async () => {
    const petition = await createPetition();
    const { page } = await embedPage(`/embed/${petition.slug}`);
    expect(page).toContain(`<div class="hp" aria-hidden="true">`);
    expect(tagWithId(page, "field-website")).toMatch(/name="website" tabindex="-1" autocomplete="off"/);
  });

  it("escapes every petition field: markup in a title, summary or consent text is shown as text", async () => {
    const attack = `<script>alert(1)</script>"><img src=x onerror=alert(2)>`;
    const petition = await createPetition({ title: attack, summary: attack, consent_text: attack });
    const { page } = await embedPage(`/embed/${petition.slug}?source=${encodeURIComponent(attack)}`);
    expect(page).not.toContain("<script>alert");
    expect(page).not.toContain("<img");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;");
    // The one script is ours, with the response's nonce.
    expect(page.match(/<script\b/g)).toHaveLength(1);
  });

  it("is closed for a closed petition, and a 404 page for an unknown or draft one", async () => {
    const closed = await createPetition({ status: "closed" });
    const { res, page } = await embedPage(`/embed/${closed.slug}`);
    expect(res.status).toBe(200);
    expect(page).toContain("This petition is closed and no longer accepts signatures.");
    expect(page).not.toContain("<form");

    const draft = await createPetition({ status: "draft" });
    for (const slug of [draft.slug, "no-such-petition"]) {
      const missing = await embedPage(`/embed/${slug}`);
      expect(missing.res.status).toBe(404);
      expect(missing.res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(missing.page).toContain("<h1>Petition not found</h1>");
      expect(missing.page).toContain("<p>There is no petition at this address, or it is not open yet.");
    }
    const swahili = await embedPage("/p/no-such-petition?lang=sw");
    expect(swahili.res.status).toBe(404);
    expect(swahili.page).toContain("<title>Ombi halikupatikana</title>");
  });

  it("ignores options that do not fit instead of refusing the page, and applies a theme colour", async () => {
    const petition = await createPetition();
    const odd = await embedPage(
      `/embed/${petition.slug}?theme=red;}body{display:none&lang=xx&origin=javascript:alert(1)`,
    );
    expect(odd.res.status).toBe(200);
    expect(odd.page).not.toContain("display:none");
    expect(odd.page).toContain(`data-parent=""`);

    const themed = await embedPage(`/embed/${petition.slug}?theme=ffd43b`);
    // A light accent gets dark button text and a dark focus ring.
    expect(themed.page).toContain(":root{--accent:#ffd43b;--on-accent:#1a1a1a;--focus:#1a1a1a}");
    expect(themed.page).toContain(`<input type="hidden" name="theme" value="#ffd43b">`);
  });
});

describe("the page's language", () => {
  it.each([
    ["?lang= wins", "?lang=ar", ["en", "fr"], "fr-FR", "ar"],
    ["?lang= takes a region", "?lang=pt-BR", [], undefined, "pt"],
    ["the signer's preference among the petition's locales", "", ["en", "de", "fr"], "de-CH, fr;q=0.9", "de"],
    ["q values order preferences", "", ["en", "es", "fr"], "fr;q=0.5, es;q=0.8", "es"],
    ["the petition's first locale when the signer prefers none of them", "", ["pt", "es"], "ja, en;q=0.5", "pt"],
    ["Accept-Language for a petition without locales", "", [], "es-MX,es;q=0.9", "es"],
    ["a language without messages falls through", "?lang=nl", [], "nl, fr;q=0.1", "fr"],
    ["English when nothing fits", "", [], "nl", "en"],
  ])("%s", async (_, query, locales, acceptLanguage, expected) => {
    const petition = await createPetition({ locales });
    const headers: Record<string, string> = acceptLanguage ? { "Accept-Language": acceptLanguage } : {};
    const { res, page } = await embedPage(`/embed/${petition.slug}${query}`, { headers });
    expect(page).toContain(`<html lang="${expected}" dir="${expected === "ar" ? "rtl" : "ltr"}">`);
    expect(page).toContain(`<input type="hidden" name="locale" value="${expected}">`);
    expect(res.headers.get("vary")).toContain("Accept-Language");
  });

  it("speaks every language we have, Arabic and Persian right to left", async () => {
    const petition = await createPetition();
    const submit: Record<string, string> = {
      en: "Sign the petition",
      es: "Firmar la petición",
      fr: "Signer la pétition",
      pt: "Assinar a petição",
      de: "Petition unterschreiben",
      ar: "وقّع العريضة",
      ru: "Подписать петицию",
      tr: "Kampanyayı imzalayın",
      id: "Tanda tangani petisi",
      sw: "Tia sahihi ombi hili",
      hi: "याचिका पर हस्ताक्षर करें",
      zh: "签署请愿",
      it: "Firma la petizione",
      pl: "Podpisz petycję",
      uk: "Підписати петицію",
      fa: "امضای کارزار",
      ja: "署名する",
      ko: "청원에 서명하기",
      vi: "Ký tên ủng hộ kiến nghị",
    };
    expect(Object.keys(submit).sort()).toEqual(Object.keys(CATALOGS).sort());
    for (const [lang, label] of Object.entries(submit)) {
      const { page } = await embedPage(`/embed/${petition.slug}?lang=${lang}`);
      expect(page).toContain(`<html lang="${lang}" dir="${lang === "ar" || lang === "fa" ? "rtl" : "ltr"}">`);
      expect(page).toContain(`<button type="submit">${label}</button>`);
    }
    const { page } = await embedPage(`/embed/${petition.slug}?lang=ar`, { cf: { country: "EG" } });
    expect(page).toContain(`<option value="EG" selected>مصر</option>`);
    const persian = await embedPage(`/embed/${petition.slug}?lang=fa`, { cf: { country: "IR" } });
    expect(persian.page).toContain(`<option value="IR" selected>ایران</option>`);
  });

  it("gives Traditional Chinese readers another language they accept before Simplified", async () => {
    const petition = await createPetition();
    const page = async (acceptLanguage: string) =>
      (await embedPage(`/embed/${petition.slug}`, { headers: { "Accept-Language": acceptLanguage } })).page;
    expect(await page("zh-CN,zh;q=0.9")).toContain(`<html lang="zh" dir="ltr">`);
    expect(await page("zh-TW,zh-Hant;q=0.9,en;q=0.5")).toContain(`<html lang="en" dir="ltr">`);
    expect(await page("zh-HK")).toContain(`<html lang="zh" dir="ltr">`);
  });

  it("says the petition's progress with the language's plural and digit grouping", async () => {
    const petition = await createPetition({ goal: 1_000_000 });
    const { page } = await embedPage(`/embed/${petition.slug}?lang=fr`);
    expect(page).toContain(`<label for="progress">0 signature · Objectif\u00a0: 1\u202f000\u202f000</label>`);
    const hindi = await embedPage(`/embed/${petition.slug}?lang=hi`);
    expect(hindi.page).toContain(`<label for="progress">0 हस्ताक्षर · लक्ष्य: 10,00,000</label>`);
    const arabic = await embedPage(`/embed/${petition.slug}?lang=ar`);
    expect(arabic.page).toContain(`<label for="progress">لا توقيعات بعد · الهدف: 1,000,000</label>`);
  });

  it("isolates the Latin example address in the email note, so Arabic does not read '.name@example.org'", async () => {
    const petition = await createPetition();
    const { page } = await embedPage(`/embed/${petition.slug}?lang=ar`);
    expect(page).toContain("مثل <bdi>name@example.org</bdi>.</p>");
    for (const lang of Object.keys(CATALOGS)) {
      const { page } = await embedPage(`/embed/${petition.slug}?lang=${lang}`);
      expect(page.match(/<p class="error" id="email-error" hidden>.*<\/p>/)?.[0]).toContain(
        `<bdi>${messagesFor(lang).emailExample}</bdi>`,
      );
    }
  });
});

describe("security headers", () => {
  it("frame-ancestors are the petition's embed_origins; no X-Frame-Options; nosniff; no referrer; a fresh nonce each time", async () => {
    const petition = await createPetition({ embed_origins: ["https://campaign.example", "http://localhost:8788"] });
    const first = await embedPage(`/embed/${petition.slug}`);
    const csp = first.res.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors https://campaign.example http://localhost:8788");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'self';");
    expect(first.res.headers.get("x-frame-options")).toBeNull();
    expect(first.res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(first.res.headers.get("cache-control")).toBe("no-store");

    const nonce = csp.match(/script-src 'nonce-([^']+)'/)![1]!;
    expect(first.page).toContain(`<script nonce="${nonce}">`);
    expect(first.page).toContain(`<style nonce="${nonce}">`);
    const second = await call(`/embed/${petition.slug}`);
    expect(second.headers.get("content-security-policy")).not.toContain(nonce);

    // The API keeps the global X-Frame-Options.
    expect((await call(`/v1/petitions/${petition.slug}`)).headers.get("x-frame-options")).toBe("SAMEORIGIN");
  });

  it("without embed_origins any site may frame the page, or what EMBED_FRAME_ANCESTORS says", async () => {
    const petition = await createPetition();
    expect((await call(`/embed/${petition.slug}`)).headers.get("content-security-policy")).toContain(
      "frame-ancestors *;",
    );
    const strict = await app.request(
      `/embed/${petition.slug}`,
      {},
      { ...env, EMBED_FRAME_ANCESTORS: "https://network.example" },
    );
    expect(strict.headers.get("content-security-policy")).toContain("frame-ancestors https://network.example;");
    const none = await app.request(`/embed/${petition.slug}`, {}, { ...env, EMBED_FRAME_ANCESTORS: "" });
    expect(none.headers.get("content-security-policy")).toContain("frame-ancestors 'none';");
  });

  it("posts events only to the parent embed.js names when that parent may frame the page", async () => {
    const petition = await createPetition({ embed_origins: ["https://campaign.example", "https://other.example"] });
    const named = await embedPage(`/embed/${petition.slug}?origin=https://campaign.example`);
    expect(named.page).toContain(`data-parent="https://campaign.example"`);
    const stranger = await embedPage(`/embed/${petition.slug}?origin=https://evil.example`);
    expect(stranger.page).toContain(`data-parent=""`);
    const unnamed = await embedPage(`/embed/${petition.slug}`);
    expect(unnamed.page).toContain(`data-parent="https://campaign.example https://other.example"`);

    const open = await createPetition();
    expect((await embedPage(`/embed/${open.slug}?origin=https://anyone.example`)).page).toContain(
      `data-parent="https://anyone.example"`,
    );
    expect((await embedPage(`/embed/${open.slug}`)).page).toContain(`data-parent=""`);
  });
});

describe("the thank-you page", () => {
  it("shows the published count and share links carrying the petition page's link", async () => {
    const petition = await createPetition({ title: "Equal marriage & more" });
    for (const email of ["a@example.org", "b@example.org", "c@example.org"]) {
      expect((await signJson(petition.slug, { email, name: "A" })).status).toBe(201);
    }
    await runCron();
    const { res, page: shown } = await embedPage(`/embed/${petition.slug}/thanks?lang=en`);
    expect(res.status).toBe(200);
    const page = withoutShareCodes(shown);
    expect(page).toContain(`<h2 id="thanks-title" tabindex="-1">Thank you for signing!</h2>`);
    expect(page).toContain(`<strong>3</strong> people have signed so far.</span> The count is updated every minute.`);
    const link = encodeURIComponent(`https://petitions.test/p/${petition.slug}`);
    const text = encodeURIComponent("I signed “Equal marriage & more”. Will you sign too?");
    expect(page).toContain(`href="https://wa.me/?text=${text}%20${link}"`);
    expect(page).toContain(`href="https://t.me/share/url?url=${link}&amp;text=${text}"`);
    expect(page).toContain(`href="https://www.facebook.com/sharer/sharer.php?u=${link}"`);
    expect(page).toContain(`href="https://x.com/intent/post?text=${text}&amp;url=${link}"`);
    expect(page).toContain(
      `href="mailto:?subject=${encodeURIComponent("Equal marriage & more")}&amp;body=${text}%0A%0A${link}"`,
    );
    expect((await call("/embed/no-such-petition/thanks")).status).toBe(404);
  });
});

describe("embed.js", () => {
  it("is JavaScript, cacheable, versioned by its ETag, and answers 304 when unchanged", async () => {
    const res = await call("/embed.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=3600, stale-while-revalidate=86400");
    const script = await res.text();
    expect(script).toContain("embed.js v1");
    expect(script).toContain("petition:resize");
    const etag = res.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    const again = await call("/embed.js", { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
  });

  it("and the pages are in the OpenAPI document", async () => {
    const doc = await (await call("/openapi.json")).json<{ paths: Record<string, object> }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/embed/{slug}", "/embed/{slug}/thanks", "/embed.js"]),
    );
  });
});
