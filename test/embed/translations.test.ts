/** The sign form and the petition page in the petition's translation: one language for its words and its texts. */
import { describe, expect, it } from "vitest";
import { call, createPetition, signatureRows, signJson } from "../helpers/index";

const page = async (path: string, headers: Record<string, string> = {}) => (await call(path, { headers })).text();

const translated = {
  language: "en",
  title: "Love is not a crime",
  summary: "Repeal these laws",
  consent_text: "Keep me posted",
  translations: {
    es: { title: "El amor no es un delito", consent_text: "Quiero recibir novedades" },
    "pt-BR": { title: "O amor não é crime" },
  },
};

describe("a translated petition's pages", () => {
  it("the form speaks the signer's language among the petition's, its texts translated, a missing one in the default", async () => {
    const petition = await createPetition(translated);
    const form = await page(`/embed/${petition.slug}`, { "Accept-Language": "es-ES, en;q=0.5" });
    expect(form).toContain('<html lang="es" dir="ltr">');
    expect(form).toContain('<h1 dir="auto">El amor no es un delito</h1>');
    expect(form).toContain('<p dir="auto">Repeal these laws</p>');
    expect(form).toContain("Quiero recibir novedades");
    expect(form).toContain('<input type="hidden" name="locale" value="es">');
    expect(form).toContain("Firmar la petición");
  });

  it("?lang= picks a translation with its region, and the signature is stored in that language", async () => {
    const petition = await createPetition(translated);
    const form = await page(`/embed/${petition.slug}?lang=pt-BR`, { "Accept-Language": "es" });
    expect(form).toContain('<h1 dir="auto">O amor não é crime</h1>');
    expect(form).toContain('<input type="hidden" name="locale" value="pt-BR">');
    // What that form sends back (its hidden locale), as JSON: the language is stored with the signature.
    expect((await signJson(petition.slug, { email: "pt@example.org", name: "P", locale: "pt-BR" })).status).toBe(201);
    expect((await signatureRows(petition.slug)).map((row) => row.locale)).toEqual(["pt-BR"]);
  });

  it("a reader whose language the petition lacks gets its default language, words and texts alike", async () => {
    const petition = await createPetition(translated);
    const form = await page(`/embed/${petition.slug}`, { "Accept-Language": "de" });
    expect(form).toContain('<html lang="en" dir="ltr">');
    expect(form).toContain('<h1 dir="auto">Love is not a crime</h1>');
  });

  it("the petition page is in the same language", async () => {
    const petition = await createPetition(translated);
    const shared = await page(`/p/${petition.slug}`, { "Accept-Language": "es" });
    expect(shared).toContain('<html lang="es" dir="ltr">');
    expect(shared).toContain("El amor no es un delito");
    expect(shared).not.toContain("Love is not a crime");
  });

  it("the petition page names an address per language (hreflang, x-default), each answering in its language", async () => {
    const petition = await createPetition(translated);
    const base = `https://petitions.test/p/${petition.slug}`;
    const shared = await page(`/p/${petition.slug}?lang=es`);
    const alternates = [...shared.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">/g)].map(
      ([, lang, href]) => [lang, href!.replaceAll("&amp;", "&")],
    );
    expect(alternates).toEqual([
      ["en", `${base}?lang=en`],
      ["es", `${base}?lang=es`],
      ["pt-BR", `${base}?lang=pt-BR`],
      ["x-default", base],
    ]);
    expect(shared).toContain(`<link rel="canonical" href="${base}?lang=es">`);
    expect(shared).toContain('<meta property="og:locale" content="es">');
    expect(shared).toContain('<meta property="og:locale:alternate" content="pt_BR">');
    for (const [lang, href] of alternates.slice(0, 3)) {
      const res = await call(new URL(href!).pathname + new URL(href!).search);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(`<html lang="${lang === "pt-BR" ? "pt" : lang}"`);
    }
  });
});
