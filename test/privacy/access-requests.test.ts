/** Access requests: everything held about an address, decrypted, across petitions, signed and pending. */
import { describe, expect, it } from "vitest";
import { ADMIN, call, createPetition, expectProblem, signJson } from "../helpers/index";

const adminPost = (path: string, body: unknown, headers: Record<string, string> = ADMIN) =>
  call(path, {
    method: "POST",
    headers: { ...headers, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

describe("access requests", () => {
  it("return everything held about an address, decrypted, across petitions, signed and pending", async () => {
    const first = await createPetition({ title: "First", fields: { name: "required", postcode: "optional" } });
    const second = await createPetition({ title: "Second" });
    const verified = await createPetition({ title: "Verified", confirmation: "email" });
    const ada = { name: "Ada Access", country: "PT", consent: true };
    expect((await signJson(first.slug, { ...ada, email: "Ada.Access@example.org", postcode: "1000-001" })).status).toBe(
      201,
    );
    expect((await signJson(second.slug, { ...ada, email: "ada.access+x@example.org", source: "wa" })).status).toBe(201);
    expect((await signJson(verified.slug, { ...ada, email: "ada.access@example.org", locale: "pt" })).status).toBe(201);
    expect((await signJson(first.slug, { ...ada, email: "someone-else@example.org" })).status).toBe(201);

    await expectProblem(await adminPost("/v1/admin/access-requests", { email: "ada.access@example.org" }, {}), 401);
    const res = await adminPost("/v1/admin/access-requests", { email: "ADA.ACCESS@example.org" });
    expect(res.status).toBe(200);
    const body = await res.json<Record<string, any>>();
    expect(body.signatures).toEqual([
      {
        petition: { slug: first.slug, title: "First" },
        email: "Ada.Access@example.org",
        name: "Ada Access",
        postcode: "1000-001",
        country: "PT",
        consent: true,
        locale: null,
        source: null,
        signed_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
      expect.objectContaining({
        petition: { slug: second.slug, title: "Second" },
        email: "ada.access+x@example.org",
        source: "wa",
      }),
    ]);
    expect(body.pending).toEqual([
      expect.objectContaining({
        petition: { slug: verified.slug, title: "Verified" },
        email: "ada.access@example.org",
        locale: "pt",
        expires_at: expect.any(String),
      }),
    ]);
    await expectProblem(await adminPost("/v1/admin/access-requests", { email: "not an address" }), 422);
  });
});
