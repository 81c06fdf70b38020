/**
 * After each action the console redirects (post-redirect-get) to a page that says what was done. The
 * URL carries a key of a fixed set; the words are the console's own, never taken from the URL.
 */
import { describe, expect, it } from "vitest";
import { NOTICES } from "../../src/console/notices";
import { post, session } from "../helpers/console";
import { call, createPetition, uniqueSlug } from "../helpers/index";

const noticeOn = async (path: string, cookie: string) =>
  (await (await call(path, { headers: { cookie } })).text()).match(/<p class="notice" role="status">([^<]*)<\/p>/)?.[1];

describe("console notices", () => {
  it("says what was done after creating, saving, closing and reopening", async () => {
    const { cookie, csrf } = await session();
    const slug = uniqueSlug("notice");
    const created = await post("/admin/new", cookie, {
      csrf,
      slug,
      title: "T",
      summary: "S",
      goal: "10",
      status: "open",
    });
    expect(created.headers.get("location")).toBe(`/admin/p/${slug}?notice=created`);
    expect(await noticeOn(created.headers.get("location")!, cookie)).toBe("Petition created.");

    const saved = await post(`/admin/p/${slug}/edit`, cookie, { csrf, title: "T2", summary: "S", goal: "10" });
    expect(await noticeOn(saved.headers.get("location")!, cookie)).toBe("Changes saved.");

    const closed = await post(`/admin/p/${slug}/status`, cookie, { csrf, status: "closed", confirm: "yes" });
    expect(await noticeOn(closed.headers.get("location")!, cookie)).toBe(NOTICES.closed);
    const reopened = await post(`/admin/p/${slug}/status`, cookie, { csrf, status: "open" });
    expect(await noticeOn(reopened.headers.get("location")!, cookie)).toBe(NOTICES.reopened);
    // The page itself, reached again without the key, says nothing.
    expect(await noticeOn(`/admin/p/${slug}`, cookie)).toBeUndefined();
  });

  it("shows nothing for a key outside the set: no text of the URL's reaches the page", async () => {
    const { cookie } = await session();
    const petition = await createPetition();
    for (const key of ["<script>alert(1)</script>", "Your account is suspended", "toString", "constructor", ""]) {
      const page = await (
        await call(`/admin/p/${petition.slug}?notice=${encodeURIComponent(key)}`, { headers: { cookie } })
      ).text();
      expect(page).not.toContain('class="notice" role="status"');
      expect(page).not.toContain("suspended");
      expect(page).not.toContain("alert(1)");
    }
  });

  it("says what was done on the partner keys and webhooks pages", async () => {
    const { cookie, csrf } = await session();
    const created = await post("/admin/api-keys", cookie, {
      csrf,
      name: "Notice partner",
      "scope.signatures:write": "on",
    });
    const id = (await created.text()).match(/Secret of <code>([^<]+)<\/code>/)![1]!;
    const revoked = await post(`/admin/api-keys/${id}/revoke`, cookie, { csrf });
    expect(revoked.headers.get("location")).toBe("/admin/api-keys?notice=key-revoked");
    expect(await noticeOn(revoked.headers.get("location")!, cookie)).toBe(NOTICES["key-revoked"]);
  });
});
