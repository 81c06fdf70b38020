/** Access requests in the console: what the admin API answers, shown and downloaded, behind sign-in and CSRF. */
import { describe, expect, it } from "vitest";
import { post, session } from "../helpers/console";
import { call, createPetition, expectProblem, signJson } from "../helpers/index";

describe("access requests in the console", () => {
  it("shows everything held about an address, and downloads it as the API answers it", async () => {
    const { cookie, csrf } = await session();
    const petition = await createPetition({ title: "Held <here>", confirmation: "none" });
    const verified = await createPetition({ title: "Verified", confirmation: "email" });
    const ada = { email: "Ada.Held@example.org", name: "Ada <Held>", country: "PT" };
    expect((await signJson(petition.slug, { ...ada, source: "news" })).status).toBe(201);
    expect((await signJson(verified.slug, ada)).status).toBe(201);

    const privacy = await (await call("/admin/privacy", { headers: { cookie } })).text();
    expect(privacy).toContain('<form method="post" action="/admin/privacy/access" novalidate>');
    expect(privacy).toContain('<a href="/admin/privacy">Privacy</a>');

    const shown = await post("/admin/privacy/access", cookie, { csrf, email: "ada.held@example.org" });
    expect(shown.status).toBe(200);
    expect(shown.headers.get("cache-control")).toBe("no-store");
    const page = await shown.text();
    expect(page).toContain("<h1>What is held about ada.held@example.org</h1>");
    expect(page).toContain("1 signatures and 1 waiting for confirmation.");
    expect(page).toContain(
      "<tr><td>Held &lt;here&gt;</td><td>Ada.Held@example.org</td><td>Ada &lt;Held&gt;</td><td></td><td>Portugal</td><td>no</td><td></td><td>news</td>",
    );
    expect(page).toMatch(/<td>\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC<\/td>/);

    const download = await post("/admin/privacy/access", cookie, {
      csrf,
      email: "ada.held@example.org",
      format: "json",
    });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe('attachment; filename="access-request.json"');
    expect(download.headers.get("cache-control")).toBe("no-store");
    const report = await download.json<{ signatures: { email: string }[]; pending: unknown[] }>();
    expect(report.signatures.map((s) => s.email)).toEqual(["Ada.Held@example.org"]);
    expect(report.pending).toHaveLength(1);
  });

  it("shows a mistyped address beside the access form's field, in words", async () => {
    const { cookie, csrf } = await session();
    const res = await post("/admin/privacy/access", cookie, { csrf, email: "nobody" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(
      '<p class="error" id="access-email-error">Enter an email address, such as name@example.org</p>',
    );
  });

  it("is behind sign-in and CSRF like every console page", async () => {
    const { cookie } = await session();
    expect((await call("/admin/privacy", { redirect: "manual" })).status).toBe(303);
    await expectProblem(await post("/admin/privacy/access", cookie, { email: "a@example.org" }), 403);
    await expectProblem(await post("/admin/privacy/access", "", { email: "a@example.org" }), 401);
  });

  it("answers an unknown removal with the console's 404 page", async () => {
    const { cookie } = await session();
    for (const id of ["999999", "not-a-number"]) {
      const res = await call(`/admin/removals/${id}`, { headers: { cookie } });
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    }
  });
});
