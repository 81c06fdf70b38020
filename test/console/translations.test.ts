/** The petition form edits translations side by side with the default, marks what is missing, and previews each language. */
import { describe, expect, it } from "vitest";
import { formValuesOf } from "../../src/console/petition-form";
import type { Petition } from "../../src/schemas";
import { post, session } from "../helpers/console";
import { ADMIN, call, createPetition, signJson } from "../helpers/index";
import { runCron } from "../helpers/tally";

const adminRead = async (slug: string) =>
  (await call(`/v1/admin/petitions/${slug}`, { headers: ADMIN })).json<Petition>();

const errorOf = (page: string, id: string) =>
  page.match(new RegExp(`<p class="error" id="${id}-error">([^<]*)</p>`))?.[1];

describe("the console's translations", () => {
  it("shows each language beside the default, marks a missing text, and links a preview in that language", async () => {
    const { cookie } = await session();
    const petition = await createPetition({
      title: "Clean air",
      summary: "Ban coal",
      translations: { es: { title: "Aire limpio" } },
    });
    const page = await (await call(`/admin/p/${petition.slug}/edit`, { headers: { cookie } })).text();
    expect(page).toContain("<legend>Spanish (es)</legend>");
    expect(page).toMatch(
      /<input id="f-translations-es-title" name="translations\.es\.title"[^>]* value="Aire limpio">/,
    );
    // The summary has no Spanish text: marked, with the English beside it.
    expect(page).toContain(
      '<p class="hint" id="f-translations-es-summary-hint">Missing: signers see the English (en) text.</p>',
    );
    expect(page).toContain('<p dir="auto">Ban coal</p>');
    expect(page).toContain(`href="/embed/${petition.slug}?lang=es"`);
  });

  it("a new petition whose language field is left empty takes the first of its languages", async () => {
    const { cookie, csrf } = await session();
    const slug = `console-lang-${Date.now().toString(36)}`;
    const res = await post("/admin/new", cookie, {
      csrf,
      slug,
      title: "T",
      summary: "S",
      goal: "10",
      locales: "pt-BR, es",
      language: "",
      translations: "",
      "translations._add": "",
      "translations._add.title": "",
    });
    expect(res.status).toBe(303);
    expect((await adminRead(slug)).language).toBe("pt-BR");
  });

  it("saves an edited language, adds one, and removes one emptied", async () => {
    const { cookie, csrf } = await session();
    const petition = await createPetition({
      translations: { es: { title: "Aire limpio" }, fr: { title: "Air pur" } },
    });
    const values = formValuesOf(await adminRead(petition.slug));
    const res = await post(`/admin/p/${petition.slug}/edit`, cookie, {
      ...values,
      csrf,
      "translations.es.title": "Aire limpio ya",
      "translations.es.summary": "Prohibir el carbón",
      "translations.fr.title": "",
      "translations._add": "pt-BR",
      "translations._add.title": "Ar limpo",
    });
    expect(res.status).toBe(303);
    expect((await adminRead(petition.slug)).translations).toEqual({
      es: { title: "Aire limpio ya", summary: "Prohibir el carbón" },
      "pt-BR": { title: "Ar limpo" },
    });
  });

  it("says a refused translation's rule beside its field, keeping what was typed", async () => {
    const { cookie, csrf } = await session();
    const petition = await createPetition({ translations: { es: { title: "Aire limpio" } } });
    const values = formValuesOf(await adminRead(petition.slug));
    const res = await post(`/admin/p/${petition.slug}/edit`, cookie, {
      ...values,
      csrf,
      "translations.es.title": "x".repeat(201),
    });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(errorOf(page, "f-translations-es-title")).toBe("Enter a title of at most 200 characters");
    expect((await adminRead(petition.slug)).translations).toEqual({ es: { title: "Aire limpio" } });
  });
});

describe("the dashboard's languages and shares", () => {
  it("counts signatures by language and by channel, and how many each share brought", async () => {
    const { cookie } = await session();
    const petition = await createPetition({ translations: { es: { title: "Firma" } } });
    const signers = [
      { locale: "es", referral: "dashAAAA01", channel: "whatsapp" },
      { locale: "es", referral: "dashAAAA01", channel: "whatsapp" },
      { locale: "en", referral: "dashBBBB02", channel: "telegram" },
      { locale: "en" },
    ];
    for (const [i, fields] of signers.entries())
      expect((await signJson(petition.slug, { email: `dash${i}@example.org`, name: "D", ...fields })).status).toBe(201);
    await runCron();
    const page = await (await call(`/admin/p/${petition.slug}`, { headers: { cookie } })).text();
    const languages = page.slice(page.indexOf('id="languages-title"'), page.indexOf('id="shares-title"'));
    expect(languages).toContain('<tr><td>Spanish (es)</td><td class="n">2</td></tr>');
    expect(languages).toContain('<tr><td>English (en)</td><td class="n">2</td></tr>');
    const shares = page.slice(page.indexOf('id="shares-title"'), page.indexOf('id="sources-title"'));
    expect(shares).toContain("3 signatures came through 2 shares, 1.5 per share");
    expect(shares).toContain('<tr><td>WhatsApp</td><td class="n">2</td></tr>');
    expect(shares).toContain('<tr><td>Not from a share</td><td class="n">1</td></tr>');
  });
});
