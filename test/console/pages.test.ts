import { describe, expect, it } from "vitest";
import { SETTING_FIELDS } from "../../src/console/petition-form";
import { PetitionCreate, PetitionFields } from "../../src/schemas";
import { post, session } from "../helpers/console";
import { tagWithId } from "../helpers/html";
import { ADMIN, call, createPetition, expectProblem, ORIGIN, signJson, uniqueSlug } from "../helpers/index";
import { runCron } from "../helpers/tally";

describe("console pages through the admin API", () => {
  it("creates a petition with every setting, lists it, edits it, closes and reopens it", async () => {
    const { cookie, csrf } = await session();
    const slug = uniqueSlug("console");
    const created = await post("/admin/new", cookie, {
      csrf,
      slug,
      title: "Clean <air>",
      summary: "Ban coal",
      body: "",
      goal: "5000",
      status: "open",
      closes_at: "",
      locales: "pt-BR, en",
      embed_origins: "https://campaign.example\nhttps://other.example",
      "fields.name": "optional",
      "fields.postcode": "required",
      consent_text: "Keep me posted",
      thank_you_url: "",
      share_url: "https://Campaign.example/clean-air",
      privacy_url: "https://campaign.example/privacy",
      confirmation: "email",
      public_count_rounding: "",
      turnstile_site_key: "",
    });
    expect(created.status).toBe(303);
    expect(created.headers.get("location")).toBe(`/admin/p/${slug}?notice=created`);
    const api = await (await call(`/v1/petitions/${slug}`)).json<Record<string, any>>();
    expect(api).toMatchObject({
      title: "Clean <air>",
      body: null,
      goal: 5000,
      locales: ["pt-BR", "en"],
      embed_origins: ["https://campaign.example", "https://other.example"],
      fields: { name: "optional", postcode: "required" },
      consent_text: "Keep me posted",
      thank_you_url: null,
      share_url: "https://campaign.example/clean-air",
      privacy_url: "https://campaign.example/privacy",
      confirmation: "email",
      public_count_rounding: null,
    });

    const list = await (await call("/admin", { headers: { cookie } })).text();
    expect(list).toContain(`<a href="/admin/p/${slug}">Clean &lt;air&gt;</a>`);
    expect(list).toContain(`data-live-count="${slug}"`);

    const dashboard = await call(`/admin/p/${slug}`, { headers: { cookie } });
    expect(dashboard.status).toBe(200);
    const dash = await dashboard.text();
    expect(dash).toMatch(new RegExp(`src="/v1/petitions/${slug}/map\\.svg\\?v=none_[^"]+"`));
    expect(dash).toMatch(new RegExp(`src="/v1/petitions/${slug}/chart\\.svg\\?v=none_[^"]+"`));
    expect(dash).toContain(
      `&lt;script src=&quot;${ORIGIN}/embed.js&quot; data-petition=&quot;${slug}&quot; async&gt;&lt;/script&gt;`,
    );

    const edit = await (await call(`/admin/p/${slug}/edit`, { headers: { cookie } })).text();
    expect(tagWithId(edit, "f-goal")).toContain('value="5000"');
    expect(edit).toContain(`<textarea id="f-embed_origins" name="embed_origins"`);
    expect(edit).toContain("https://campaign.example\nhttps://other.example</textarea>");
    expect(tagWithId(edit, "f-slug")).toBe("");

    const values = Object.fromEntries(
      [...edit.matchAll(/<input id="f-([\w-]+)" name="([\w.]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[2]!, m[3]!]),
    );
    const edited = await post(`/admin/p/${slug}/edit`, cookie, {
      ...values,
      csrf,
      title: "Clean air now",
      summary: "Ban coal",
      goal: "8000",
      status: "open",
      locales: "en",
      embed_origins: "",
      "fields.name": "required",
      "fields.postcode": "off",
      public_count_rounding: "10",
    });
    expect(edited.status).toBe(303);
    expect(await (await call(`/v1/petitions/${slug}`)).json()).toMatchObject({
      title: "Clean air now",
      goal: 8000,
      embed_origins: [],
      public_count_rounding: 10,
    });

    expect((await post(`/admin/p/${slug}/status`, cookie, { csrf, status: "closed", confirm: "yes" })).status).toBe(
      303,
    );
    expect((await (await call(`/v1/petitions/${slug}`)).json<{ status: string }>()).status).toBe("closed");
    expect((await post(`/admin/p/${slug}/status`, cookie, { csrf, status: "open" })).status).toBe(303);
    expect((await (await call(`/v1/petitions/${slug}`)).json<{ status: string }>()).status).toBe("open");
    // The API's refusal is passed on as it is, naming the field.
    const refused = await expectProblem(await post(`/admin/p/${slug}/status`, cookie, { csrf, status: "paused" }), 422);
    expect(refused.errors).toEqual([expect.objectContaining({ path: "status" })]);
    // An unknown petition is the console's own 404 page, not the API's JSON.
    const missing = await call("/admin/p/no-such-petition", { headers: { cookie } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const missingPage = await missing.text();
    expect(missingPage).toContain("No petition &quot;no-such-petition&quot;.");
    expect(missingPage).toContain('<a href="/admin">Back to the petitions</a>');
  });

  it("starts a new petition as a draft: publishing is a deliberate step", async () => {
    const { cookie, csrf } = await session();
    const form = await (await call("/admin/new", { headers: { cookie } })).text();
    expect(form).toContain("<option selected>draft</option>");
    const slug = uniqueSlug("console-draft");
    const created = await post("/admin/new", cookie, {
      csrf,
      slug,
      title: "Draft first",
      summary: "S",
      goal: "10",
      status: "draft",
    });
    expect(created.status).toBe(303);
    expect((await call(`/v1/petitions/${slug}`)).status).toBe(404);
  });

  it("shows the API's validation errors by field, keeping what was typed", async () => {
    const { cookie, csrf } = await session();
    const res = await post("/admin/new", cookie, {
      csrf,
      slug: "Not A Slug",
      title: "Kept <title>",
      summary: "",
      goal: "lots",
      status: "open",
      embed_origins: "https://ok.example\nnot-an-origin",
      thank_you_url: "http://insecure.example/thanks",
    });
    expect(res.status).toBe(422);
    const page = await res.text();
    for (const id of ["f-slug", "f-summary", "f-goal", "f-embed_origins", "f-thank_you_url"]) {
      expect(page).toMatch(new RegExp(`id="${id}"[^>]*aria-invalid="true"`));
      expect(page).toContain(`id="${id}-error"`);
      expect(page).toContain(`<a href="#${id}">`);
    }
    expect(tagWithId(page, "f-title")).toContain('value="Kept &lt;title&gt;"');
    expect(tagWithId(page, "f-title")).not.toContain("aria-invalid");
    expect(page).toMatch(/<div class="error-summary" role="alert" tabindex="-1"/);
  });

  it("downloads the report and the signatures through the API", async () => {
    const { cookie } = await session();
    const petition = await createPetition();
    const csv = await call(`/admin/p/${petition.slug}/report?format=csv&by=country`, { headers: { cookie } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toContain(`${petition.slug}-country.csv`);
    expect(await csv.text()).toMatch(/^country,signatures/);
    const signatures = await call(`/admin/p/${petition.slug}/signatures.csv`, { headers: { cookie } });
    expect(signatures.status).toBe(200);
    expect(await signatures.text()).toMatch(/^email,name,country/);
    expect((await call(`/admin/p/${petition.slug}/signatures.csv`, { redirect: "manual" })).status).toBe(303);
  });

  it("counts signatures by source through the API", async () => {
    const { cookie } = await session();
    const petition = await createPetition();
    for (const [i, source] of ["newsletter", "newsletter", undefined].entries())
      expect((await signJson(petition.slug, { email: `src${i}@example.org`, name: "S", source })).status).toBe(201);
    await runCron();
    const api = await call(`/v1/petitions/${petition.slug}/sources`, { headers: ADMIN });
    expect(await api.json()).toEqual({
      sources: [
        { source: "newsletter", api_key_id: null, count: 2 },
        { source: null, api_key_id: null, count: 1 },
      ],
    });
    await expectProblem(await call(`/v1/petitions/${petition.slug}/sources`), 401);
    const page = await (await call(`/admin/p/${petition.slug}/sources`, { headers: { cookie } })).text();
    expect(page).toContain(`<tr><td>newsletter</td><td><em>public</em></td><td class="n">2</td></tr>`);
    expect(page).toContain(`<tr><td><em>none</em></td><td><em>public</em></td><td class="n">1</td></tr>`);
  });

  it("previews a draft's embed form, framed by the console only", async () => {
    const { cookie } = await session();
    const draft = await createPetition({ status: "draft", title: "Secret draft" });
    const res = await call(`/admin/p/${draft.slug}/preview?lang=pt`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'self'");
    const page = await res.text();
    expect(page).toContain('<html lang="pt"');
    expect(page).toContain("Secret draft");
    // It tells the console (and only the console) its height, so the frame fits the form at any width.
    expect(page).toMatch(/<body[^>]* data-parent="https:\/\/petitions\.test"/);
    expect((await call(`/embed/${draft.slug}`)).status).toBe(404);
  });
});

describe("the console's petition form", () => {
  it("has one field for every setting the API takes, so a new setting cannot be forgotten", () => {
    const settings = Object.keys(PetitionCreate.shape).flatMap((key) =>
      key === "fields" ? Object.keys(PetitionFields.shape).map((sub) => `fields.${sub}`) : [key],
    );
    expect(SETTING_FIELDS.map((field) => field.name).sort()).toEqual(settings.sort());
  });
});

describe("the dashboard after an edit", () => {
  it("links its chart and map under a new URL, which draws the new title and goal", async () => {
    const { cookie } = await session();
    const petition = await createPetition({ title: "Old title", goal: 100 });
    const chartUrl = async () =>
      (await (await call(`/admin/p/${petition.slug}`, { headers: { cookie } })).text()).match(
        /src="([^"]*chart\.svg[^"]*)"/,
      )![1]!;
    const before = await chartUrl();
    // Updated_at moves on the millisecond: make sure the edit lands on another one.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const patch = await call(`/v1/petitions/${petition.slug}`, {
      method: "PATCH",
      headers: { ...ADMIN, "Content-Type": "application/json" },
      body: JSON.stringify({ title: "New title", goal: 500 }),
    });
    expect(patch.status).toBe(200);
    const after = await chartUrl();
    expect(after).not.toBe(before);
    const svg = await (await call(after.replaceAll("&amp;", "&"))).text();
    expect(svg).toContain("New title");
    expect(svg).not.toContain("Old title");
  });
});
