/**
 * Real answers against the OpenAPI document the Worker serves: each status is documented for its
 * operation, each required header is sent, each body fits its media type's schema. The last test
 * fails when an operation of the document was never checked here.
 */

import { env } from "cloudflare:workers";
import { type Schema, Validator } from "@cfworker/json-schema";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../functions/app";
import { confirmationToken } from "../../src/signing/confirmation-token";
import { jpegHeader, pngImage } from "../helpers/images";
import {
  ADMIN,
  awaitRoomInTheMinute,
  call,
  createPetition,
  freshIp,
  petitionIdOf,
  signJson,
  uniqueSlug,
} from "../helpers/index";
import { runCron } from "../helpers/tally";
import { hourStart, network, storeTraffic } from "../helpers/traffic";
import { actionNetworkExample, osdiSpecExample } from "../osdi/helpers";
import { bearer, createKey } from "../partners/helpers";

interface Documented {
  description: string;
  headers?: Record<string, { required?: boolean }>;
  content?: Record<string, { schema: Schema }>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, Documented> }>>;
  components: { schemas: Record<string, Schema> };
}

let doc: OpenApiDocument;
const checked = new Set<string>();

beforeAll(async () => {
  doc = await (await call("/openapi.json")).json();
});

/** The schema with the document's components as $defs, so its $refs resolve on their own. */
function standalone(schema: Schema): Schema {
  const text = JSON.stringify({ ...schema, $defs: doc.components.schemas });
  return JSON.parse(text.replaceAll('"#/components/schemas/', '"#/$defs/'));
}

const JSON_TYPES = new Set(["application/json", "application/problem+json", "application/hal+json"]);

/** Asserts that `res`, the answer to `method` `template`, is one the document describes, and returns it. */
async function expectDocumented(method: string, template: string, res: Response): Promise<Response> {
  const operation = doc.paths[template]?.[method];
  expect(operation, `${method.toUpperCase()} ${template} is in the document`).toBeDefined();
  checked.add(`${method} ${template}`);
  const label = `${method.toUpperCase()} ${template} → ${res.status}`;
  const documented = operation!.responses[String(res.status)];
  expect(documented, `${label} is documented`).toBeDefined();
  for (const [name, header] of Object.entries(documented!.headers ?? {})) {
    if (header.required) expect(res.headers.get(name), `${label}: ${name}`).not.toBeNull();
  }
  const body = await res.clone().text();
  if (!documented!.content) {
    expect(body, `${label} has no body`).toBe("");
    return res;
  }
  const type = res.headers.get("content-type")?.split(";")[0] ?? "";
  const media = documented!.content[type];
  expect(media, `${label} as ${type} is documented`).toBeDefined();
  const instance = JSON_TYPES.has(type) ? JSON.parse(body) : body;
  const result = new Validator(standalone(media!.schema), "2020-12", false).validate(instance);
  expect(result.errors, `${label}: ${body.slice(0, 300)}`).toEqual([]);
  return res;
}

const path = (template: string, slug: string) => template.replace("{slug}", slug);
const get = async (template: string, slug = "", init: RequestInit = {}, query = "") =>
  expectDocumented("get", template, await call(path(template, slug) + query, init));
const adminJson = (method: string, body: unknown, headers: Record<string, string> = ADMIN): RequestInit => ({
  method,
  headers: { ...headers, "Content-Type": "application/json" },
  body: typeof body === "string" ? body : JSON.stringify(body),
});

describe("answers match the OpenAPI document", () => {
  it("public petition reads", async () => {
    const petition = await createPetition();
    await get("/v1/petitions");
    await get("/v1/petitions", "", {}, "?limit=0");
    await get("/v1/petitions/{slug}", petition.slug);
    await get("/v1/petitions/{slug}", "no-such-petition");
    await get("/v1/petitions/{slug}", "Not_A_Slug");
  });

  it("signing, every status", { timeout: 30_000 }, async () => {
    const template = "/v1/petitions/{slug}/signatures";
    const sign = (slug: string, init: RequestInit) =>
      call(path(template, slug), { method: "POST", ...init }).then((res) => expectDocumented("post", template, res));
    const petition = await createPetition();
    const closed = await createPetition({ status: "closed" });
    const json = (body: unknown, headers: Record<string, string> = {}) => ({
      headers: { "Content-Type": "application/json", "cf-connecting-ip": freshIp(), ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    const signer = { email: "doc@example.org", name: "Doc" };

    expect((await sign(petition.slug, json(signer))).status).toBe(201);
    const form = await sign(petition.slug, {
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "text/html" },
      body: "email=doc-form%40example.org&name=Doc",
      redirect: "manual",
    });
    expect(form.status).toBe(303);
    expect((await sign(petition.slug, json("{"))).status).toBe(400);
    expect((await sign(petition.slug, json(signer, { Origin: "https://stranger.example" }))).status).toBe(403);
    expect((await sign("no-such-petition", json(signer))).status).toBe(404);
    expect((await sign(closed.slug, json(signer))).status).toBe(409);
    expect((await sign(petition.slug, json({ ...signer, name: "x".repeat(17_000) }))).status).toBe(413);
    expect((await sign(petition.slug, { headers: { "Content-Type": "text/plain" }, body: "x" })).status).toBe(415);
    expect((await sign(petition.slug, json({ email: "nope" }))).status).toBe(422);

    await awaitRoomInTheMinute();
    const ip = freshIp();
    let limited: Response | undefined;
    for (let i = 0; i < 30 && !limited; i++) {
      const res = await signJson(
        petition.slug,
        { email: `doc-limit${i}@example.org`, name: "L" },
        { "cf-connecting-ip": ip },
      );
      if (res.status === 429) limited = res;
    }
    expect(limited?.status).toBe(429);
    await expectDocumented("post", template, limited!);

    const unconfigured = await app.request(
      path(template, petition.slug),
      { method: "POST", ...json(signer) },
      { ...env, HASH_KEY: "" },
    );
    expect((await expectDocumented("post", template, unconfigured)).status).toBe(503);
  });

  it("the admin API, every status", async () => {
    const petition = await createPetition();
    const create = async (init: RequestInit, environment?: Env) =>
      expectDocumented(
        "post",
        "/v1/petitions",
        environment ? await app.request("/v1/petitions", init, environment) : await call("/v1/petitions", init),
      );
    const fresh = { slug: uniqueSlug(), title: "t", summary: "s", goal: 5 };
    expect((await create(adminJson("POST", fresh))).status).toBe(201);
    expect((await create(adminJson("POST", "{"))).status).toBe(400);
    expect((await create(adminJson("POST", fresh, {}))).status).toBe(401);
    expect((await create(adminJson("POST", fresh))).status).toBe(409);
    expect((await create(adminJson("POST", { ...fresh, body: "x".repeat(70_000) }))).status).toBe(413);
    expect((await create({ method: "POST", headers: ADMIN, body: "{}" })).status).toBe(415);
    expect((await create(adminJson("POST", { ...fresh, goal: -1 }))).status).toBe(422);
    expect((await create(adminJson("POST", fresh), { ...env, ADMIN_TOKEN: "" })).status).toBe(503);

    const patch = async (slug: string, init: RequestInit) =>
      expectDocumented("patch", "/v1/petitions/{slug}", await call(`/v1/petitions/${slug}`, init));
    expect((await patch(petition.slug, adminJson("PATCH", { title: "New" }))).status).toBe(200);
    expect((await patch("no-such-petition", adminJson("PATCH", { title: "New" }))).status).toBe(404);

    await get("/v1/admin/petitions", "", { headers: ADMIN });
    await get("/v1/admin/petitions", "", {});
    await expectDocumented(
      "post",
      "/v1/admin/erasures",
      await call("/v1/admin/erasures", adminJson("POST", { email: "nobody@example.org" })),
    );
    const invalidations = "/v1/admin/petitions/{slug}/invalidations";
    for (const slug of [petition.slug, "no-such-petition"]) {
      await expectDocumented(
        "post",
        invalidations,
        await call(path(invalidations, slug), adminJson("POST", { ip: "203.0.113.7" })),
      );
    }
    await expectDocumented(
      "post",
      invalidations,
      await call(path(invalidations, petition.slug), adminJson("POST", { ip: "not-an-ip" })),
    );
    await expectDocumented(
      "post",
      "/v1/admin/access-requests",
      await call("/v1/admin/access-requests", adminJson("POST", { email: "nobody@example.org" })),
    );
    for (const headers of [ADMIN, {}])
      await expectDocumented(
        "post",
        "/v1/admin/key-rotation",
        await call("/v1/admin/key-rotation", { method: "POST", headers }),
      );
    await get("/v1/petitions/{slug}/signatures.csv", petition.slug, { headers: ADMIN });
    await get("/v1/petitions/{slug}/signatures.csv", "no-such-petition", { headers: ADMIN });
    await get("/v1/petitions/{slug}/report", petition.slug, { headers: ADMIN });
    await get("/v1/petitions/{slug}/report", petition.slug, { headers: ADMIN }, "?format=csv");
    await get("/v1/petitions/{slug}/report", petition.slug);
    for (const slug of [petition.slug, "no-such-petition", "Not_A_Slug"])
      await get("/v1/admin/petitions/{slug}", slug, { headers: ADMIN });
    await get("/v1/admin/petitions/{slug}", petition.slug);
    for (const slug of [petition.slug, "no-such-petition", "Not_A_Slug"])
      await get("/v1/petitions/{slug}/sources", slug, { headers: ADMIN });
    await get("/v1/petitions/{slug}/sources", petition.slug);

    // A removal that does not fit in its request's D1 calls: 202, then its status.
    expect((await signJson(petition.slug, { email: "wave@example.org", name: "W" })).status).toBe(201);
    const tightBudget = { ...env, D1_CALLS_PER_BULK_STEP: "1" };
    const continuing = await app.request(
      path(invalidations, petition.slug),
      adminJson("POST", { source: "none-such" }),
      tightBudget,
    );
    await expectDocumented("post", invalidations, continuing);
    expect(continuing.status).toBe(202);
    const status = continuing.headers.get("Location")!;
    await expectDocumented(
      "post",
      "/v1/admin/erasures",
      await app.request("/v1/admin/erasures", adminJson("POST", { email: "wave@example.org" }), tightBudget),
    );
    const removal = "/v1/admin/removals/{id}";
    await expectDocumented("get", removal, await call(status, { headers: ADMIN }));
    for (const id of ["999999", "x"])
      await expectDocumented("get", removal, await call(removal.replace("{id}", id), { headers: ADMIN }));
    await expectDocumented("get", removal, await call(status));
  });

  it("counts, charts and the embed, with their ETags and 304s", async () => {
    const petition = await createPetition();
    expect((await signJson(petition.slug, { email: "doc-count@example.org", name: "C" })).status).toBe(201);
    await runCron();
    const cached = [
      "/v1/petitions/{slug}/count",
      "/v1/tally",
      "/v1/petitions/{slug}/chart.svg",
      "/v1/petitions/{slug}/map.svg",
      "/v1/tally/map.svg",
      "/embed.js",
    ];
    for (const template of cached) {
      const first = await get(template, petition.slug);
      expect(first.status).toBe(200);
      const again = await get(template, petition.slug, { headers: { "If-None-Match": first.headers.get("etag")! } });
      expect([200, 304]).toContain(again.status); // 200 only when a tally interval boundary passed in between
    }
    await get("/v1/petitions/{slug}/count", "no-such-petition");
    await get("/v1/petitions/{slug}/chart.svg", petition.slug, {}, "?by=planet");
    await get("/v1/petitions/{slug}/map.svg", "no-such-petition");
    await get("/v1/petitions/{slug}/map.svg", "Not_A_Slug");
    for (const template of ["/embed/{slug}", "/embed/{slug}/thanks", "/p/{slug}"]) {
      await get(template, petition.slug);
      await get(template, "no-such-petition");
      await get(template, "Not_A_Slug");
    }
  });

  it("partner keys, batch import and the audit list, every status", async () => {
    const petition = await createPetition();
    const closed = await createPetition({ status: "closed" });
    const keys = "/v1/admin/api-keys";
    const post = (body: unknown, headers?: Record<string, string>) =>
      call(keys, adminJson("POST", body, headers)).then((res) => expectDocumented("post", keys, res));
    const created = await post({ name: "Doc", scopes: ["signatures:write"], rate_limit_per_minute: 3 });
    expect(created.status).toBe(201);
    const key = await created.json<{ id: string; secret: string }>();
    const readOnly = await (await post({ name: "Reader", scopes: ["signatures:read"] })).json<{ secret: string }>();
    expect((await post({ name: "Doc", scopes: [] })).status).toBe(422);
    expect((await post("{", ADMIN)).status).toBe(400);
    expect((await post({ name: "Doc" }, {})).status).toBe(401);
    expect(
      (await expectDocumented("post", keys, await call(keys, { method: "POST", headers: ADMIN, body: "x" }))).status,
    ).toBe(415);
    await get(keys, "", { headers: ADMIN });
    await get(keys);
    await get("/v1/admin/audit", "", { headers: ADMIN });
    await get("/v1/admin/status", "", { headers: ADMIN });
    await get("/v1/admin/status");
    const replay = "/v1/admin/dead-letters/replay";
    for (const headers of [ADMIN, {}])
      await expectDocumented("post", replay, await call(replay, { method: "POST", headers }));
    await get("/v1/admin/audit");

    const batch = "/v1/petitions/{slug}/signatures/batch";
    const send = (slug: string, body: string, secret = key.secret, type = "application/json") =>
      call(path(batch, slug), {
        method: "POST",
        headers: { Authorization: `Bearer ${secret}`, "Content-Type": type },
        body,
      }).then((res) => expectDocumented("post", batch, res));
    const item = (i: number) => ({ email: `doc-batch-${i}@example.org`, name: "B" });
    expect((await send(petition.slug, JSON.stringify([item(1), { email: "x" }]))).status).toBe(200);
    expect((await send(petition.slug, "email\r\ndoc-csv@example.org", key.secret, "text/csv")).status).toBe(200);
    expect((await send(petition.slug, "[")).status).toBe(400);
    expect((await send(petition.slug, "[]", "pe_wrong")).status).toBe(401);
    expect((await send(petition.slug, "[]", readOnly.secret)).status).toBe(403);
    expect((await send("no-such-petition", "[]")).status).toBe(404);
    expect((await send(closed.slug, "[]", ADMIN.Authorization.slice("Bearer ".length))).status).toBe(409);
    expect((await send(petition.slug, JSON.stringify(Array.from({ length: 1001 }, (_, i) => item(i))))).status).toBe(
      413,
    );
    expect((await send(petition.slug, "email=x", key.secret, "application/x-www-form-urlencoded")).status).toBe(415);
    expect((await send(petition.slug, "{}")).status).toBe(422);
    expect((await send(petition.slug, JSON.stringify([item(2), item(3)]))).status).toBe(429);
    const signWithWrongKey = await call(path("/v1/petitions/{slug}/signatures", petition.slug), {
      method: "POST",
      headers: { Authorization: "Bearer pe_wrong", "Content-Type": "application/json" },
      body: JSON.stringify(item(4)),
    });
    expect((await expectDocumented("post", "/v1/petitions/{slug}/signatures", signWithWrongKey)).status).toBe(401);

    const revoke = `${keys}/{id}`;
    const del = (id: string, headers = ADMIN) =>
      call(`${keys}/${id}`, { method: "DELETE", headers }).then((res) => expectDocumented("delete", revoke, res));
    expect((await del(key.id)).status).toBe(204);
    expect((await del("key_AAAAAAAAAAAA")).status).toBe(404);
    expect((await del("nonsense")).status).toBe(422);
    expect((await del(key.id, {} as typeof ADMIN)).status).toBe(401);
  });

  it("webhook endpoints, every status", async () => {
    const base = "/v1/admin/webhooks";
    const one = `${base}/{id}`;
    const send = (
      method: string,
      template: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = ADMIN,
    ) =>
      call(path, body === undefined ? { method, headers } : adminJson(method, body, headers)).then((res) =>
        expectDocumented(method.toLowerCase(), template, res),
      );
    const receiver = `${env.TEST_WEBHOOK_RECEIVER_URL}/openapi-doc`;
    const created = await send("POST", base, base, { url: receiver, events: ["milestone"] });
    expect(created.status).toBe(201);
    const { id } = await created.json<{ id: string }>();
    expect((await send("POST", base, base, { url: "http://example.org/hook", events: ["milestone"] })).status).toBe(
      422,
    );
    expect((await send("POST", base, base, "{", ADMIN)).status).toBe(400);
    expect((await send("POST", base, base, { url: receiver, events: ["milestone"] }, {})).status).toBe(401);
    await get(base, "", { headers: ADMIN });
    await get(base);
    const path = (p: string) => p.replace("{id}", id);
    expect((await send("GET", one, path(one))).status).toBe(200);
    expect((await send("GET", one, `${base}/wh_0000000000000000`)).status).toBe(404);
    expect((await send("GET", one, `${base}/nonsense`)).status).toBe(422);
    expect((await send("PATCH", one, path(one), { state: "paused" })).status).toBe(200);
    expect((await send("PATCH", one, `${base}/wh_0000000000000000`, { state: "paused" })).status).toBe(404);
    expect((await send("PATCH", one, path(one), { state: "gone" })).status).toBe(422);
    const replay = `${one}/replay`;
    const since = `?since=${encodeURIComponent(new Date().toISOString())}`;
    expect((await send("POST", replay, path(replay) + since)).status).toBe(202);
    expect((await send("POST", replay, path(replay))).status).toBe(422);
    expect((await send("POST", replay, `${base}/wh_0000000000000000/replay${since}`)).status).toBe(404);
    const test = `${one}/test`;
    expect((await send("POST", test, path(test))).status).toBe(200);
    expect((await send("POST", test, `${base}/wh_0000000000000000/test`)).status).toBe(404);
    expect((await send("DELETE", one, path(one))).status).toBe(204);
    expect((await send("DELETE", one, path(one))).status).toBe(404);
    expect((await send("DELETE", one, path(one), undefined, {})).status).toBe(401);
  });

  it("confirmation links, every status", async () => {
    const petition = await createPetition({ confirmation: "email" });
    expect((await signJson(petition.slug, { email: "doc-confirm@example.org", name: "C" })).status).toBe(201);
    const held = await env.DB.prepare(
      `SELECT ps.id FROM pending_signatures ps JOIN petitions p ON p.id = ps.petition_id WHERE p.slug = ?`,
    )
      .bind(petition.slug)
      .first<number>("id");
    const token = await confirmationToken(env.HASH_KEY, held!, Date.now() + 60_000);
    const expired = await confirmationToken(env.HASH_KEY, held!, Date.now() - 1000);
    const template = "/confirm/{token}";
    const link = (method: string, value: string) =>
      call(`/confirm/${value}`, { method }).then((res) => expectDocumented(method.toLowerCase(), template, res));
    expect((await link("GET", token)).status).toBe(200);
    expect((await link("GET", "altered")).status).toBe(400);
    expect((await link("GET", expired)).status).toBe(410);
    expect((await link("POST", token)).status).toBe(200);
    expect((await link("POST", token)).status).toBe(410);
  });

  it("partner keys, every status", async () => {
    const base = "/v1/admin/api-keys";
    const create = async (init: RequestInit) => expectDocumented("post", base, await call(base, init));
    const made = await create(adminJson("POST", { name: "Doc", scopes: ["signatures:read"] }));
    expect(made.status).toBe(201);
    expect((await create(adminJson("POST", "{"))).status).toBe(400);
    expect((await create(adminJson("POST", { name: "Doc", scopes: [] }, {}))).status).toBe(401);
    expect((await create({ method: "POST", headers: ADMIN, body: "{}" })).status).toBe(415);
    expect((await create(adminJson("POST", { name: "Doc", scopes: [] }))).status).toBe(422);
    await get(base, "", { headers: ADMIN });
    await get(base);
    const { id } = await made.json<{ id: string }>();
    const revoke = async (keyId: string, headers: Record<string, string> = ADMIN) =>
      expectDocumented("delete", `${base}/{id}`, await call(`${base}/${keyId}`, { method: "DELETE", headers }));
    expect((await revoke(id)).status).toBe(204);
    expect((await revoke("key_AAAAAAAAAAAA")).status).toBe(404);
    expect((await revoke("x")).status).toBe(422);
    expect((await revoke(id, {})).status).toBe(401);
  });

  it("OSDI, every status", { timeout: 30_000 }, async () => {
    const petition = await createPetition();
    const closed = await createPetition({ status: "closed" });
    const key = await createKey();
    const writeOnly = await createKey({ scopes: ["signatures:write"] });
    const wrong = { "OSDI-API-Token": "pe_wrong" };
    await get("/osdi/v1");
    await get("/osdi/v1", "", { headers: wrong });
    for (const query of ["", "?page=99", "?per_page=0"]) await get("/osdi/v1/petitions", "", {}, query);
    await get("/osdi/v1/petitions", "", { headers: wrong });
    for (const slug of [petition.slug, "no-such-petition", "Not_A_Slug"]) await get("/osdi/v1/petitions/{slug}", slug);
    await get("/osdi/v1/petitions/{slug}", petition.slug, { headers: wrong });
    await get("/osdi/v1/petitions/{slug}", petition.slug, {
      headers: bearer(await createKey({ petitions: [closed.slug] })),
    });

    const template = "/osdi/v1/petitions/{slug}/signatures";
    const record = (slug: string, body: unknown, headers: Record<string, string> = {}, query = "") =>
      call(path(template, slug) + query, {
        method: "POST",
        headers: { "Content-Type": "application/json", "cf-connecting-ip": freshIp(), ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }).then((res) => expectDocumented("post", template, res));
    expect((await record(petition.slug, osdiSpecExample("osdi-doc@example.org"))).status).toBe(200);
    expect((await record(petition.slug, actionNetworkExample("osdi-doc@example.org"), bearer(key))).status).toBe(200);
    expect(
      (await record(petition.slug, osdiSpecExample("osdi-bg@example.org"), {}, "?background_request=true")).status,
    ).toBe(200);
    expect((await record(petition.slug, "{")).status).toBe(400);
    expect((await record(petition.slug, osdiSpecExample("x@example.org"), wrong)).status).toBe(401);
    expect(
      (await record(petition.slug, osdiSpecExample("x@example.org"), { Origin: "https://stranger.example" })).status,
    ).toBe(403);
    expect((await record("no-such-petition", osdiSpecExample("x@example.org"))).status).toBe(404);
    expect((await record(closed.slug, osdiSpecExample("x@example.org"))).status).toBe(409);
    expect(
      (await record(petition.slug, { ...osdiSpecExample("x@example.org"), comments: "x".repeat(17_000) })).status,
    ).toBe(413);
    expect((await record(petition.slug, "x", { "Content-Type": "text/plain" })).status).toBe(415);
    expect((await record(petition.slug, { person: {} })).status).toBe(422);
    await awaitRoomInTheMinute();
    const ip = freshIp();
    let limited: Response | undefined;
    for (let i = 0; i < 30 && !limited; i++) {
      const res = await record(petition.slug, osdiSpecExample(`osdi-limit${i}@example.org`), {
        "cf-connecting-ip": ip,
      });
      if (res.status === 429) limited = res;
    }
    expect(limited?.status).toBe(429);
    const unconfigured = await app.request(
      path(template, petition.slug),
      {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(osdiSpecExample("x@example.org")),
      },
      { ...env, HASH_KEY: "" },
    );
    expect((await expectDocumented("post", template, unconfigured)).status).toBe(503);

    await runCron();
    for (const query of ["", "?page=2", "?filter=x"]) await get(template, petition.slug, { headers: ADMIN }, query);
    await get(template, petition.slug);
    await get(template, petition.slug, { headers: bearer(writeOnly) });
    await get(template, "no-such-petition", { headers: ADMIN });
    const one = "/osdi/v1/petitions/{slug}/signatures/{id}";
    const listed = await (await call(path(template, petition.slug), { headers: ADMIN })).json<any>();
    const id = listed._embedded["osdi:signatures"][0].identifiers[0].split(":")[1];
    const signature = (slug: string, signatureId: string, headers: Record<string, string> = ADMIN) =>
      call(path(one, slug).replace("{id}", signatureId), { headers }).then((res) => expectDocumented("get", one, res));
    expect((await signature(petition.slug, id)).status).toBe(200);
    expect((await signature(petition.slug, id, {})).status).toBe(401);
    expect((await signature(petition.slug, id, bearer(writeOnly))).status).toBe(403);
    expect((await signature(petition.slug, "999999999")).status).toBe(404);
    expect((await signature(petition.slug, "x")).status).toBe(422);
  });

  it("share images, every status", async () => {
    const petition = await createPetition();
    const one = "/v1/petitions/{slug}/share-image";
    const send = async (method: string, slug: string, init: RequestInit = {}, query = "", environment?: Env) => {
      const url = path(one, slug) + query;
      const request = { method, headers: ADMIN, ...init };
      const res = environment ? await app.request(url, request, environment) : await call(url, request);
      return expectDocumented(method.toLowerCase(), one, res);
    };
    const image = (body: BodyInit, type = "image/png", headers: Record<string, string> = ADMIN) => ({
      headers: { ...headers, "Content-Type": type },
      body,
    });
    const png = await pngImage(300, 300);
    const huge = new Uint8Array(1024 * 1024 + 1);
    huge.set(png);
    expect((await send("PUT", petition.slug, image(png))).status).toBe(201);
    expect((await send("PUT", petition.slug, image(png))).status).toBe(200);
    expect((await send("PUT", petition.slug, image(png, "image/png", {}))).status).toBe(401);
    expect((await send("PUT", "no-such-petition", image(png))).status).toBe(404);
    expect((await send("PUT", petition.slug, image(huge))).status).toBe(413);
    expect((await send("PUT", petition.slug, image(png, "image/gif"))).status).toBe(415);
    expect((await send("PUT", petition.slug, image(jpegHeader(300, 300)))).status).toBe(422);
    expect((await send("PUT", petition.slug, image(png), "", { ...env, ADMIN_TOKEN: "" })).status).toBe(503);
    for (const method of ["GET", "DELETE"]) {
      expect((await send(method, petition.slug, { headers: {} })).status).toBe(401);
      expect((await send(method, petition.slug, {}, "?lang=de")).status).toBe(404);
      expect((await send(method, petition.slug, {}, "?lang=xx")).status).toBe(422);
    }
    expect((await send("GET", petition.slug)).status).toBe(200);
    for (const slug of [petition.slug, "no-such-petition"]) await get(`${one}s`, slug, { headers: ADMIN });
    await get(`${one}s`, petition.slug);

    const listed = await (await call(path(`${one}s`, petition.slug), { headers: ADMIN })).json<any>();
    const file = new URL(listed.share_images[0].url).pathname.split("/").at(-1)!;
    const template = "/p/{slug}/share-image/{slot}/{file}";
    const serve = async (slot: string, name: string) =>
      expectDocumented("get", template, await call(`/p/${petition.slug}/share-image/${slot}/${name}`));
    expect((await serve("default", file)).status).toBe(200);
    expect((await serve("de", file)).status).toBe(404);
    expect((await serve("default", "x.png")).status).toBe(422);
    expect((await send("DELETE", petition.slug)).status).toBe(204);
  });

  it("liveness", async () => {
    await get("/v1/health");
  });

  it("fraud flags, every status", async () => {
    const petition = await createPetition();
    const wave = Array.from({ length: 60 }, (_, i) => ({
      at: hourStart(1) + i * 1000,
      network: network(1),
      email: `doc-wave${i}@example.org`,
    }));
    await storeTraffic(await petitionIdOf(petition.slug), wave);
    await runCron();
    const flags = "/v1/petitions/{slug}/fraud-flags";
    const listed = await get(flags, petition.slug, { headers: ADMIN });
    const [flag] = ((await listed.json()) as { flags: { id: number }[] }).flags;
    expect(flag).toBeDefined();
    await get(flags, petition.slug);
    await get(flags, "no-such-petition", { headers: ADMIN });
    await get(flags, petition.slug, { headers: ADMIN }, "?status=gone");

    const one = "/v1/petitions/{slug}/fraud-flags/{id}";
    const patch = (id: string, body: unknown, headers?: Record<string, string>) =>
      call(path(one, petition.slug).replace("{id}", id), adminJson("PATCH", body, headers)).then((res) =>
        expectDocumented("patch", one, res),
      );
    expect((await patch(String(flag!.id), { status: "dismissed" })).status).toBe(200);
    expect((await patch("999999", { status: "dismissed" })).status).toBe(404);
    expect((await patch(String(flag!.id), { status: "gone" })).status).toBe(422);
    expect((await patch(String(flag!.id), "{")).status).toBe(400);
    expect((await patch(String(flag!.id), { status: "open" }, {})).status).toBe(401);
  });

  it("every operation in the document was checked above", () => {
    const operations = Object.entries(doc.paths).flatMap(([template, item]) =>
      Object.keys(item).map((method) => `${method} ${template}`),
    );
    expect(operations.filter((operation) => !checked.has(operation))).toEqual([]);
  });
});
