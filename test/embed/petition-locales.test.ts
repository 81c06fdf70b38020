import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CATALOGS } from "../../src/i18n/messages";
import { refreshCachedPetition } from "../../src/store/petition-cache";
import { findPetition } from "../../src/store/petitions";
import { ADMIN, call, createPetition, uniqueSlug } from "../helpers/index";

/** Klingon: a well-formed tag the form has no catalogue for. */
const UNSPOKEN = "tlh";

const send = (method: "POST" | "PATCH", path: string, body: Record<string, unknown>) =>
  call(path, { method, headers: { ...ADMIN, "Content-Type": "application/json" }, body: JSON.stringify(body) });

/** The 422 names each locale the form does not speak, and lists every language it does. */
async function expectUnspoken(res: Response, paths: string[]): Promise<void> {
  expect(res.status).toBe(422);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const problem = (await res.json()) as { errors: { path: string; message: string }[] };
  expect(problem.errors.map((error) => error.path)).toEqual(paths);
  for (const { message } of problem.errors) {
    for (const language of Object.keys(CATALOGS)) expect(message).toMatch(new RegExp(`\\b${language}\\b`));
  }
}

describe("a petition's locales", () => {
  it("must be languages the sign form speaks, a region allowed: creating with another is a 422 that creates nothing", async () => {
    expect(Object.hasOwn(CATALOGS, UNSPOKEN)).toBe(false);
    const slug = uniqueSlug();
    const body = { slug, title: "T", summary: "S", goal: 10, locales: ["pt-BR", UNSPOKEN, "en", "tlh-Latn"] };
    await expectUnspoken(await send("POST", "/v1/petitions", body), ["locales.1", "locales.3"]);
    expect((await call(`/v1/admin/petitions/${slug}`, { headers: ADMIN })).status).toBe(404);

    const created = await createPetition({ locales: ["pt-BR", "EN"] });
    expect(created.locales).toEqual(["pt-BR", "EN"]);
  });

  it("a patch naming one the form does not speak is a 422 that changes nothing", async () => {
    const petition = await createPetition({ locales: ["de"] });
    const path = `/v1/petitions/${petition.slug}`;
    await expectUnspoken(await send("PATCH", path, { title: "New title", locales: ["en", UNSPOKEN] }), ["locales.1"]);
    const stored = (await (await call(`/v1/admin/petitions/${petition.slug}`, { headers: ADMIN })).json()) as Record<
      string,
      unknown
    >;
    expect(stored).toMatchObject({ title: petition.title, locales: ["de"] });
  });

  it("one stored before the rule still shows its pages, in the signer's language or English, and can still be edited", async () => {
    const petition = await createPetition({ locales: ["en"] });
    await env.DB.prepare("UPDATE petitions SET locales = ? WHERE slug = ?")
      .bind(JSON.stringify([UNSPOKEN]), petition.slug)
      .run();
    await refreshCachedPetition(env.KV, (await findPetition(env.DB, petition.slug))!);

    for (const page of [`/embed/${petition.slug}`, `/embed/${petition.slug}/thanks`, `/p/${petition.slug}`]) {
      const res = await call(page);
      expect(res.status, page).toBe(200);
      expect(await res.text(), page).toContain(`<html lang="en" dir="ltr">`);
    }
    const french = await call(`/embed/${petition.slug}`, { headers: { "Accept-Language": "fr" } });
    expect(await french.text()).toContain(`<html lang="fr" dir="ltr">`);

    const edited = await send("PATCH", `/v1/petitions/${petition.slug}`, { title: "Still editable" });
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({ title: "Still editable", locales: [UNSPOKEN] });
  });
});
