/** OSDI's entry point and petitions: HAL resources, numbered pages, drafts left out, keys' petitions. */
import { describe, expect, it } from "vitest";
import { ADMIN, createPetition, expectProblem, signJson } from "../helpers";
import { runCron } from "../helpers/tally";
import { bearer, createKey, osdiToken } from "../partners/helpers";
import { expectHal, osdi } from "./helpers";

const BASE = "https://petitions.test/osdi/v1";

describe("the OSDI entry point", () => {
  it("links to the petitions, with OSDI's curies", async () => {
    const aep = await expectHal(await osdi("/"));
    expect(aep).toMatchObject({
      max_pagesize: 25,
      _links: {
        self: { href: BASE },
        "osdi:petitions": { href: `${BASE}/petitions` },
        curies: [{ name: "osdi", href: expect.stringContaining("{rel}"), templated: true }],
      },
    });
    expect(await expectHal(await osdi(""))).toEqual(aep);
    await expectProblem(await osdi("/", { headers: { "OSDI-API-Token": "pe_wrong" } }), 401);
  });
});

describe("OSDI petitions", () => {
  it("shows a petition as OSDI does: its slug as id, the published count, the share page", async () => {
    const petition = await createPetition({ body: "To the council: clean the air.", public_count_rounding: 10 });
    for (let i = 0; i < 6; i++)
      expect((await signJson(petition.slug, { email: `p${i}@example.org`, name: "P" })).status).toBe(201);
    await runCron();
    const resource = await expectHal(await osdi(`/petitions/${petition.slug}`));
    expect(resource).toEqual({
      identifiers: [`petition_edge:${petition.slug}`],
      origin_system: "Petition Edge",
      created_date: petition.created_at,
      modified_date: petition.updated_at,
      title: "Equal rights now",
      description: "Sign for equality.",
      summary: "Sign for equality.",
      petition_text: "To the council: clean the air.",
      browser_url: `https://petitions.test/p/${petition.slug}`,
      total_signatures: 10,
      _links: {
        self: { href: `${BASE}/petitions/${petition.slug}` },
        "osdi:signatures": { href: `${BASE}/petitions/${petition.slug}/signatures` },
        "osdi:record_signature_helper": { href: `${BASE}/petitions/${petition.slug}/signatures` },
      },
    });
    const shared = await createPetition({ share_url: "https://campaign.example/air" });
    expect((await expectHal(await osdi(`/petitions/${shared.slug}`))).browser_url).toBe("https://campaign.example/air");
  });

  it("lists petitions in numbered pages, drafts left out, a page past the end empty", async () => {
    const open = await createPetition();
    const closed = await createPetition({ status: "closed" });
    const draft = await createPetition({ status: "draft" });
    const all: string[] = [];
    for (let page = 1; ; page++) {
      const body = await expectHal(await osdi(`/petitions?page=${page}&per_page=2`));
      const slugs = body._embedded["osdi:petitions"].map((p: any) => p.identifiers[0].split(":")[1]);
      expect(body._links["osdi:petitions"]).toEqual(slugs.map((s: string) => ({ href: `${BASE}/petitions/${s}` })));
      expect(body).toMatchObject({ page, per_page: 2, total_pages: Math.ceil(body.total_records / 2) });
      if (slugs.length === 0) {
        expect(body._links.next).toBeUndefined();
        break;
      }
      all.push(...slugs);
    }
    expect(all).toContain(open.slug);
    expect(all).toContain(closed.slug);
    expect(all).not.toContain(draft.slug);
    await expectProblem(await osdi(`/petitions/${draft.slug}`), 404);
    await expectProblem(await osdi("/petitions/no-such-petition"), 404);
    expect((await expectHal(await osdi("/petitions?per_page=500"))).per_page).toBe(25);
    await expectProblem(await osdi("/petitions?filter=title eq 'x'"), 422);
    await expectProblem(await osdi("/petitions?page=-1"), 422);
  });

  it("shows a key limited to some petitions those only; refuses wrong keys", async () => {
    const [mine, theirs] = [await createPetition(), await createPetition()];
    const key = await createKey({ petitions: [mine.slug], scopes: ["signatures:write"] });
    const listed = await expectHal(await osdi("/petitions", { headers: osdiToken(key) }));
    expect(listed.total_records).toBe(1);
    expect(listed._embedded["osdi:petitions"].map((p: any) => p.title)).toEqual([mine.title]);
    expect((await osdi(`/petitions/${mine.slug}`, { headers: bearer(key) })).status).toBe(200);
    await expectProblem(await osdi(`/petitions/${theirs.slug}`, { headers: bearer(key) }), 403);
    await expectProblem(await osdi("/petitions", { headers: { "OSDI-API-Token": "pe_wrong" } }), 401);
    expect((await osdi("/petitions", { headers: ADMIN })).status).toBe(200);
  });
});
