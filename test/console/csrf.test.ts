import { describe, expect, it } from "vitest";
import { post, session } from "../helpers/console";
import { call, expectProblem, uniqueSlug } from "../helpers/index";

describe("console CSRF protection", () => {
  it("refuses a change without the session's CSRF token, or with another session's", async () => {
    const { cookie } = await session();
    const other = await session();
    const slug = uniqueSlug("csrf");
    const fields = { slug, title: "T", summary: "S", goal: "10", status: "open" };
    await expectProblem(await post("/admin/new", cookie, fields), 403);
    await expectProblem(await post("/admin/new", cookie, { ...fields, csrf: other.csrf }), 403);
    expect((await call(`/v1/petitions/${slug}`)).status).toBe(404);
  });

  it("refuses a change posted from another site even with the token", async () => {
    const { cookie, csrf } = await session();
    const crossSite = {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: "https://evil.example",
      "Sec-Fetch-Site": "cross-site",
    };
    const res = await post(
      "/admin/new",
      cookie,
      { csrf, slug: uniqueSlug(), title: "T", summary: "S", goal: "1" },
      crossSite,
    );
    expect(res.status).toBe(403);
  });

  it("is 401 for a change without a session", async () => {
    await expectProblem(await post("/admin/new", "", { slug: uniqueSlug(), title: "T" }), 401);
  });
});
