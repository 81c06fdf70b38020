import { describe, expect, it } from "vitest";
import {
  ADMIN,
  call,
  createPetition,
  expectProblem,
  freshIp,
  signatureRows,
  signJson,
  uniqueSlug,
} from "../helpers/index";

const adminJson = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { ...ADMIN, "Content-Type": "application/json" },
  body: JSON.stringify(body),
});

const fieldPaths = (problem: Record<string, any>) => problem.errors.map((e: { path: string }) => e.path).sort();

describe("free text", () => {
  const refused = ["Alex\u0000Doe", "Alex\u001fDoe", "Alex\u007fDoe", "Alex\u0085Doe", "Alex \ud800", "\udc00 Doe"];

  it("a signer's text with control characters or lone surrogates is refused, naming the field; nothing stored", async () => {
    const petition = await createPetition({ fields: { name: "optional", postcode: "optional" } });
    for (const text of refused) {
      const problem = await expectProblem(
        await signJson(petition.slug, { email: "alex@example.org", name: text, postcode: text, source: text }),
        422,
      );
      expect(fieldPaths(problem)).toEqual(["name", "postcode", "source"]);
    }
    expect(await signatureRows(petition.slug)).toEqual([]);
  });

  it("the same rule holds for the admin's text: petitions and invalidations", async () => {
    for (const text of refused) {
      const created = await call(
        "/v1/petitions",
        adminJson("POST", { slug: uniqueSlug(), title: text, summary: text, body: text, consent_text: text, goal: 5 }),
      );
      expect(fieldPaths(await expectProblem(created, 422))).toEqual(["body", "consent_text", "summary", "title"]);
    }
    const petition = await createPetition();
    const patched = await call(`/v1/petitions/${petition.slug}`, adminJson("PATCH", { title: "A\u0000B" }));
    expect(fieldPaths(await expectProblem(patched, 422))).toEqual(["title"]);
    const voided = await call(
      `/v1/admin/petitions/${petition.slug}/invalidations`,
      adminJson("POST", { source: "wave\u0000" }),
    );
    expect(fieldPaths(await expectProblem(voided, 422))).toEqual(["source"]);
  });

  it("tabs and line breaks are text: a petition body keeps its paragraphs", async () => {
    const petition = await createPetition({ body: "First paragraph.\r\n\r\n\tSecond, indented." });
    expect(petition.body).toBe("First paragraph.\r\n\r\n\tSecond, indented.");
  });
});

describe("origins", () => {
  it("embed_origins takes bare origins only: no path, query, user, CSP syntax or other schemes", async () => {
    const bad = [
      "https://a.example;script-src",
      "https://a.example 'unsafe-inline'",
      "https://a.example/path",
      "https://a.example/?q",
      "https://a.example/#x",
      "https://user@a.example",
      "https://*.example",
      "javascript:alert(1)",
      "ftp://a.example",
    ];
    const res = await call(
      "/v1/petitions",
      adminJson("POST", { slug: uniqueSlug(), title: "t", summary: "s", goal: 5, embed_origins: bad }),
    );
    expect(fieldPaths(await expectProblem(res, 422))).toEqual(bad.map((_, index) => `embed_origins.${index}`).sort());
  });

  it("origins and thank_you_url are stored normalised, and the CSP carries the stored form", async () => {
    const petition = await createPetition({
      embed_origins: [
        "HTTPS://Campaign.EXAMPLE:443",
        " http://localhost:8788/ ",
        "http://[::1]:8080",
        "https://bücher.example",
      ],
      thank_you_url: "https://Thanks.EXAMPLE:443/done?via=form",
    });
    const origins = [
      "https://campaign.example",
      "http://localhost:8788",
      "http://[::1]:8080",
      "https://xn--bcher-kva.example",
    ];
    expect(petition.embed_origins).toEqual(origins);
    expect(petition.thank_you_url).toBe("https://thanks.example/done?via=form");

    const patched = await call(
      `/v1/petitions/${petition.slug}`,
      adminJson("PATCH", { embed_origins: ["https://NEW.example:8443/"] }),
    );
    expect((await patched.json<Record<string, unknown>>()).embed_origins).toEqual(["https://new.example:8443"]);
    const page = await call(`/embed/${petition.slug}`);
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors https://new.example:8443;");
  });
});

describe("urlencoded bodies", () => {
  const postForm = (slug: string, body: string) =>
    call(`/v1/petitions/${slug}/signatures`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "cf-connecting-ip": freshIp() },
      body,
    });

  it("malformed percent-encoding is a 400, not a different address; nothing stored", async () => {
    const petition = await createPetition({ fields: { name: "optional", postcode: "off" } });
    for (const body of [
      "email=ab%zz@example.org",
      "email=ab%2@example.org",
      "email=ab@example.org%",
      "email=ab@example.org&name=%FF",
      "email=ab@example.org&na%zzme=x",
    ]) {
      const problem = await expectProblem(await postForm(petition.slug, body), 400);
      expect(problem.type).toBe("/problems/malformed-body");
    }
    expect(await signatureRows(petition.slug)).toEqual([]);
  });

  it("well-formed escapes and + still decode", async () => {
    const petition = await createPetition({ fields: { name: "optional", postcode: "off" } });
    const res = await postForm(petition.slug, "email=ab%2Bc%40example.org&name=Jos%C3%A9+Doe");
    expect(res.status, await res.text()).toBe(201);
    const [row] = await signatureRows(petition.slug);
    expect(row).toMatchObject({ email: "ab+c@example.org", name: "José Doe" });
  });
});
