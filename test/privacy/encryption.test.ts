/**
 * Personal data at rest: a copy of D1 shows no email, name or postcode; queue messages carry
 * ciphertext; values are bound to their row and field; rotation moves old rows (plain text from before
 * encryption, or a retired key) to the current key in bounded batches; exports decrypt.
 */
import { createExecutionContext, createMessageBatch, getQueueResult, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../functions";
import { app } from "../../functions/app";
import { keyringFrom, openPersonalFields, sealPersonalFields } from "../../src/crypto/sealing";
import { type RotationProgress, rotateKeys } from "../../src/privacy/key-rotation";
import { ProblemError } from "../../src/problems";
import { rowsOf, type SignatureMessage } from "../../src/signing/queue-sender";
import { holdPendingSignature } from "../../src/store/pending-signatures";
import { insertSignatures, type SignatureRow } from "../../src/store/signatures";
import {
  ADMIN,
  call,
  createPetition,
  expectProblem,
  freshIp,
  petitionIdOf,
  sealedRow,
  signatureRows,
} from "../helpers/index";
import { runCron, storedCount } from "../helpers/tally";

const [CURRENT_KEY, RETIRED_KEY] = env.ENCRYPTION_KEYS.split(",") as [string, string];

/** Distinctive values, so finding any of them (or a recognisable part) in a dump means a leak. */
const SIGNER = { email: "Zephyrine.Quaxley+news@Example.org", name: "Zephyrine Quaxley", postcode: "QX9 7ZZ" };
const NEEDLES = ["zephyrine", "quaxley", "qx9 7zz", "qx97zz"];

function signRequest(slug: string, body: Record<string, unknown>, overrides: Partial<Env> = {}) {
  return app.request(
    `/v1/petitions/${slug}/signatures`,
    {
      method: "POST",
      headers: { "Content-Type": "application/json", "cf-connecting-ip": freshIp() },
      body: JSON.stringify({ country: "UG", consent: true, ...body }),
    },
    { ...env, ...overrides },
    createExecutionContext(),
  );
}

/** Every column of every row of every table D1 lets a Worker read, as one lower-cased text. */
async function dumpDatabase(): Promise<{ text: string; tables: string[] }> {
  const { results } = await env.DB.prepare(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'`,
  ).all<{ name: string }>();
  const tables = results.map((r) => r.name);
  const dumps = await Promise.all(tables.map((t) => env.DB.prepare(`SELECT * FROM "${t}"`).raw()));
  return { text: JSON.stringify(dumps).toLowerCase(), tables };
}

/** A queue binding that records what it is sent and passes it on to the real queue. */
function recordingRealQueue() {
  const bodies: SignatureRow[] = [];
  const queue = {
    async send(body: SignatureMessage, options?: QueueSendOptions) {
      bodies.push(...rowsOf(body));
      await env.SIGNATURE_QUEUE.send(body, options);
    },
  } as unknown as Queue<SignatureMessage>;
  return { queue, bodies };
}

describe("a copy of the database", () => {
  it("holds no email, name or postcode after direct, queued and held signatures; queue messages carry ciphertext", async () => {
    const petition = await createPetition({ fields: { name: "required", postcode: "optional" } });
    const direct = await signRequest(petition.slug, SIGNER, { SIGNATURE_WRITE_MODE: "direct" });
    expect(direct.status).toBe(201);
    const { queue, bodies } = recordingRealQueue();
    const queuedSigner = { ...SIGNER, email: "quaxley.zephyrine@example.net" };
    const ctx = createExecutionContext();
    const queued = await app.request(
      `/v1/petitions/${petition.slug}/signatures`,
      {
        method: "POST",
        headers: { "Content-Type": "application/json", "cf-connecting-ip": freshIp() },
        body: JSON.stringify({ ...queuedSigner, country: "UG", consent: true }),
      },
      { ...env, SIGNATURE_WRITE_MODE: "queue", SIGNATURE_QUEUE: queue },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(queued.status).toBe(201);
    expect(bodies).toHaveLength(1);
    const message = JSON.stringify(bodies).toLowerCase();
    for (const needle of NEEDLES) expect(message).not.toContain(needle);

    await expect.poll(() => storedCount(petition.slug), { timeout: 15_000, interval: 250 }).toBe(2);
    // And one held for confirmation by email.
    const verified = await createPetition({
      confirmation: "email",
      fields: { name: "required", postcode: "optional" },
    });
    expect((await signRequest(verified.slug, { ...SIGNER, email: "zephyrine@quaxley.example" })).status).toBe(201);
    await runCron();

    // The data is there, readable with the key...
    expect(
      (await signatureRows(petition.slug)).map(({ email, name, postcode }) => ({ email, name, postcode })),
    ).toEqual([SIGNER, queuedSigner]);
    // ...and nowhere in the database in plain text.
    const { text, tables } = await dumpDatabase();
    expect(tables).toEqual(
      expect.arrayContaining(["signatures", "pending_signatures", "petitions", "erasures", "petition_tallies"]),
    );
    expect(text).toContain(`"${verified.slug}"`);
    for (const needle of NEEDLES) expect(text).not.toContain(needle);
  });
});

describe("sealed values", () => {
  const row = { petitionId: 7, dedupeKey: "dedupe-a" };

  it("use a fresh IV each time and decrypt only in their own row and field", async () => {
    const keyring = await keyringFrom(env.ENCRYPTION_KEYS);
    const fields = { email: "same@example.org", name: "same@example.org", postcode: null };
    const a = await sealPersonalFields(keyring, row, fields);
    const b = await sealPersonalFields(keyring, row, fields);
    expect(a.email).not.toBe(b.email);
    expect(a.email).not.toBe(a.name);
    expect(a.keyId).toBe(CURRENT_KEY.split(":")[0]);
    const stored = { petition_id: 7, dedupe_key: "dedupe-a", key_id: a.keyId, ...a };
    expect(await openPersonalFields(keyring, stored)).toEqual(fields);

    await expect(openPersonalFields(keyring, { ...stored, dedupe_key: "dedupe-b" })).rejects.toThrow();
    await expect(openPersonalFields(keyring, { ...stored, petition_id: 8 })).rejects.toThrow();
    // The name's ciphertext in the email's place: same row, same key, wrong field.
    await expect(openPersonalFields(keyring, { ...stored, email: a.name! })).rejects.toThrow();
  });

  it("swapped between two stored rows, fail to decrypt in the export", async () => {
    const petition = await createPetition();
    for (const email of ["first-swap@example.org", "second-swap@example.org"])
      expect((await signRequest(petition.slug, { email, name: "Swap" })).status).toBe(201);
    const [first, second] = await env.DB.prepare(
      `SELECT s.id, s.email FROM signatures s JOIN petitions p ON p.id = s.petition_id WHERE p.slug = ? ORDER BY s.id`,
    )
      .bind(petition.slug)
      .all<{ id: number; email: string }>()
      .then((r) => r.results);
    await env.DB.batch([
      env.DB.prepare(`UPDATE signatures SET email = ? WHERE id = ?`).bind(second!.email, first!.id),
      env.DB.prepare(`UPDATE signatures SET email = ? WHERE id = ?`).bind(first!.email, second!.id),
    ]);
    await expect(signatureRows(petition.slug)).rejects.toThrow();
  });

  it("under a key no longer configured, is a 503 problem naming the key, not garbage", async () => {
    const keyring = await keyringFrom(env.ENCRYPTION_KEYS);
    const sealed = await sealPersonalFields(keyring, row, { email: "x@example.org", name: null, postcode: null });
    const stored = { petition_id: 7, dedupe_key: "dedupe-a", ...sealed, key_id: "gone" };
    const error = await openPersonalFields(keyring, stored).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    expect(error).toMatchObject({ status: 503, detail: expect.stringContaining('"gone"') });
  });
});

describe("a missing or malformed key", () => {
  it.each([
    ["unset", ""],
    ["too short", "k1:c2hvcnQ"],
    ["without an id", ":MTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTE"],
  ])("(%s) makes signing fail closed: 503 problem+json, nothing stored, the secret not echoed", async (_, keys) => {
    const petition = await createPetition();
    const res = await signRequest(
      petition.slug,
      { email: "closed-fail@example.org", name: "N" },
      {
        ENCRYPTION_KEYS: keys,
      },
    );
    const problem = await expectProblem(res, 503);
    expect(problem.type).toBe("/problems/not-configured");
    expect(problem.detail).toContain("ENCRYPTION_KEYS");
    if (keys) expect(problem.detail).not.toContain(keys.split(":")[1]);
    expect(await storedCount(petition.slug)).toBe(0);
  });
});

describe("key rotation", () => {
  /** Stands in for the keyed hash (which never shows the address). */
  const legacyDedupeKey = (email: string) => `legacy-${btoa(email)}`;

  /** A row stored before encryption existed: plain text, no key id. */
  async function insertPlainRow(petitionId: number, email: string): Promise<void> {
    await env.DB.prepare(
      `INSERT INTO signatures (petition_id, dedupe_key, email, name, country, postcode, consent, network_hash, created_at)
       VALUES (?, ?, ?, 'Legacy Name', 'KE', 'LEG 4CY', 1, 'n', ?)`,
    )
      .bind(petitionId, legacyDedupeKey(email), email, Date.now())
      .run();
  }

  it("reads plain-text and retired-key rows (pending ones too), reseals them under the current key in bounded batches, exports decrypt", async () => {
    const petition = await createPetition({ fields: { name: "optional", postcode: "optional" } });
    const petitionId = await petitionIdOf(petition.slug);
    await insertPlainRow(petitionId, "legacy@example.org");
    const email = "retired@example.org";
    const retired = await sealedRow(
      { petitionId, dedupeKey: `retired-${btoa(email)}`, email, name: "Retired Name" },
      RETIRED_KEY,
    );
    await insertSignatures(env.DB, [retired], "refuse");
    // And one waiting for confirmation, under the retired key too.
    const verified = await createPetition({ confirmation: "email" });
    const verifiedId = await petitionIdOf(verified.slug);
    const held = await sealedRow(
      { petitionId: verifiedId, dedupeKey: "held-retired", email: "held@example.org", name: "Held" },
      RETIRED_KEY,
    );
    expect(await holdPendingSignature(env.DB, held, Date.now() + 86_400_000)).not.toBeNull();
    expect((await signRequest(petition.slug, { email: "current@example.org", name: "Current" })).status).toBe(201);

    const exported = async () =>
      (await call(`/v1/petitions/${petition.slug}/signatures.csv`, { headers: ADMIN })).text();
    const before = await exported();
    expect(before).toMatch(/legacy@example\.org,Legacy Name,KE,LEG 4CY/);
    expect(before).toMatch(/retired@example\.org,Retired Name,KE,/);
    expect(before).toMatch(/current@example\.org,Current,UG,/);

    const keyring = await keyringFrom(env.ENCRYPTION_KEYS);
    const batches: RotationProgress[] = [];
    do {
      batches.push(await rotateKeys(env.DB, keyring, 2));
      expect(batches.length).toBeLessThan(1000);
    } while (!batches.at(-1)!.done);
    // At most 2 rows of each of the two tables per batch.
    expect(batches.every((b) => b.scanned <= 4)).toBe(true);
    expect(batches.reduce((sum, b) => sum + b.resealed, 0)).toBeGreaterThanOrEqual(2);

    const keyIds = await env.DB.prepare(`SELECT DISTINCT key_id FROM signatures WHERE petition_id = ?`)
      .bind(petitionId)
      .all<{ key_id: string | null }>();
    expect(keyIds.results).toEqual([{ key_id: CURRENT_KEY.split(":")[0] }]);
    const { text } = await dumpDatabase();
    expect(text).not.toContain("legacy@example.org");
    expect(text).not.toContain("leg 4cy");

    // Readable with the current key alone: the retired one can now be removed from the secret.
    expect(await exported()).toBe(before);
    const currentOnly = await keyringFrom(CURRENT_KEY);
    for (const table of ["signatures", "pending_signatures"]) {
      const { results } = await env.DB.prepare(`SELECT * FROM ${table} WHERE petition_id IN (?, ?)`)
        .bind(petitionId, verifiedId)
        .all<Parameters<typeof openPersonalFields>[1]>();
      expect(results.length).toBeGreaterThan(0);
      for (const row of results) {
        expect(row.key_id).toBe(CURRENT_KEY.split(":")[0]);
        await expect(openPersonalFields(currentOnly, row)).resolves.toMatchObject({ email: expect.any(String) });
      }
    }
    const heldNow = await env.DB.prepare(`SELECT * FROM pending_signatures WHERE dedupe_key = 'held-retired'`).first<
      Parameters<typeof openPersonalFields>[1]
    >();
    expect(await openPersonalFields(currentOnly, heldNow!)).toEqual({
      email: "held@example.org",
      name: "Held",
      postcode: null,
    });
    // A finished walk stays finished: nothing more to reseal.
    expect(await rotateKeys(env.DB, keyring, 2)).toMatchObject({ resealed: 0, done: true });
  });

  it("a message queued by the version before encryption (plain text, no key id) is stored, then sealed", async () => {
    const petition = await createPetition();
    const petitionId = await petitionIdOf(petition.slug);
    const legacy = {
      petitionId,
      dedupeKey: legacyDedupeKey("in-flight@example.org"),
      email: "in-flight@example.org",
      name: "In Flight",
      country: "KE",
      postcode: null,
      consent: true,
      locale: null,
      source: null,
      networkHash: "n",
      createdAt: Date.now(),
    };
    const batch = createMessageBatch("petition-signatures", [
      { id: "legacy-1", timestamp: new Date(), attempts: 1, body: legacy },
    ]);
    await worker.queue(batch as MessageBatch<SignatureRow>, env);
    expect(await getQueueResult(batch, createExecutionContext())).toMatchObject({ ackAll: true });
    expect((await signatureRows(petition.slug))[0]).toMatchObject({ key_id: null, email: "in-flight@example.org" });

    const keyring = await keyringFrom(env.ENCRYPTION_KEYS);
    while (!(await rotateKeys(env.DB, keyring, 1000)).done);
    expect((await signatureRows(petition.slug))[0]).toMatchObject({
      key_id: CURRENT_KEY.split(":")[0],
      email: "in-flight@example.org",
      name: "In Flight",
    });
  });

  it("runs a batch from the minute cron and from the admin endpoint", async () => {
    const petition = await createPetition();
    const petitionId = await petitionIdOf(petition.slug);
    await insertPlainRow(petitionId, "cron-legacy@example.org");
    await runCron();
    expect(
      await env.DB.prepare(`SELECT key_id FROM signatures WHERE dedupe_key = ?`)
        .bind(legacyDedupeKey("cron-legacy@example.org"))
        .first<string>("key_id"),
    ).toBe(CURRENT_KEY.split(":")[0]);

    await insertPlainRow(petitionId, "admin-legacy@example.org");
    await expectProblem(await call("/v1/admin/key-rotation", { method: "POST" }), 401);
    const res = await call("/v1/admin/key-rotation", { method: "POST", headers: ADMIN });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ scanned: 1, resealed: 1, done: true });
  });
});
