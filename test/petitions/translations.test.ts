import { describe, expect, it } from "vitest";
import { ADMIN, call, createPetition, expectProblem, uniqueSlug } from "../helpers/index";

const json = (method: string, body: unknown) => ({
  method,
  headers: { ...ADMIN, "Content-Type": "application/json" },
  body: JSON.stringify(body),
});

const adminRead = async (slug: string) =>
  (await call(`/v1/admin/petitions/${slug}`, { headers: ADMIN })).json<Record<string, any>>();

const spanish = {
  title: "El amor no es un delito",
  summary: "Pide a cada gobierno que derogue estas leyes.",
  consent_text: "Sí, quiero recibir novedades.",
  share_text: "Yo firmé. ¿Firmas tú también?",
};

describe("petition translations through the admin API", () => {
  it("round-trip: tags stored canonical, the default language stated, each language's texts as sent", async () => {
    const petition = await createPetition({
      language: "en",
      share_text: "I signed. Will you?",
      translations: { es: spanish, "PT-br": { title: "O amor não é crime" } },
    });
    expect(petition.language).toBe("en");
    expect(petition.translations).toEqual({ es: spanish, "pt-BR": { title: "O amor não é crime" } });
    expect((await adminRead(petition.slug)).translations).toEqual(petition.translations);
  });

  it("a patch replaces the languages it names, null removes one, and the others stay", async () => {
    const petition = await createPetition({
      translations: { es: spanish, fr: { title: "L'amour n'est pas un crime" } },
    });
    const res = await call(
      `/v1/petitions/${petition.slug}`,
      json("PATCH", { translations: { es: { title: "Nuevo título" }, fr: null, ar: { title: "الحب ليس جريمة" } } }),
    );
    expect(res.status).toBe(200);
    expect((await adminRead(petition.slug)).translations).toEqual({
      es: { title: "Nuevo título" },
      ar: { title: "الحب ليس جريمة" },
    });
  });

  it.each([
    ["an unknown tag", { "not a tag": { title: "x" } }, "translations.not a tag"],
    ["an oversized title", { es: { title: "x".repeat(201) } }, "translations.es.title"],
    ["a control character", { es: { summary: "bell\u0007" } }, "translations.es.summary"],
    ["an empty title", { es: { title: "  " } }, "translations.es.title"],
    ["an unknown field", { es: { headline: "x" } }, "translations.es.headline"],
    ["the default language as a translation", { en: { title: "x" } }, "translations.en"],
    ["one language spelt twice", { "pt-BR": { title: "a" }, "pt-br": { title: "b" } }, "translations.pt-br"],
    ["a language the form does not speak", { nl: { title: "Schone lucht" } }, "translations.nl"],
  ])("422 on create for %s, naming the field; nothing stored", async (_, translations, path) => {
    const slug = uniqueSlug("tr");
    const res = await call("/v1/petitions", json("POST", { slug, title: "T", summary: "S", goal: 10, translations }));
    const problem = await expectProblem(res, 422);
    expect(problem.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect((await call(`/v1/admin/petitions/${slug}`, { headers: ADMIN })).status).toBe(404);
  });

  it("422 for a default language the form does not speak; nothing stored", async () => {
    const slug = uniqueSlug("tr");
    const res = await call("/v1/petitions", json("POST", { slug, title: "T", summary: "S", goal: 10, language: "nl" }));
    expect((await expectProblem(res, 422)).errors.map((e: { path: string }) => e.path)).toEqual(["language"]);
    expect((await call(`/v1/admin/petitions/${slug}`, { headers: ADMIN })).status).toBe(404);
  });

  it("422 on a patch that would make a translation the default language's, and the petition is unchanged", async () => {
    const petition = await createPetition({ language: "en", translations: { es: spanish } });
    const res = await call(`/v1/petitions/${petition.slug}`, json("PATCH", { language: "es", title: "Changed" }));
    const problem = await expectProblem(res, 422);
    expect(problem.errors).toEqual([{ path: "translations.es", message: expect.stringContaining("default language") }]);
    expect(await adminRead(petition.slug)).toMatchObject({ language: "en", title: petition.title });
  });
});

describe("reading a petition in a language", () => {
  const read = async (slug: string, query = "", headers: Record<string, string> = {}) => {
    const res = await call(`/v1/petitions/${slug}${query}`, { headers });
    expect(res.status).toBe(200);
    return { body: await res.json<Record<string, any>>(), contentLanguage: res.headers.get("content-language"), res };
  };

  it("?lang= first, then Accept-Language among the petition's languages, then the default", async () => {
    const petition = await createPetition({
      title: "Love is not a crime",
      language: "en",
      locales: ["de"],
      translations: { es: spanish, "pt-BR": { title: "O amor não é crime" }, fr: { title: "L'amour" } },
    });
    const { slug } = petition;
    expect((await read(slug, "?lang=es", { "Accept-Language": "fr" })).body.title).toBe(spanish.title);
    expect((await read(slug, "", { "Accept-Language": "it, fr;q=0.8, es;q=0.5" })).body.title).toBe("L'amour");
    // Same language and script: pt matches pt-BR, zh-TW (Traditional) would not match zh (Simplified).
    expect((await read(slug, "", { "Accept-Language": "pt" })).body.title).toBe("O amor não é crime");
    expect((await read(slug, "", { "Accept-Language": "ja, ko" })).body.title).toBe("Love is not a crime");
    const { body, contentLanguage, res } = await read(slug, "", { "Accept-Language": "es-MX" });
    expect(body).toMatchObject({ text_language: "es", languages: ["en", "es", "pt-BR", "fr", "de"] });
    expect(contentLanguage).toBe("es");
    expect(res.headers.get("vary")).toContain("Accept-Language");
  });

  it("a new petition's default language is the first of its form languages when it names none", async () => {
    const petition = await createPetition({ locales: ["pt-BR", "es"] });
    expect(petition.language).toBe("pt-BR");
    expect((await createPetition()).language).toBe("en");
  });

  it("a translation missing a field falls back to the default language for that field only", async () => {
    const petition = await createPetition({
      title: "Clean air",
      summary: "Ban coal by 2030",
      consent_text: "Keep me posted",
      translations: { fr: { title: "Air pur" } },
    });
    const { body } = await read(petition.slug, "?lang=fr");
    expect(body).toMatchObject({ title: "Air pur", summary: "Ban coal by 2030", consent_text: "Keep me posted" });
  });

  it("zh-TW does not get a Simplified Chinese translation; zh-CN does", async () => {
    const petition = await createPetition({ title: "Default", translations: { zh: { title: "简体" } } });
    expect((await read(petition.slug, "", { "Accept-Language": "zh-TW" })).body.title).toBe("Default");
    expect((await read(petition.slug, "", { "Accept-Language": "zh-CN" })).body.title).toBe("简体");
  });

  it("422 for a ?lang= that is not a language tag", async () => {
    const petition = await createPetition();
    await expectProblem(await call(`/v1/petitions/${petition.slug}?lang=%3Cscript%3E`), 422);
  });
});
