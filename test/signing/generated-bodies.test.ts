/**
 * Property-based tests of input handling: generated bodies (JSON, urlencoded, multipart and raw
 * bytes) to the sign endpoint and the admin's create and update. Every answer is a 2xx or a 4xx
 * problem+json (a 422 naming each field), never a 5xx, and only a 2xx changes the database.
 * The seed is printed; replay one with PROPERTY_SEED=<seed> npx vitest run test/signing/generated-bodies.test.ts.
 */
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { PetitionCreate, SignatureInput } from "../../src/schemas";
import { ADMIN, call, createPetition, freshIp } from "../helpers/index";

const seed = Number.parseInt(env.TEST_PROPERTY_SEED, 10) || (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
/** Runs per property: a few thousand bodies in all, a few seconds. */
const RUNS = { sign: 1000, create: 500, update: 500 };
/** Each property stops there even on a slow machine, passing with the runs it made. */
const TIME_LIMIT_MS = 15_000;

beforeAll(() => {
  console.log(`property seed ${seed} (replay: PROPERTY_SEED=${seed})`);
});

/** Text that tends to break parsers and stores: controls, lone surrogates, markup, escapes. */
const nastyText = fc.constantFrom(
  "",
  " ",
  "\u0000",
  "a\u001fb",
  "\ud800",
  "\udc00x",
  "\u202etxet",
  "<script>",
  "%zz",
  "%",
  "=cmd()",
  "on",
  "null",
  "x".repeat(300),
);
/** Mostly text a person types; now and then any UTF-16 at all, or the nasty list. */
const text = fc.oneof(
  { weight: 10, arbitrary: fc.string({ minLength: 1, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: nastyText },
);
const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const anything = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 3 }),
  fc.dictionary(fc.string(), scalar, { maxKeys: 3 }),
);
/** A plausible value most of the time, anything at all otherwise. */
const usually = <T>(plausible: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 16, arbitrary: plausible }, { weight: 1, arbitrary: anything });
/** Valid values, and now and then a near miss. */
const mostly = <T>(valid: fc.Arbitrary<T>, nearMiss: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 19, arbitrary: valid }, { weight: 1, arbitrary: nearMiss });

/**
 * Bodies over the known fields: the required ones usually there, every other one present or not,
 * and now and then a field nobody knows.
 */
function bodyOf(
  plausible: Record<string, fc.Arbitrary<unknown>>,
  required: string[],
): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.fromEntries(Object.entries(plausible).map(([name, values]) => [name, usually(values)]));
  return fc
    .tuple(
      mostly(fc.record(fields, { requiredKeys: required }), fc.record(fields, { requiredKeys: [] })),
      mostly(fc.constant({}), fc.dictionary(fc.string(), anything, { minKeys: 1, maxKeys: 2 })),
    )
    .map(([known, unknown]) => ({ ...unknown, ...known }));
}

const email = mostly(
  fc.tuple(fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.domain()).map(([user, host]) => `${user}@${host}`),
  fc.oneof(fc.emailAddress(), fc.constantFrom("a@b", "@example.org", "ab%zz@example.org")),
);

const signerFields: Record<keyof typeof SignatureInput.shape, fc.Arbitrary<unknown>> = {
  email,
  name: text,
  first_name: text,
  last_name: text,
  country: mostly(fc.constantFrom("BR", "ke", " KE ", "XX", ""), fc.constantFrom("ZZ", "Brazil")),
  postcode: text,
  consent: fc.oneof(fc.boolean(), fc.constantFrom("on", "off", "yes", "")),
  locale: mostly(fc.constantFrom("en", "pt-BR", "ar", ""), fc.constantFrom("x", "en_US")),
  source: text,
  referral: mostly(fc.stringMatching(/^[A-Za-z0-9_-]{8,16}$/), fc.constantFrom("short", "has space in it", "")),
  channel: mostly(fc.constantFrom("whatsapp", "telegram", "x", ""), fc.constantFrom("myspace", "WhatsApp")),
  website: mostly(fc.constant(""), fc.constant("http://spam.example")),
  "cf-turnstile-response": text,
};

const origin = mostly(
  fc.domain().map((host) => `https://${host}`),
  fc.oneof(fc.webUrl(), fc.constantFrom("HTTPS://A.Example:443", "https://a.example;script-src", "http://[::1]:8080")),
);
const petitionFields: Record<Exclude<keyof typeof PetitionCreate.shape, "slug">, fc.Arbitrary<unknown>> = {
  title: text,
  summary: text,
  body: fc.oneof(text, fc.constant(null)),
  goal: mostly(fc.integer({ min: 1, max: 1_000_000 }), fc.integer()),
  status: mostly(fc.constantFrom("draft", "open", "closed"), fc.constant("archived")),
  closes_at: mostly(
    fc
      .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true })
      .map((date) => date.toISOString()),
    fc.constantFrom("2027-01-01T00:00:00+02:00", "2027-01-01", "tomorrow", null),
  ),
  locales: fc.array(mostly(fc.constantFrom("en", "pt-BR", "de-CH-1996"), fc.constant("x")), { maxLength: 2 }),
  embed_origins: fc.array(origin, { maxLength: 2 }),
  fields: fc.record(
    {
      name: mostly(fc.constantFrom("required", "optional", "off"), fc.constant("sometimes")),
      postcode: mostly(fc.constantFrom("required", "optional", "off"), fc.constant("on")),
    },
    { requiredKeys: [] },
  ),
  consent_text: fc.oneof(text, fc.constant(null)),
  share_text: fc.oneof(text, fc.constant(null)),
  language: mostly(fc.constantFrom("en", "pt-BR", "ar"), fc.constantFrom("x", "en_US", "")),
  translations: mostly<unknown>(
    fc.dictionary(
      fc.constantFrom("es", "pt-br", "ar", "fr"),
      fc.record({ title: text, summary: text, consent_text: text, share_text: text }, { requiredKeys: [] }),
      { maxKeys: 2 },
    ),
    fc.oneof(fc.constant({ "not a tag": {} }), fc.constant({ es: { title: "" } }), fc.constant([])),
  ),
  thank_you_url: mostly(
    fc.oneof(
      fc.domain().map((host) => `https://${host}/thanks`),
      fc.constant(null),
    ),
    fc.oneof(fc.webUrl(), fc.constantFrom("http://plain.example", "javascript:alert(1)")),
  ),
  share_url: mostly(
    fc.oneof(
      fc.domain().map((host) => `https://${host}/petitions/rivers`),
      fc.constant(null),
    ),
    fc.oneof(fc.webUrl(), fc.constantFrom("http://plain.example", "javascript:alert(1)")),
  ),
  turnstile_site_key: mostly(fc.constantFrom("0x4AAAAAAABkMYinukE8nzY", null), fc.constant("bad key!")),
  confirmation: mostly(fc.constantFrom("none", "email"), fc.constant("sms")),
  privacy_url: mostly(fc.constantFrom("https://campaign.example/privacy", null), fc.constant("javascript:alert(1)")),
  public_count_rounding: mostly(fc.constantFrom(10, 100, null), fc.constantFrom(0, 1, 2.5)),
};

const flat = (value: unknown) => (typeof value === "string" ? value : (JSON.stringify(value) ?? ""));

const BOUNDARY = "property-boundary";
/** Written by hand: workerd's own FormData refuses some names a client may still send. Quotes and line breaks escaped as browsers do. */
function multipart(body: Record<string, unknown>): string {
  const escapeName = (name: string) => name.replace(/["\r\n]/g, (c) => encodeURIComponent(c));
  const parts = Object.entries(body).map(
    ([name, value]) =>
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${escapeName(name)}"\r\n\r\n${flat(value)}\r\n`,
  );
  return `${parts.join("")}--${BOUNDARY}--\r\n`;
}

interface SentBody {
  type?: string;
  body: BodyInit;
}

/** One request body: JSON `json` times as often as each other encoding a client may send, or none the API takes. */
const encodedBody = (fields: fc.Arbitrary<Record<string, unknown>>, json: number) =>
  fc.oneof(
    {
      weight: json,
      arbitrary: fields.map((body) => ({ type: "application/json", body: JSON.stringify(body) as BodyInit })),
    },
    fields.map((body) => ({
      type: "application/x-www-form-urlencoded",
      body: new URLSearchParams(
        Object.entries(body).map(([name, value]) => [name, flat(value)]),
      ).toString() as BodyInit,
    })),
    fields.map((body) => ({ type: `multipart/form-data; boundary=${BOUNDARY}`, body: multipart(body) as BodyInit })),
    fc.record({
      type: fc.constantFrom("application/json", "application/x-www-form-urlencoded", "text/plain", "application/xml"),
      body: fc.oneof(fc.json(), fc.string({ unit: "binary" }), nastyText) as fc.Arbitrary<BodyInit>,
    }),
  );

/** 2xx, or a 4xx problem+json; a 422 names each field it refuses. */
async function expectHandled(res: Response): Promise<void> {
  const text = await res.text();
  expect(res.status, text).toBeLessThan(500);
  if (res.ok) return;
  expect(res.status, text).toBeGreaterThanOrEqual(400);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const problem = JSON.parse(text);
  if (res.status === 422) {
    expect(problem.errors?.length, text).toBeGreaterThan(0);
    // A path is the field's name as sent: "" only for an unknown field called "" (a body-wide error says "body").
    for (const error of problem.errors)
      expect(typeof error.path === "string" && error.message.length > 0, text).toBe(true);
  }
}

const signatureCount = (slug: string) =>
  env.DB.prepare("SELECT count(*) AS n FROM signatures s JOIN petitions p ON p.id = s.petition_id WHERE p.slug = ?")
    .bind(slug)
    .first<number>("n");
const petitionsState = () =>
  env.DB.prepare("SELECT count(*) AS n, max(updated_at) AS latest FROM petitions").first<Record<string, unknown>>();
const petitionRow = (slug: string) => env.DB.prepare("SELECT * FROM petitions WHERE slug = ?").bind(slug).first();

const request = (path: string, method: string, sent: SentBody, headers = {}) =>
  call(path, {
    method,
    headers: { ...headers, ...(sent.type ? { "Content-Type": sent.type } : {}) },
    body: sent.body,
  });

/**
 * The property for one endpoint. The database state is read once per run: the state before a
 * request is the one read after the previous one, which no other request has touched.
 */
async function expectOnlySuccessChangesState(options: {
  bodies: fc.Arbitrary<SentBody>;
  send: (sent: SentBody) => Promise<Response>;
  success: number;
  state: () => Promise<unknown>;
  runs: number;
}): Promise<void> {
  let known = await options.state();
  let successes = 0;
  await fc.assert(
    fc.asyncProperty(options.bodies, async (sent) => {
      const res = await options.send(sent);
      const status = res.status;
      await expectHandled(res);
      const before = known;
      known = await options.state();
      if (status === options.success) successes += 1;
      else expect(known).toEqual(before);
    }),
    { seed, numRuns: options.runs, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false },
  );
  // The generator must reach success too, or the property says nothing about valid bodies.
  expect(successes).toBeGreaterThan(0);
}

describe("generated bodies", () => {
  it(
    "to the sign endpoint: 201 or a 4xx problem, never a 5xx; only a 201 stores a signature",
    async () => {
      const petition = await createPetition({ fields: { name: "optional", postcode: "optional" } });
      await expectOnlySuccessChangesState({
        bodies: encodedBody(bodyOf(signerFields, ["email"]), 1),
        send: (sent) =>
          request(`/v1/petitions/${petition.slug}/signatures`, "POST", sent, { "cf-connecting-ip": freshIp() }),
        success: 201,
        state: () => signatureCount(petition.slug),
        runs: RUNS.sign,
      });
    },
    TIME_LIMIT_MS * 2,
  );

  it(
    "to the admin's create: 201 or a 4xx problem, never a 5xx; only a 201 adds a petition",
    async () => {
      const slug = fc.oneof(
        fc.nat().map((n) => `prop-${seed >>> 0}-${n}`),
        fc.constantFrom("Bad Slug", "ab", "x".repeat(65)),
      );
      await expectOnlySuccessChangesState({
        bodies: encodedBody(bodyOf({ slug, ...petitionFields }, ["slug", "title", "summary", "goal"]), 6),
        send: (sent) => request("/v1/petitions", "POST", sent, ADMIN),
        success: 201,
        state: petitionsState,
        runs: RUNS.create,
      });
    },
    TIME_LIMIT_MS * 2,
  );

  it(
    "to the admin's update: 200 or a 4xx problem, never a 5xx; only a 200 changes the petition",
    async () => {
      const petition = await createPetition();
      await expectOnlySuccessChangesState({
        bodies: encodedBody(bodyOf(petitionFields, []), 6),
        send: (sent) => request(`/v1/petitions/${petition.slug}`, "PATCH", sent, ADMIN),
        success: 200,
        state: () => petitionRow(petition.slug),
        runs: RUNS.update,
      });
    },
    TIME_LIMIT_MS * 2,
  );
});
