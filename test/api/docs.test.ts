import { describe, expect, it } from "vitest";
import { call, expectProblem } from "../helpers/index";

describe("/docs", () => {
  it("serves Swagger UI from this Worker under a CSP that allows nothing from elsewhere", async () => {
    const res = await call("/docs");
    expect(res.status).toBe(200);
    const page = await res.text();
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const references = [...page.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((match) => match[1]!);
    expect(references).toEqual(["/docs/swagger-ui.css", "/docs/swagger-ui-bundle.js", "/docs/init.js"]);
    expect(page).not.toMatch(/<script>|<style>|\son\w+=|(src|href)="(https?:)?\/\//);
    // Each file is what swagger-ui-dist ships (not a bundler's idea of it), with an ETag.
    const expected: Record<string, RegExp> = {
      "/docs/swagger-ui.css": /^\.swagger-ui\{/,
      "/docs/swagger-ui-bundle.js": /SwaggerUIBundle=/,
      "/docs/init.js": /SwaggerUIBundle\(\{ url: "\/openapi\.json"/,
    };
    for (const reference of references) {
      const file = await call(reference);
      expect(file.status, reference).toBe(200);
      expect(file.headers.get("content-type")).toMatch(reference.endsWith(".css") ? /^text\/css/ : /^text\/javascript/);
      expect(file.headers.get("etag")).toMatch(/^"/);
      expect(await file.text()).toMatch(expected[reference]!);
    }
    const bundle = await call("/docs/swagger-ui-bundle.js");
    expect(bundle.headers.get("etag")).toMatch(/^"swagger-ui-dist@\d+\.\d+\.\d+\/swagger-ui-bundle\.js"$/);
    const again = await call("/docs/swagger-ui-bundle.js", {
      headers: { "If-None-Match": bundle.headers.get("etag")! },
    });
    expect(again.status).toBe(304);
    expect((await call("/docs/unknown.js")).status).toBe(404);
  });
});

describe("the API document", () => {
  it("lists each operation once in /docs: one tag each, so Swagger UI shows it under one heading", async () => {
    const doc = await (await call("/openapi.json")).json<{
      paths: Record<string, Record<string, { tags?: string[] }>>;
    }>();
    const tagged = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => [`${method} ${path}`, operation.tags?.length ?? 0] as const),
    );
    expect(tagged.filter(([, tags]) => tags !== 1)).toEqual([]);
  });

  it("serves OpenAPI 3.1 with every route, and unknown paths are problem+json 404s", async () => {
    const doc = await (await call("/openapi.json")).json<{ openapi: string; paths: Record<string, object> }>();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/v1/petitions",
        "/v1/petitions/{slug}",
        "/v1/petitions/{slug}/signatures",
        "/v1/admin/petitions",
      ]),
    );
    expect((await call("/docs")).status).toBe(200);
    await expectProblem(await call("/nowhere"), 404);
  });
});
