import { describe, expect, it } from "vitest";
import { call, expectProblem, freshIp, ORIGIN, uniqueSlug } from "../helpers/index";

/** What Chromium sends with a form the console's own page submits. */
const SAME_ORIGIN = { "Sec-Fetch-Site": "same-origin", Origin: ORIGIN };

const FORM = { ...SAME_ORIGIN, "Content-Type": "application/x-www-form-urlencoded" };

/** Each sign-in from its own network unless told: attempts are limited per network. */
async function signIn(token = "test-admin-token", ip = freshIp()): Promise<Response> {
  return call("/admin/sign-in", {
    method: "POST",
    headers: { ...FORM, "cf-connecting-ip": ip },
    body: new URLSearchParams({ token }),
    redirect: "manual",
  });
}

/** A signed-in session: its cookie header and the CSRF token its pages carry. */
async function session(): Promise<{ cookie: string; csrf: string }> {
  const res = await signIn();
  expect(res.status).toBe(303);
  const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
  const page = await (await call("/admin/new", { headers: { cookie } })).text();
  const csrf = page.match(/name="csrf" value="([^"]+)"/)![1]!;
  return { cookie, csrf };
}

function post(path: string, cookie: string, fields: Record<string, string>, headers: Record<string, string> = FORM) {
  return call(path, {
    method: "POST",
    headers: { ...headers, cookie },
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
}

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
