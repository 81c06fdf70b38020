/**
 * Closing, erasure and invalidation in the console ask first, without JavaScript: the first post
 * answers with what will happen and a form that posts the same fields again with `confirm`; a post
 * without it changes nothing.
 */
import { describe, expect, it } from "vitest";
import { post, session } from "../helpers/console";
import { ADMIN, call, createPetition, expectProblem, signJson } from "../helpers/index";
import { runCron } from "../helpers/tally";

const statusOf = async (slug: string) =>
  (await (await call(`/v1/admin/petitions/${slug}`, { headers: ADMIN })).json<{ status: string }>()).status;

const accessRequest = async (email: string) =>
  (
    await call("/v1/admin/access-requests", {
      method: "POST",
      headers: { ...ADMIN, "Content-Type": "application/json" },
      body: JSON.stringify({ email }),
    })
  ).json<{ signatures: unknown[]; pending: unknown[] }>();

const signaturesCsv = async (slug: string) =>
  (await call(`/v1/petitions/${slug}/signatures.csv`, { headers: ADMIN })).text();

/** The hidden fields of the confirmation's form, as a browser would post them again. */
function confirmingFields(page: string): Record<string, string> {
  const form = page.match(/<form method="post" action="[^"]+" class="actions spaced">[\s\S]*?<\/form>/)![0];
  return Object.fromEntries(
    [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
      m[1]!,
      m[2]!.replaceAll("&amp;", "&").replaceAll("&#10;", "\n"),
    ]),
  );
}

describe("closing a petition", () => {
  it("asks first, restating what happens with the count, and closes only once confirmed", async () => {
    const { cookie, csrf } = await session();
    const petition = await createPetition({ title: "Close <me>" });
    expect((await signJson(petition.slug, { email: "closer@example.org", name: "C" })).status).toBe(201);
    await runCron();

    const asked = await post(`/admin/p/${petition.slug}/status`, cookie, { csrf, status: "closed" });
    expect(asked.status).toBe(200);
    const page = await asked.text();
    expect(page).toContain("<h1>Close “Close &lt;me&gt;”?</h1>");
    expect(page).toContain("The 1 signatures counted so far stay");
    expect(page).toContain(`<a href="/admin/p/${petition.slug}">Cancel</a>`);
    expect(await statusOf(petition.slug)).toBe("open");

    const fields = confirmingFields(page);
    expect(fields).toMatchObject({ csrf, status: "closed", confirm: "yes" });
    const confirmed = await post(`/admin/p/${petition.slug}/status`, cookie, fields);
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get("location")).toBe(`/admin/p/${petition.slug}?notice=closed`);
    expect(await statusOf(petition.slug)).toBe("closed");
  });

  it("asks too when the edit form's status closes it, keeping every other change for the confirming post", async () => {
    const { cookie, csrf } = await session();
    const petition = await createPetition({ title: "Edited then closed" });
    const edit = {
      csrf,
      title: "New title",
      summary: "S",
      goal: "10",
      status: "closed",
      embed_origins: "https://a.example\nhttps://b.example",
    };
    const asked = await post(`/admin/p/${petition.slug}/edit`, cookie, edit);
    expect(asked.status).toBe(200);
    const page = await asked.text();
    expect(page).toContain("Your other changes are saved with it.");
    const stored = await (await call(`/v1/admin/petitions/${petition.slug}`, { headers: ADMIN })).json<any>();
    expect(stored).toMatchObject({ status: "open", title: "Edited then closed" });

    const confirmed = await post(`/admin/p/${petition.slug}/edit`, cookie, confirmingFields(page));
    expect(confirmed.headers.get("location")).toBe(`/admin/p/${petition.slug}?notice=saved`);
    const saved = await (await call(`/v1/admin/petitions/${petition.slug}`, { headers: ADMIN })).json<any>();
    expect(saved).toMatchObject({
      status: "closed",
      title: "New title",
      embed_origins: ["https://a.example", "https://b.example"],
    });
  });

  it("publishes and reopens without asking: neither takes anything away", async () => {
    const { cookie, csrf } = await session();
    const draft = await createPetition({ status: "draft" });
    const published = await post(`/admin/p/${draft.slug}/status`, cookie, { csrf, status: "open" });
    expect(published.headers.get("location")).toBe(`/admin/p/${draft.slug}?notice=published`);
    const closed = await createPetition({ status: "closed" });
    const reopened = await post(`/admin/p/${closed.slug}/status`, cookie, { csrf, status: "open" });
    expect(reopened.headers.get("location")).toBe(`/admin/p/${closed.slug}?notice=reopened`);
    expect(await statusOf(closed.slug)).toBe("open");
  });
});

describe("erasure in the console", () => {
  it("says what it will remove, removes nothing until confirmed, then erases and shows the removal", async () => {
    const { cookie, csrf } = await session();
    const first = await createPetition({ title: "First" });
    const second = await createPetition({ title: "Second" });
    for (const petition of [first, second])
      expect((await signJson(petition.slug, { email: "Eve.Erase@example.org", name: "Eve" })).status).toBe(201);

    const asked = await post("/admin/privacy/erasure", cookie, { csrf, email: "eve.erase@example.org" });
    expect(asked.status).toBe(200);
    const page = await asked.text();
    expect(page).toContain("<h1>Erase eve.erase@example.org?</h1>");
    expect(page).toContain("Their 2 signatures and 0 waiting for confirmation are deleted, on First, Second.");
    expect((await accessRequest("eve.erase@example.org")).signatures).toHaveLength(2);

    const confirmed = await post("/admin/privacy/erasure", cookie, confirmingFields(page));
    expect(confirmed.status).toBe(303);
    const location = confirmed.headers.get("location")!;
    expect(location).toMatch(/^\/admin\/removals\/\d+\?notice=erased$/);
    expect((await accessRequest("eve.erase@example.org")).signatures).toHaveLength(0);

    const removal = await (await call(location, { headers: { cookie } })).text();
    expect(removal).toContain('<p class="notice" role="status">Erasure recorded: what it removed is below.</p>');
    expect(removal).toContain("2 signatures removed; finished ");
  });

  it("shows a mistyped address beside its field, in words, and asks nothing", async () => {
    const { cookie, csrf } = await session();
    const res = await post("/admin/privacy/erasure", cookie, { csrf, email: "not an address" });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain(
      '<p class="error" id="erasure-email-error">Enter an email address, such as name@example.org</p>',
    );
    expect(page).toMatch(/id="erasure-email"[^>]*aria-invalid="true"[^>]*value="not an address"/);
    expect(page).not.toContain("access-email-error");
    expect(page).not.toContain("Invalid email");
  });

  it("needs the session's CSRF token and a session, like every console change", async () => {
    const { cookie } = await session();
    const petition = await createPetition();
    expect((await signJson(petition.slug, { email: "csrf.erase@example.org", name: "C" })).status).toBe(201);
    await expectProblem(
      await post("/admin/privacy/erasure", cookie, { email: "csrf.erase@example.org", confirm: "yes" }),
      403,
    );
    await expectProblem(
      await post("/admin/privacy/erasure", "", { email: "csrf.erase@example.org", confirm: "yes" }),
      401,
    );
    expect((await accessRequest("csrf.erase@example.org")).signatures).toHaveLength(1);
  });
});

describe("invalidation in the console", () => {
  it("checks the criteria, restates them, voids nothing until confirmed, then voids the wave", async () => {
    const { cookie, csrf } = await session();
    const petition = await createPetition({ title: "Targeted" });
    expect((await signJson(petition.slug, { email: "w1@example.org", name: "W", source: "bots" })).status).toBe(201);
    expect((await signJson(petition.slug, { email: "w2@example.org", name: "W", source: "bots" })).status).toBe(201);
    expect((await signJson(petition.slug, { email: "real@example.org", name: "R" })).status).toBe(201);

    const form = await (await call(`/admin/p/${petition.slug}/invalidate`, { headers: { cookie } })).text();
    expect(form).toContain('type="datetime-local"');
    expect(form).toContain("Signed from (UTC)");

    const none = await post(`/admin/p/${petition.slug}/invalidate`, cookie, { csrf, ip: "", source: "" });
    expect(none.status).toBe(422);
    expect(await none.text()).toContain(
      '<p class="error" id="f-criteria-error">Give at least one of the network, a time or the source',
    );

    const asked = await post(`/admin/p/${petition.slug}/invalidate`, cookie, {
      csrf,
      source: "bots",
      from: "2020-01-01T00:00",
    });
    expect(asked.status).toBe(200);
    const page = await asked.text();
    expect(page).toContain("<h1>Void signatures of “Targeted”?</h1>");
    expect(page).toContain("signed from 1 Jan 2020, 00:00 UTC, with the source <code>bots</code> is deleted.");
    expect(await signaturesCsv(petition.slug)).toContain("w1@example.org");

    const confirmed = await post(`/admin/p/${petition.slug}/invalidate`, cookie, confirmingFields(page));
    expect(confirmed.status).toBe(303);
    const location = confirmed.headers.get("location")!;
    expect(location).toMatch(/^\/admin\/removals\/\d+\?notice=invalidated$/);
    expect(await (await call(location, { headers: { cookie } })).text()).toContain("2 signatures removed;");
    const csv = await signaturesCsv(petition.slug);
    expect(csv).toContain("real@example.org");
    expect(csv).not.toContain("w1@example.org");
  });

  it("shows a bad address beside its field in words", async () => {
    const { cookie, csrf } = await session();
    const petition = await createPetition();
    const res = await post(`/admin/p/${petition.slug}/invalidate`, cookie, { csrf, ip: "999.1.1.1" });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('<p class="error" id="f-ip-error">Enter an IP address such as 203.0.113.7');
    expect(page).toMatch(/id="f-ip"[^>]*value="999.1.1.1"/);
  });
});
