import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMIN, call, createPetition, expectProblem, signJson, uniqueSlug } from "../helpers/index";

const json = (body: unknown, headers: Record<string, string> = ADMIN) => ({
  headers: { ...headers, "Content-Type": "application/json" },
  body: JSON.stringify(body),
});

describe("creating petitions", () => {
  it("201 with defaults, a Location, and the petition readable by the public", async () => {
    const slug = uniqueSlug("create");
    const res = await call("/v1/petitions", {
      method: "POST",
      ...json({ slug, title: "  Marriage equality ", summary: "Sign it", goal: 50000, consent_text: "Keep me posted" }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(`/v1/petitions/${slug}`);
    const petition = await res.json<Record<string, unknown>>();
    expect(petition).toMatchObject({
      slug,
      title: "Marriage equality",
      status: "open",
      goal: 50000,
      locales: [],
      embed_origins: [],
      fields: { name: "required", postcode: "off" },
      consent_text: "Keep me posted",
      closes_at: null,
    });
    expect(petition).not.toHaveProperty("id");

    const pub = await call(`/v1/petitions/${slug}`);
    expect(pub.status).toBe(200);
    expect(await pub.json()).toMatchObject({ slug, count: 0, goal: 50000 });
  });

  it("409 when the slug exists, and the first petition is untouched", async () => {
    const first = await createPetition({ title: "First" });
    const res = await call("/v1/petitions", {
      method: "POST",
      ...json({ slug: first.slug, title: "Second", summary: "s", goal: 5 }),
    });
    const problem = await expectProblem(res, 409);
    expect(problem.errors).toEqual([{ path: "slug", message: "already taken" }]);
    expect(await (await call(`/v1/petitions/${first.slug}`)).json()).toMatchObject({ title: "First" });
  });

  it("422 naming every bad field; nothing stored", async () => {
    const res = await call("/v1/petitions", {
      method: "POST",
      ...json({
        slug: "Bad Slug!",
        title: "",
        summary: "s",
        goal: -3,
        status: "archived",
        closes_at: "next tuesday",
        embed_origins: ["https://ok.example", "https://bad.example/path"],
        fields: { postcode: "sometimes" },
        surprise: true,
      }),
    });
    const problem = await expectProblem(res, 422);
    const paths = problem.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual([
      "closes_at",
      "embed_origins.1",
      "fields.postcode",
      "goal",
      "slug",
      "status",
      "surprise",
      "title",
    ]);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM petitions WHERE title = ''").first("n")).toBe(0);
  });

  it("400 for unparseable JSON, 413 past 64 KiB, 415 for a wrong type", async () => {
    await expectProblem(
      await call("/v1/petitions", {
        method: "POST",
        headers: { ...ADMIN, "Content-Type": "application/json" },
        body: "{nope",
      }),
      400,
    );
    const huge = { slug: uniqueSlug(), title: "t", summary: "s", goal: 1, body: "x".repeat(70_000) };
    await expectProblem(await call("/v1/petitions", { method: "POST", ...json(huge) }), 413);
    const wrongType = await call("/v1/petitions", {
      method: "POST",
      headers: { ...ADMIN, "Content-Type": "text/plain" },
      body: "{}",
    });
    expect((await expectProblem(wrongType, 415)).type).toBe("/problems/unsupported-media-type");
    expect(wrongType.headers.get("accept-post")).toBe("application/json");
  });
});

describe("updating petitions", () => {
  it("PATCH changes only the given fields and closes a petition", async () => {
    const petition = await createPetition({
      fields: { name: "optional", postcode: "required" },
      closes_at: "2030-01-01T02:00:00+02:00",
    });
    const before = new Date().toISOString();
    const res = await call(`/v1/petitions/${petition.slug}`, {
      method: "PATCH",
      ...json({ title: "New title", status: "closed", fields: { name: "off" } }),
    });
    expect(res.status).toBe(200);
    const closed = await res.json<Record<string, any>>();
    expect(closed).toMatchObject({
      slug: petition.slug,
      title: "New title",
      summary: petition.summary,
      status: "closed",
      fields: { name: "off", postcode: "required" },
    });
    // Closing records when, so queued signatures can be judged by the time they were accepted.
    expect(closed.closes_at >= before && closed.closes_at <= new Date().toISOString()).toBe(true);
  });

  it("reopening forgets the recorded closing time, unless a new one is given", async () => {
    const petition = await createPetition({ status: "closed" });
    expect(petition.closes_at).not.toBeNull();
    const reopened = await call(`/v1/petitions/${petition.slug}`, { method: "PATCH", ...json({ status: "open" }) });
    expect(await reopened.json()).toMatchObject({ status: "open", closes_at: null });
    // A form that sends the recorded closing time back with the reopening reopens all the same.
    const viaForm = await createPetition({ status: "closed" });
    const formReopened = await call(`/v1/petitions/${viaForm.slug}`, {
      method: "PATCH",
      ...json({ status: "open", closes_at: viaForm.closes_at }),
    });
    expect(await formReopened.json()).toMatchObject({ status: "open", closes_at: null });
    expect(
      (await signJson(viaForm.slug, { email: "reopened@example.org", name: "Re Opened", country: "BR", consent: true }))
        .status,
    ).toBe(201);
    const later = await createPetition({ status: "closed" });
    const reopenedUntil = await call(`/v1/petitions/${later.slug}`, {
      method: "PATCH",
      ...json({ status: "open", closes_at: "2099-01-01T00:00:00Z" }),
    });
    expect(await reopenedUntil.json()).toMatchObject({ status: "open", closes_at: "2099-01-01T00:00:00.000Z" });
    const expired = await createPetition({ closes_at: "2001-01-01T00:00:00Z" });
    const stillExpired = await call(`/v1/petitions/${expired.slug}`, { method: "PATCH", ...json({ title: "T" }) });
    expect(await stillExpired.json()).toMatchObject({ status: "open", closes_at: "2001-01-01T00:00:00.000Z" });
  });

  it("updates the published goal at once", async () => {
    const petition = await createPetition({ goal: 100 });
    await call(`/v1/petitions/${petition.slug}`, { method: "PATCH", ...json({ goal: 250 }) });
    expect(await (await call(`/v1/petitions/${petition.slug}`)).json()).toMatchObject({ goal: 250 });
  });

  it("404 for an unknown petition, 422 for a bad patch, 401 without the token", async () => {
    await expectProblem(
      await call("/v1/petitions/no-such-petition", { method: "PATCH", ...json({ title: "x" }) }),
      404,
    );
    const petition = await createPetition();
    const problem = await expectProblem(
      await call(`/v1/petitions/${petition.slug}`, { method: "PATCH", ...json({ goal: "many" }) }),
      422,
    );
    expect(problem.errors).toEqual([{ path: "goal", message: expect.any(String) }]);
    await expectProblem(
      await call(`/v1/petitions/${petition.slug}`, { method: "PATCH", ...json({ title: "x" }, {}) }),
      401,
    );
  });
});

describe("listing petitions", () => {
  it("the public sees open petitions only, paginated by cursor; admins see all", async () => {
    const open = await Promise.all([createPetition(), createPetition(), createPetition()]);
    const draft = await createPetition({ status: "draft" });
    const closed = await createPetition({ status: "closed" });
    const expired = await createPetition({ closes_at: "2001-01-01T00:00:00Z" });

    const seen: string[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const res = await call(`/v1/petitions?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      const page: { petitions: { slug: string; count: number }[]; next_cursor: string | null } = await res.json();
      expect(page.petitions.length).toBeLessThanOrEqual(2);
      for (const p of page.petitions) expect(p.count).toBe(0);
      seen.push(...page.petitions.map((p) => p.slug));
      cursor = page.next_cursor;
    }
    for (const p of open) expect(seen).toContain(p.slug);
    for (const p of [draft, closed, expired]) expect(seen).not.toContain(p.slug);
    expect(new Set(seen).size).toBe(seen.length);

    const all: { petitions: { slug: string }[] } = await (
      await call("/v1/admin/petitions?limit=100", { headers: ADMIN })
    ).json();
    for (const p of [...open, draft, closed, expired]) expect(all.petitions.map((x) => x.slug)).toContain(p.slug);
  });

  it("drafts are 404 to the public; bad queries are 422", async () => {
    const draft = await createPetition({ status: "draft" });
    await expectProblem(await call(`/v1/petitions/${draft.slug}`), 404);
    await expectProblem(await call("/v1/petitions/NOT_A_SLUG"), 422);
    await expectProblem(await call("/v1/petitions?limit=0"), 422);
    await expectProblem(await call("/v1/petitions?cursor=abc"), 422);
  });
});
