import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMIN, call, createPetition, signJson, uniqueSlug } from "../helpers";
import { runCron } from "../helpers/tally";
import { eventsOf, makeDue, outage, receivedAt, receiverUrl, subscribe, verifies } from "./helpers";

const sign = (slug: string, email: string, extra: Record<string, unknown> = {}) =>
  signJson(slug, { email, name: "Ana Lima", country: "BR", consent: true, ...extra }).then((res) => {
    expect(res.status).toBe(201);
  });

const endpointRow = (id: string) =>
  env.DB.prepare(`SELECT * FROM webhook_endpoints WHERE id = ?`).bind(id).first<Record<string, any>>();

describe("signature webhooks", () => {
  it("send stored signatures in Action Network's shape, signed as Standard Webhooks, once each", async () => {
    const petition = await createPetition({ fields: { name: "required", postcode: "off" } });
    const other = await createPetition();
    const path = `/${uniqueSlug("hook")}`;
    const hook = await subscribe({ url: receiverUrl(path), events: ["signature.created"], petitions: [petition.slug] });
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await sign(petition.slug, "first@example.org", { source: "mail" });
    await sign(petition.slug, "first@example.org");
    await sign(other.slug, "elsewhere@example.org");
    await sign(petition.slug, "second@example.org", { postcode: "ignored" });
    await runCron();
    await runCron();

    const requests = await receivedAt(path);
    expect(requests).toHaveLength(1);
    expect(await verifies(requests[0]!, hook.secret)).toBe(true);
    expect(await verifies(requests[0]!, "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")).toBe(false);
    const events = eventsOf(requests);
    expect(events.map((e) => e["osdi:signature"]._embedded["osdi:person"].email_addresses[0].address)).toEqual([
      "first@example.org",
      "second@example.org",
    ]);
    const first = events[0]!;
    expect(first.idempotency_key).toMatch(/^signature\.created:\d+$/);
    expect(first["petition_edge:event"]).toBe("signature.created");
    expect(first["osdi:signature"]._embedded["osdi:person"]).toMatchObject({ given_name: "Ana", family_name: "Lima" });
    expect(first["osdi:signature"]._links["osdi:petition"].href).toContain(`/osdi/v1/petitions/${petition.slug}`);
    // Only what the petition collects: postcode is off.
    expect(JSON.stringify(events)).not.toContain("ignored");
    expect(requests[0]!.headers["content-type"]).toBe("application/json");
  });

  it("keep each idempotency key through an outage: retried on the schedule, nothing lost, nothing new keyed twice", async () => {
    const petition = await createPetition();
    const path = `/${uniqueSlug("down")}`;
    const hook = await subscribe({ url: receiverUrl(path), events: ["signature.created"], petitions: [petition.slug] });
    await sign(petition.slug, "before-outage@example.org");
    await outage(path, 503);
    await runCron();
    const failing = await endpointRow(hook.id);
    expect(failing).toMatchObject({ state: "active", failures: 1, last_error: "HTTP 503" });
    expect(failing!.next_attempt_at).toBeGreaterThan(Date.now());
    await sign(petition.slug, "during-outage@example.org");
    await runCron(); // not due yet: no attempt
    expect(await receivedAt(path)).toHaveLength(1);
    await makeDue(hook.id);
    await runCron();
    expect((await endpointRow(hook.id))!.failures).toBe(2);
    await outage(path, null);
    await makeDue(hook.id);
    await runCron();
    const requests = await receivedAt(path);
    for (const r of requests) expect(await verifies(r, hook.secret)).toBe(true);
    const delivered = eventsOf(requests.slice(-1));
    expect(delivered.map((e) => e["osdi:signature"]._embedded["osdi:person"].email_addresses[0].address)).toEqual([
      "before-outage@example.org",
      "during-outage@example.org",
    ]);
    // Every attempt carried the first signature under the same key.
    const keys = eventsOf(requests).map((e) => e.idempotency_key);
    expect(new Set(keys).size).toBe(2);
    expect((await endpointRow(hook.id))!).toMatchObject({ failures: 0, last_error: "HTTP 503", state: "active" });
  });

  it("disable an endpoint at once on 410 Gone, and after about a day of failures", async () => {
    const petition = await createPetition();
    const gonePath = `/${uniqueSlug("gone")}`;
    const gone = await subscribe({
      url: receiverUrl(`${gonePath}?status=410`),
      events: ["signature.created"],
      petitions: [petition.slug],
    });
    const flakyPath = `/${uniqueSlug("flaky")}`;
    const flaky = await subscribe({
      url: receiverUrl(`${flakyPath}?status=500`),
      events: ["signature.created"],
      petitions: [petition.slug],
    });
    await sign(petition.slug, "who@example.org");
    await env.DB.prepare(`UPDATE webhook_endpoints SET failures = 7, failing_since = ? WHERE id = ?`)
      .bind(Date.now() - 27 * 3_600_000, flaky.id)
      .run();
    await runCron();
    expect(await endpointRow(gone.id)).toMatchObject({
      state: "disabled",
      disabled_reason: "The receiver answered 410 Gone.",
    });
    expect(await endpointRow(flaky.id)).toMatchObject({ state: "disabled" });
    expect((await endpointRow(flaky.id))!.disabled_reason).toContain("gave up after 8 attempts");
    await runCron();
    expect(await receivedAt(gonePath)).toHaveLength(1);
    const listed = await (await call("/v1/admin/webhooks", { headers: ADMIN })).json<{ webhooks: any[] }>();
    expect(listed.webhooks.find((w) => w.id === gone.id)).toMatchObject({ state: "disabled", backlog: 1 });
  });

  it("keep events for a paused endpoint and send them on resume; replay sends them again under the same keys", async () => {
    const petition = await createPetition();
    const path = `/${uniqueSlug("paused")}`;
    const hook = await subscribe({ url: receiverUrl(path), events: ["signature.created"], petitions: [petition.slug] });
    const patch = (body: unknown) =>
      call(`/v1/admin/webhooks/${hook.id}`, {
        method: "PATCH",
        headers: { ...ADMIN, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await patch({ state: "paused" })).status).toBe(200);
    const since = new Date(Date.now() - 1000).toISOString();
    await runCron();
    await sign(petition.slug, "while-paused@example.org");
    await runCron();
    expect(await receivedAt(path)).toEqual([]);
    expect((await (await patch({ state: "active" })).json<any>()).backlog).toBe(1);
    await runCron();
    const first = eventsOf(await receivedAt(path));
    expect(first).toHaveLength(1);
    const replay = await call(`/v1/admin/webhooks/${hook.id}/replay?since=${encodeURIComponent(since)}`, {
      method: "POST",
      headers: ADMIN,
    });
    expect(replay.status).toBe(202);
    await runCron();
    const all = eventsOf(await receivedAt(path));
    expect(all.map((e) => e.idempotency_key)).toEqual([first[0]!.idempotency_key, first[0]!.idempotency_key]);
  });

  it("tell subscribers of erasures and invalidations which signatures went, with nothing personal", async () => {
    const petition = await createPetition();
    const path = `/${uniqueSlug("removed")}`;
    const hook = await subscribe({
      url: receiverUrl(path),
      events: ["signature.created", "signature.erased", "signature.invalidated"],
      petitions: null,
    });
    await sign(petition.slug, "forget-me@example.org");
    await sign(petition.slug, "fraud@example.org", { source: "botnet" });
    await runCron();
    const created = eventsOf(await receivedAt(path));
    const idOf = (email: string) =>
      created.find((e) => e["osdi:signature"]._embedded["osdi:person"].email_addresses[0].address === email)![
        "osdi:signature"
      ].identifiers[0];
    const admin = { ...ADMIN, "Content-Type": "application/json" };
    await call("/v1/admin/erasures", {
      method: "POST",
      headers: admin,
      body: JSON.stringify({ email: "forget-me@example.org" }),
    });
    await call(`/v1/admin/petitions/${petition.slug}/invalidations`, {
      method: "POST",
      headers: admin,
      body: JSON.stringify({ source: "botnet" }),
    });
    await runCron();
    const requests = await receivedAt(path);
    for (const r of requests) expect(await verifies(r, hook.secret)).toBe(true);
    const removed = eventsOf(requests.slice(1));
    expect(removed.map((e) => [e["petition_edge:event"], e["osdi:signature"].identifiers[0]])).toEqual([
      ["signature.erased", idOf("forget-me@example.org")],
      ["signature.invalidated", idOf("fraud@example.org")],
    ]);
    expect(JSON.stringify(removed)).not.toContain("@example.org");
  });

  it("send a test event from the API at once", async () => {
    const path = `/${uniqueSlug("test")}`;
    const hook = await subscribe({ url: receiverUrl(path), events: ["milestone"], petitions: null });
    const res = await call(`/v1/admin/webhooks/${hook.id}/test`, { method: "POST", headers: ADMIN });
    expect(res.status).toBe(200);
    expect((await res.json<any>()).last_success_at).not.toBeNull();
    const [request] = await receivedAt(path);
    expect(JSON.parse(request!.body)).toMatchObject({ type: "webhook.test" });
    expect(await verifies(request!, hook.secret)).toBe(true);
  });
});

describe("erasures reach whoever was sent the person", () => {
  it("sends signature.erased to an endpoint subscribed to signature.created only", async () => {
    const petition = await createPetition();
    const path = `/${uniqueSlug("created-only")}`;
    await subscribe({ url: receiverUrl(path), events: ["signature.created"], petitions: [petition.slug] });
    await sign(petition.slug, "erase-me-too@example.org");
    await runCron();
    await call("/v1/admin/erasures", {
      method: "POST",
      headers: { ...ADMIN, "Content-Type": "application/json" },
      body: JSON.stringify({ email: "erase-me-too@example.org" }),
    });
    await runCron();
    const events = eventsOf(await receivedAt(path));
    expect(events.map((e) => e["petition_edge:event"])).toEqual(["signature.created", "signature.erased"]);
    expect(events[1]!["osdi:signature"].identifiers).toEqual(events[0]!["osdi:signature"].identifiers);
  });
});
