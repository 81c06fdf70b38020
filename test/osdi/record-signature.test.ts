/**
 * OSDI's record signature helper (POST /osdi/v1/petitions/{slug}/signatures): OSDI's and Action
 * Network's example bodies through the one sign use-case, anonymous and keyed, in the background,
 * and every refusal storing nothing.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { app } from "../../functions/app";
import { ADMIN, createPetition, expectProblem, freshIp, openedRow, recordConsole, signatureRows } from "../helpers";
import { deliver, recordingQueue } from "../helpers/queue";
import { storedCount } from "../helpers/tally";
import { bearer, createKey, osdiToken } from "../partners/helpers";
import { actionNetworkExample, expectHal, osdiSpecExample, recordSignature } from "./helpers";

afterEach(() => vi.restoreAllMocks());

describe("the record signature helper", () => {
  it("takes OSDI's example anonymously as the public sign path and answers {}", async () => {
    const petition = await createPetition({ fields: { name: "required", postcode: "optional" } });
    const res = await recordSignature(petition.slug, osdiSpecExample("osdi-anon@example.org"));
    expect(await expectHal(res)).toEqual({});
    expect(res.headers.get("RateLimit-Policy")).toMatch(/^"signing";q=\d+;w=60$/);
    const [row, ...more] = await signatureRows(petition.slug);
    expect(more).toEqual([]);
    expect(row).toMatchObject({
      email: "osdi-anon@example.org",
      name: "Labadie Edwin",
      postcode: "17678",
      country: "RU",
      consent: 0,
      source: "facebook-101016-mainpage",
      api_key_id: null,
    });
  });

  it("with a key, answers Action Network's example with the signature as recorded, attributed to the key", async () => {
    const petition = await createPetition({ fields: { name: "required", postcode: "optional" } });
    const key = await createKey();
    const body = actionNetworkExample("an-keyed@example.org");
    body.person.email_addresses[0].status = "subscribed";
    body.person.languages_spoken = ["es"];
    const answer = await expectHal(await recordSignature(petition.slug, body, osdiToken(key)));
    expect(answer).toEqual({
      origin_system: "Petition Edge",
      created_date: expect.any(String),
      modified_date: answer.created_date,
      referrer_data: { source: "email-blast" },
      "action_network:referrer_data": { source: "email-blast" },
      "petition_edge:status": "signed",
      _links: { "osdi:petition": { href: `https://petitions.test/osdi/v1/petitions/${petition.slug}` } },
      _embedded: {
        "osdi:person": {
          given_name: "John",
          family_name: "Smith",
          email_addresses: [{ address: "an-keyed@example.org", primary: true, status: "subscribed" }],
          postal_addresses: [{ postal_code: "20009", primary: true }],
          languages_spoken: ["es"],
        },
      },
    });
    expect(await signatureRows(petition.slug)).toEqual([
      expect.objectContaining({
        email: "an-keyed@example.org",
        name: "John Smith",
        postcode: "20009",
        consent: 1,
        locale: "es",
        source: "email-blast",
        api_key_id: key.id,
      }),
    ]);
  });

  it("answers a repeat exactly as a first signature, for the public and for keys", async () => {
    const petition = await createPetition();
    const key = await createKey();
    for (const auth of [{}, bearer(key), ADMIN]) {
      const ip = freshIp();
      const send = () =>
        recordSignature(petition.slug, actionNetworkExample("twice@example.org"), { ...auth, "cf-connecting-ip": ip });
      const first = await send();
      const again = await send();
      const strip = async (res: Response) => {
        const body = await expectHal(res);
        return { ...body, created_date: "", modified_date: "" };
      };
      expect(await strip(again)).toEqual(await strip(first));
      expect([...again.headers.keys()].sort()).toEqual([...first.headers.keys()].sort());
    }
    expect(await storedCount(petition.slug)).toBe(1);
  });

  it("leaves out what the petition does not collect, from the answer and from storage", async () => {
    const petition = await createPetition({ fields: { name: "off", postcode: "off" } });
    const key = await createKey();
    const answer = await expectHal(
      await recordSignature(petition.slug, osdiSpecExample("fields-off@example.org"), bearer(key)),
    );
    expect(answer._embedded["osdi:person"]).toEqual({
      email_addresses: [{ address: "fields-off@example.org", primary: true, status: "unsubscribed" }],
      postal_addresses: [{ country: "RU", primary: true }],
    });
    expect(await signatureRows(petition.slug)).toEqual([
      expect.objectContaining({ name: null, postcode: null, country: "RU" }),
    ]);
  });

  it("does not take referrer_data.website for the honeypot", async () => {
    const petition = await createPetition();
    const body = osdiSpecExample("not-a-bot@example.org");
    expect(body.referrer_data.website).toBe("facebook.com");
    expect((await recordSignature(petition.slug, body)).status).toBe(200);
    expect(await storedCount(petition.slug)).toBe(1);
  });

  it("?background_request=true answers {} once the queue holds the signature, whatever the write mode", async () => {
    const petition = await createPetition();
    const key = await createKey();
    const { queue, sent } = recordingQueue();
    const ctx = createExecutionContext();
    const res = await app.request(
      `/osdi/v1/petitions/${petition.slug}/signatures?background_request=true`,
      {
        method: "POST",
        headers: { "Content-Type": "application/json", "cf-connecting-ip": freshIp(), ...bearer(key) },
        body: JSON.stringify(actionNetworkExample("background@example.org")),
      },
      { ...env, SIGNATURE_WRITE_MODE: "direct", SIGNATURE_QUEUE: queue },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(await expectHal(res)).toEqual({});
    expect(await storedCount(petition.slug)).toBe(0);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ apiKeyId: key.id, source: "email-blast" });
    expect(await openedRow(sent[0]!)).toMatchObject({ email: "background@example.org", name: "John Smith" });
    expect((await deliver(sent)).ackAll).toBe(true);
    expect(await storedCount(petition.slug)).toBe(1);
  });

  it("never logs the signer", async () => {
    const logged = recordConsole();
    const petition = await createPetition();
    const key = await createKey();
    await recordSignature(petition.slug, osdiSpecExample("quiet@example.org"), bearer(key));
    await recordSignature(petition.slug, { person: { email_addresses: [{ address: "quiet@" }] } });
    expect(logged.join("\n")).not.toContain("quiet@");
  });
});

describe("the record signature helper refuses, with problem+json, storing nothing", () => {
  it("a wrong key (401), a key without signatures:write or for other petitions (403)", async () => {
    const petition = await createPetition();
    const other = await createPetition();
    const readOnly = await createKey({ scopes: ["signatures:read"] });
    const elsewhere = await createKey({ petitions: [other.slug] });
    const body = osdiSpecExample("refused@example.org");
    await expectProblem(await recordSignature(petition.slug, body, { "OSDI-API-Token": "pe_wrong" }), 401);
    await expectProblem(await recordSignature(petition.slug, body, osdiToken(readOnly)), 403);
    await expectProblem(await recordSignature(petition.slug, body, osdiToken(elsewhere)), 403);
    expect(await storedCount(petition.slug)).toBe(0);
  });

  it("a browser on another site (403), unknown petitions (404), closed ones (409)", async () => {
    const petition = await createPetition();
    const closed = await createPetition({ status: "closed" });
    const draft = await createPetition({ status: "draft" });
    const body = osdiSpecExample("refused@example.org");
    await expectProblem(await recordSignature(petition.slug, body, { Origin: "https://stranger.example" }), 403);
    await expectProblem(await recordSignature("no-such-petition", body), 404);
    await expectProblem(await recordSignature(draft.slug, body), 404);
    await expectProblem(await recordSignature(closed.slug, body), 409);
    for (const p of [petition, closed, draft]) expect(await storedCount(p.slug)).toBe(0);
  });

  it("grants CORS to the petition's embed_origins, for anonymous browser helpers", async () => {
    const petition = await createPetition({ embed_origins: ["https://campaign.example"] });
    const res = await recordSignature(petition.slug, osdiSpecExample("cors@example.org"), {
      Origin: "https://campaign.example",
    });
    expect(await expectHal(res)).toEqual({});
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("https://campaign.example");
  });

  it("bodies that are not JSON (400, 415), too large (413) or invalid (422, naming OSDI's fields)", async () => {
    const petition = await createPetition({ fields: { name: "required", postcode: "off" } });
    await expectProblem(await recordSignature(petition.slug, "{"), 400);
    await expectProblem(await recordSignature(petition.slug, "x", { "Content-Type": "text/plain" }), 415);
    const big = osdiSpecExample("big@example.org");
    big.comments = "x".repeat(17_000);
    await expectProblem(await recordSignature(petition.slug, big), 413);

    const invalid = async (body: unknown, paths: string[]) => {
      const problem = await expectProblem(await recordSignature(petition.slug, body), 422);
      expect(problem.errors.map((e: { path: string }) => e.path)).toEqual(paths);
    };
    await invalid({ person: { given_name: "No", family_name: "Email" } }, ["person.email_addresses"]);
    await invalid({ person: { email_addresses: [] } }, ["person.email_addresses"]);
    await invalid({ person: { email_addresses: [{ address: "nope" }] } }, ["person.email_addresses.0.address"]);
    await invalid(
      { person: { email_addresses: [{ address: "a@example.org" }], postal_addresses: [{ country: "Narnia" }] } },
      ["person.postal_addresses.0.country"],
    );
    await invalid({ person: { email_addresses: [{ address: "a@example.org" }] } }, ["person.given_name"]);
    await invalid({}, ["person"]);
    expect(await storedCount(petition.slug)).toBe(0);
  });

  it("a body sent as application/hal+json is read like JSON", async () => {
    const petition = await createPetition();
    const res = await recordSignature(petition.slug, osdiSpecExample("hal-body@example.org"), {
      "Content-Type": "application/hal+json",
    });
    expect(await expectHal(res)).toEqual({});
    expect(await storedCount(petition.slug)).toBe(1);
  });
});
