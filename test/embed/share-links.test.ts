/** Share links carry a fresh random referral code and their channel; a page reached through one sends both back. */
import { describe, expect, it } from "vitest";
import { call, createPetition, signatureRows, signJson } from "../helpers/index";

const hrefs = (page: string) =>
  [...page.matchAll(/<ul class="share"[^>]*>(.*?)<\/ul>/gs)].flatMap(([, list]) =>
    [...list!.matchAll(/href="([^"]+)"/g)].map(([, href]) => href!.replaceAll("&amp;", "&")),
  );

/** The shared petition links inside a list's hrefs (each network wraps it its own way). */
const sharedLinks = (page: string) =>
  hrefs(page).flatMap((href) =>
    [...decodeURIComponent(href).matchAll(/https:\/\/petitions\.test\/p\/[\w-]+\?ref=[\w-]+&ch=\w+/g)].map(
      ([link]) => new URL(link!),
    ),
  );

describe("share links", () => {
  it("carry one new referral code per page and each its channel, the petition's share text before them", async () => {
    const petition = await createPetition({ share_text: "I signed for clean air. Will you?" });
    const page = await (await call(`/p/${petition.slug}`)).text();
    const links = sharedLinks(page);
    expect(links.map((link) => link.searchParams.get("ch"))).toEqual([
      "whatsapp",
      "telegram",
      "facebook",
      "x",
      "email",
      "link",
    ]);
    const codes = new Set(links.map((link) => link.searchParams.get("ref")));
    expect(codes.size).toBe(1);
    expect([...codes][0]).toMatch(/^[A-Za-z0-9_-]{11}$/);
    expect(decodeURIComponent(hrefs(page)[0]!)).toContain("I signed for clean air. Will you?");

    const again = sharedLinks(await (await call(`/p/${petition.slug}`)).text());
    expect(again[0]!.searchParams.get("ref")).not.toBe([...codes][0]);
  });

  it("the thank-you page's share text is the translation of the signer's language", async () => {
    const petition = await createPetition({ share_text: "Sign it", translations: { es: { share_text: "Fírmala" } } });
    const thanks = await (await call(`/embed/${petition.slug}/thanks?lang=es`)).text();
    expect(decodeURIComponent(hrefs(thanks)[0]!)).toContain("Fírmala");
  });

  it("a page reached through a shared link sends its code and channel with the signature", async () => {
    const petition = await createPetition();
    const page = await (await call(`/p/${petition.slug}?ref=sharedCODE1&ch=whatsapp`)).text();
    expect(page).toContain('<input type="hidden" name="referral" value="sharedCODE1">');
    expect(page).toContain('<input type="hidden" name="channel" value="whatsapp">');
    const embed = await (await call(`/embed/${petition.slug}?ref=sharedCODE1&ch=telegram`)).text();
    expect(embed).toContain('<input type="hidden" name="channel" value="telegram">');
    // What that form posts back is stored with the signature.
    await signJson(petition.slug, {
      email: "via-share@example.org",
      name: "V",
      referral: "sharedCODE1",
      channel: "whatsapp",
    });
    expect((await signatureRows(petition.slug)).map((r) => [r.referral_code, r.channel])).toEqual([
      ["sharedCODE1", "whatsapp"],
    ]);
  });

  it("a made-up code or channel in the address is ignored, not refused", async () => {
    const petition = await createPetition();
    const res = await call(`/p/${petition.slug}?ref=%3Cscript%3E&ch=myspace`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).not.toContain('name="referral"');
    expect(page).not.toContain('name="channel"');
  });
});
