import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMIN, call, createPetition, expectProblem, signatureRows } from "../helpers";
import { post, SAME_ORIGIN, session } from "../helpers/console";
import { signWithKey } from "../partners/helpers";

describe("console: partner keys", () => {
  it("creates a key and shows its secret once, which then signs; revokes it; lists both in the audit", async () => {
    const { cookie, csrf } = await session();
    const petition = await createPetition();
    const created = await post("/admin/api-keys", cookie, {
      csrf,
      name: "Rede <Norte>",
      petitions: `${petition.slug}`,
      "scope.signatures:write": "on",
      rate_limit_per_minute: "100",
    });
    expect(created.status).toBe(200);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const html = await created.text();
    expect(html).toContain("Rede &lt;Norte&gt;");
    expect(html).not.toContain("Rede <Norte>");
    const secret = html.match(/<textarea id="secret"[^>]*>(pe_[A-Za-z0-9_-]+)<\/textarea>/)![1]!;
    const id = html.match(/Secret of <code>(key_[A-Za-z0-9_-]+)<\/code>/)![1]!;
    expect(html).toContain('data-copy="secret"');
    expect(
      (
        await signWithKey(
          petition.slug,
          { email: "console@example.org", name: "C" },
          { Authorization: `Bearer ${secret}` },
        )
      ).status,
    ).toBe(201);

    const listed = await (await call("/admin/api-keys", { headers: { cookie } })).text();
    expect(listed).not.toContain(secret);
    expect(listed).toContain(`<code>${id}</code>`);

    const revoked = await post(`/admin/api-keys/${id}/revoke`, cookie, { csrf });
    expect(revoked.status).toBe(303);
    await expectProblem(
      await signWithKey(petition.slug, { email: "late@example.org", name: "L" }, { Authorization: `Bearer ${secret}` }),
      401,
    );
    const after = await (await call("/admin/api-keys", { headers: { cookie } })).text();
    expect(after).toMatch(/api-key\.created[\s\S]*api-key\.used|api-key\.used[\s\S]*api-key\.created/);
    expect(after).toContain("api-key.revoked");
    expect(after).toContain("revoked ");
  });

  it("shows the API's problem with the form kept, and creates nothing", async () => {
    const { cookie, csrf } = await session();
    const before = (await (await call("/v1/admin/api-keys", { headers: ADMIN })).json<{ api_keys: unknown[] }>())
      .api_keys;
    const res = await post("/admin/api-keys", cookie, { csrf, name: "No scopes", petitions: "no-such-petition" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("scopes");
    expect(html).toContain('value="No scopes"');
    const after = (await (await call("/v1/admin/api-keys", { headers: ADMIN })).json<{ api_keys: unknown[] }>())
      .api_keys;
    expect(after).toHaveLength(before.length);
  });
});

describe("console: CSV import", () => {
  const csv = ["email,name,country", "ok1@example.org,One,BR", "broken,Two,BR", "ok2@example.org,,KE"].join("\n");

  it("previews per-row problems without storing, then imports on confirmation", async () => {
    const { cookie, csrf } = await session();
    const petition = await createPetition();
    const form = new FormData();
    form.set("csrf", csrf);
    form.set("step", "preview");
    form.set("file", new File([csv], "signatures.csv", { type: "text/csv" }));
    const preview = await call(`/admin/p/${petition.slug}/import`, {
      method: "POST",
      headers: { ...SAME_ORIGIN, cookie },
      body: form,
    });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain("1 of 3 records can be imported");
    expect(html).toMatch(/<td class="n">3<\/td><td>email: [^<]+<\/td>/);
    expect(html).toMatch(/<td class="n">4<\/td><td>name: Required<\/td>/);
    expect(await signatureRows(petition.slug)).toEqual([]);

    const confirmed = await post(`/admin/p/${petition.slug}/import`, cookie, { csrf, step: "confirm", csv });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain("1 of 3 records accepted");
    expect((await signatureRows(petition.slug)).map((row) => row.email)).toEqual(["ok1@example.org"]);
  });

  it("shows an unreadable CSV's problem on the upload form", async () => {
    const { cookie, csrf } = await session();
    const petition = await createPetition();
    const res = await post(`/admin/p/${petition.slug}/import`, cookie, {
      csrf,
      step: "preview",
      csv: "mail,name\nx,y",
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Unknown column");
    expect(html).toContain('type="file"');
  });
});

describe("console: webhooks", () => {
  it("subscribes an endpoint with its secret shown once, sends a test event, pauses and resumes it, and shows it on dashboards", async () => {
    const { cookie, csrf } = await session();
    const petition = await createPetition();
    const url = `${env.TEST_WEBHOOK_RECEIVER_URL}/console-hook`;
    const created = await post("/admin/webhooks", cookie, {
      csrf,
      url,
      "event.signature.created": "on",
      petitions: petition.slug,
    });
    expect(created.status).toBe(200);
    const html = await created.text();
    const secret = html.match(/<textarea id="secret"[^>]*>(whsec_[A-Za-z0-9+/=]+)<\/textarea>/)![1]!;
    const id = html.match(/Secret of <code>(wh_[0-9a-f]+)<\/code>/)![1]!;
    expect(await (await call("/admin/webhooks", { headers: { cookie } })).text()).not.toContain(secret);

    expect((await post(`/admin/webhooks/${id}/test`, cookie, { csrf })).status).toBe(303);
    const tested = await (await call(`/v1/admin/webhooks/${id}`, { headers: ADMIN })).json<any>();
    expect(tested.last_success_at).not.toBeNull();

    expect((await post(`/admin/webhooks/${id}/pause`, cookie, { csrf })).status).toBe(303);
    expect((await (await call(`/v1/admin/webhooks/${id}`, { headers: ADMIN })).json<any>()).state).toBe("paused");
    expect((await post(`/admin/webhooks/${id}/resume`, cookie, { csrf })).status).toBe(303);
    expect((await (await call(`/v1/admin/webhooks/${id}`, { headers: ADMIN })).json<any>()).state).toBe("active");

    const dashboard = await (await call(`/admin/p/${petition.slug}`, { headers: { cookie } })).text();
    expect(dashboard).toContain(`<code>${url}</code>`);
  });

  it("keeps the form and shows the API's problem for a plain-http URL", async () => {
    const { cookie, csrf } = await session();
    const res = await post("/admin/webhooks", cookie, {
      csrf,
      url: "http://crm.example.org/hook",
      "event.milestone": "on",
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("https://");
    expect(html).toContain('value="http://crm.example.org/hook"');
  });
});
