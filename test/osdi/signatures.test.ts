/**
 * Reading signatures through OSDI: who may (signatures:read; a partner only what it brought), the
 * person decrypted with only the fields the petition collects, OSDI paging (numbered pages, next
 * links with a cursor, the empty page past the end), and what a page costs D1.
 */
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../functions/app";
import { insertSignatures } from "../../src/store/signatures";
import { ADMIN, call, countingD1, createPetition, expectProblem, petitionIdOf, sealedRow } from "../helpers";
import { runCron } from "../helpers/tally";
import { bearer, createKey, osdiToken } from "../partners/helpers";
import { actionNetworkExample, expectHal, osdi, recordSignature } from "./helpers";

const signer = (email: string, given = "Ada", family = "Lovelace") => {
  const body = actionNetworkExample(email);
  body.person.given_name = given;
  body.person.family_name = family;
  return body;
};

const list = (slug: string, auth: Record<string, string>, query = "") =>
  osdi(`/petitions/${slug}/signatures${query}`, { headers: auth });

const emailsOf = (page: Record<string, any>) =>
  page._embedded["osdi:signatures"].map((s: any) => s._embedded["osdi:person"].email_addresses[0].address);

/** Stores `count` signatures straight into D1, as the sign use-case would, for paging and cost tests. */
async function seed(slug: string, count: number, apiKeyId: string | null, prefix: string): Promise<void> {
  const petitionId = await petitionIdOf(slug);
  const rows = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      sealedRow({ petitionId, dedupeKey: `${prefix}-${i}`, email: `${prefix}-${i}@example.org`, apiKeyId }),
    ),
  );
  for (let start = 0; start < rows.length; start += 500)
    await insertSignatures(env.DB, rows.slice(start, start + 500), "refuse");
}

describe("OSDI signatures: who may read them", () => {
  it("needs a key with signatures:read on the petition: 401, 403, and 404 for what is not there", async () => {
    const petition = await createPetition();
    const other = await createPetition();
    const writer = await createKey({ scopes: ["signatures:write"] });
    const elsewhere = await createKey({ petitions: [other.slug] });
    await expectProblem(await list(petition.slug, {}), 401);
    await expectProblem(await list(petition.slug, { Authorization: "Bearer pe_wrong" }), 401);
    await expectProblem(await list(petition.slug, bearer(writer)), 403);
    await expectProblem(await list(petition.slug, bearer(elsewhere)), 403);
    await expectProblem(await list("no-such-petition", ADMIN), 404);
    await expectProblem(await list("Not_A_Slug", ADMIN), 422);
    await expectProblem(await osdi(`/petitions/${petition.slug}/signatures/1`), 401);
    await expectProblem(await osdi(`/petitions/${petition.slug}/signatures/999999999`, { headers: ADMIN }), 404);
    await expectProblem(await osdi(`/petitions/${petition.slug}/signatures/x`, { headers: ADMIN }), 422);
  });

  it("shows the owner every signer and a partner only those it brought: key A never sees key B's", async () => {
    const petition = await createPetition({ fields: { name: "required", postcode: "optional" } });
    const [a, b] = [await createKey({ name: "A" }), await createKey({ name: "B" })];
    for (const [email, auth] of [
      ["by-a@example.org", osdiToken(a)],
      ["by-b@example.org", osdiToken(b)],
      ["by-public@example.org", {}],
    ] as const)
      expect((await recordSignature(petition.slug, signer(email), auth)).status).toBe(200);
    await runCron();

    const owner = await expectHal(await list(petition.slug, ADMIN));
    expect(emailsOf(owner)).toEqual(["by-a@example.org", "by-b@example.org", "by-public@example.org"]);
    expect(owner).toMatchObject({ page: 1, per_page: 25, total_records: 3, total_pages: 1 });
    const seenByA = await expectHal(await list(petition.slug, osdiToken(a)));
    expect(emailsOf(seenByA)).toEqual(["by-a@example.org"]);
    expect(seenByA).toMatchObject({ total_records: 1, total_pages: 1 });

    const [ofA, ofB] = owner._embedded["osdi:signatures"];
    expect(ofA).toEqual({
      identifiers: [expect.stringMatching(/^petition_edge:\d+$/)],
      origin_system: "Petition Edge",
      created_date: expect.any(String),
      modified_date: ofA.created_date,
      referrer_data: { source: "email-blast" },
      "action_network:referrer_data": { source: "email-blast" },
      _links: {
        self: {
          href: expect.stringMatching(`^https://petitions.test/osdi/v1/petitions/${petition.slug}/signatures/\\d+$`),
        },
        "osdi:petition": { href: `https://petitions.test/osdi/v1/petitions/${petition.slug}` },
      },
      _embedded: {
        "osdi:person": {
          given_name: "Ada",
          family_name: "Lovelace",
          email_addresses: [{ address: "by-a@example.org", primary: true, status: "unsubscribed" }],
          postal_addresses: [{ postal_code: "20009", country: "XX", primary: true }],
        },
      },
    });
    const single = (of: any, auth: Record<string, string>) =>
      osdi(new URL(of._links.self.href).pathname.replace("/osdi/v1", ""), { headers: auth });
    expect(await expectHal(await single(ofA, osdiToken(a)))).toEqual(ofA);
    expect(await expectHal(await single(ofB, ADMIN))).toEqual(ofB);
    await expectProblem(await single(ofB, osdiToken(a)), 404);
  });

  it("shows only the fields the petition collects now, whatever a row holds", async () => {
    const petition = await createPetition({ fields: { name: "required", postcode: "optional" } });
    expect((await recordSignature(petition.slug, signer("was-named@example.org"))).status).toBe(200);
    const patched = await call(`/v1/petitions/${petition.slug}`, {
      method: "PATCH",
      headers: { ...ADMIN, "Content-Type": "application/json" },
      body: JSON.stringify({ fields: { name: "off", postcode: "off" } }),
    });
    expect(patched.status).toBe(200);
    const page = await expectHal(await list(petition.slug, ADMIN));
    expect(page._embedded["osdi:signatures"][0]._embedded["osdi:person"]).toEqual({
      email_addresses: [{ address: "was-named@example.org", primary: true, status: "unsubscribed" }],
      postal_addresses: [{ country: "XX", primary: true }],
    });
  });
});

describe("OSDI signatures: paging", () => {
  it("follows next links page by page, and a numbered page is the same page", async () => {
    const petition = await createPetition();
    await seed(petition.slug, 5, null, "paged");
    const seen: string[] = [];
    let href: string | undefined = `/petitions/${petition.slug}/signatures?per_page=2`;
    const pages: Record<string, any>[] = [];
    while (href) {
      const page = await expectHal(await osdi(href.replace("https://petitions.test/osdi/v1", ""), { headers: ADMIN }));
      pages.push(page);
      seen.push(...emailsOf(page));
      href = page._links.next?.href;
    }
    expect(seen).toEqual(["paged-0", "paged-1", "paged-2", "paged-3", "paged-4"].map((p) => `${p}@example.org`));
    expect(pages.map((p) => p.page)).toEqual([1, 2, 3]);
    expect(pages[1]!._links.next.href).toMatch(/\?page=3&per_page=2&after=\d+$/);
    const third = await expectHal(await list(petition.slug, ADMIN, "?page=3&per_page=2"));
    expect(third._embedded).toEqual(pages[2]!._embedded);
  });

  it("answers a page past the end with 200 and an empty list, as clients that page until empty need", async () => {
    const petition = await createPetition();
    await seed(petition.slug, 3, null, "past-end");
    await runCron();
    for (const query of ["?page=2", "?page=1000000", "?page=2&per_page=3", "?page=9&after=999999999"]) {
      const page = await expectHal(await list(petition.slug, ADMIN, query));
      expect(page._embedded).toEqual({ "osdi:signatures": [] });
      expect(page._links["osdi:signatures"]).toEqual([]);
      expect(page._links.next).toBeUndefined();
      expect(page.total_records).toBe(3);
    }
  });

  it("reads a client's page-number loop (Parsons, pyactionnetwork) to the end, each signature once", async () => {
    const petition = await createPetition();
    const key = await createKey();
    await seed(petition.slug, 60, key.id, "loop");
    await seed(petition.slug, 7, null, "loop-public");
    const seen: string[] = [];
    for (let page = 1; page < 10; page++) {
      const body = await expectHal(await list(petition.slug, osdiToken(key), `?page=${page}&per_page=100`));
      expect(body.per_page).toBe(25);
      const emails = emailsOf(body);
      if (emails.length === 0) break;
      seen.push(...emails);
    }
    expect(seen).toEqual(Array.from({ length: 60 }, (_, i) => `loop-${i}@example.org`));
  });

  it("refuses what it does not support with 422: OData filters, per_page or page below 1", async () => {
    const petition = await createPetition();
    for (const query of ["?filter=modified_date gt '2014-03-25'", "?per_page=0", "?page=0", "?after=x"]) {
      await expectProblem(await list(petition.slug, ADMIN, query), 422);
    }
  });
});

describe("OSDI signatures: what a page costs", () => {
  /** The page statement a request ran, with what D1 says it read. */
  async function pageStatement(slug: string, auth: Record<string, string>, query: string) {
    const counting = countingD1(env.DB);
    const res = await app.request(
      `/osdi/v1/petitions/${slug}/signatures${query}`,
      { headers: auth },
      { ...env, DB: counting.db },
      createExecutionContext(),
    );
    const body = await expectHal(res);
    const statement = counting.statements.find((s) => s.sql.includes("ORDER BY s.id"))!;
    return { body, sql: statement.sql, rowsRead: statement.meta!.rows_read };
  }

  it("reads a page of index entries and rows through a next link, however deep; a page number walks the index before it", async () => {
    const petition = await createPetition();
    const crowd = await createPetition();
    const key = await createKey();
    await seed(crowd.slug, 2000, null, "crowd");
    await seed(petition.slug, 300, null, "cost");
    await seed(petition.slug, 300, key.id, "cost-key");
    for (const auth of [ADMIN, bearer(key)]) {
      // A page number nobody asked for lately: the 250 index entries before page 11, then the page.
      const numbered = await pageStatement(petition.slug, auth, "?page=11");
      expect(numbered.rowsRead).toBeGreaterThanOrEqual(250);
      expect(numbered.rowsRead).toBeLessThanOrEqual(250 + 2 * 26 + 1);
      // The page after it, as clients that count pages ask next: where page 11 ended, a seek.
      const counted = await pageStatement(petition.slug, auth, "?page=12");
      expect(counted.rowsRead).toBeLessThanOrEqual(2 * 26);
      expect(emailsOf(counted.body)[0]).toBe(auth === ADMIN ? "cost-275@example.org" : "cost-key-275@example.org");
      // 26 index entries (a page and one more, to know whether there is a next) and 25 rows.
      const first = await pageStatement(petition.slug, auth, "");
      expect(first.rowsRead).toBeLessThanOrEqual(2 * 26);
      let next = first.body._links.next.href as string;
      for (let page = 2; page <= 10; page++) {
        const followed = await pageStatement(petition.slug, auth, new URL(next).search);
        expect(followed.body.page).toBe(page);
        expect(followed.rowsRead).toBeLessThanOrEqual(2 * 26);
        next = followed.body._links.next.href;
      }
    }
  });

  it("seeks the petition's index, or the partner's, and never scans the table", async () => {
    const petition = await createPetition();
    const key = await createKey();
    const petitionId = await petitionIdOf(petition.slug);
    const plan = async (sql: string, apiKeyId: string | null) =>
      (
        await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(petitionId, apiKeyId, 0, 26).all<{ detail: string }>()
      ).results
        .map((r) => r.detail)
        .join(" | ");
    for (const query of ["", "?page=3", "?after=5"]) {
      const owner = await plan((await pageStatement(petition.slug, ADMIN, query)).sql, null);
      expect(owner).toMatch(/SEARCH s USING INDEX signatures_by_petition \(petition_id=\? AND id>\?\)/);
      const partner = await plan((await pageStatement(petition.slug, bearer(key), query)).sql, key.id);
      expect(partner).toMatch(
        /SEARCH s USING INDEX signatures_by_api_key \(api_key_id=\? AND petition_id=\? AND id>\?\)/,
      );
      for (const detail of [owner, partner]) expect(detail).not.toMatch(/SCAN|TEMP B-TREE/);
      if (query === "?page=3") {
        expect(owner).toMatch(/SEARCH x USING COVERING INDEX signatures_by_petition \(petition_id=\?\)/);
        expect(partner).toMatch(
          /SEARCH x USING COVERING INDEX signatures_by_api_key \(api_key_id=\? AND petition_id=\?\)/,
        );
      }
    }
  });
});
