/**
 * The write path in each SIGNATURE_WRITE_MODE: direct, queue and auto, and what must stay exact around
 * them (closing, erasure, the tally).
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../functions/app";
import { rowsOf, type SignatureMessage } from "../../src/signing/queue-sender";
import { acceptingSignaturesSql, isAcceptingSignatures } from "../../src/store/accepting-signatures";
import { BACKFILL_TTL_SECONDS, cachedPetition, refreshCachedPetition } from "../../src/store/petition-cache";
import { insertSignatures, type SignatureRow } from "../../src/store/signatures";
import {
  ADMIN,
  countingD1,
  createPetition,
  expectProblem,
  failingD1,
  failingKV,
  freshIp,
  openedRow,
  sealedRow,
  signatureRows,
} from "../helpers/index";
import { deliver, idOf, recordingQueue } from "../helpers/queue";
import { expectTallyExact, runCron, storedCount } from "../helpers/tally";

async function sign(slug: string, email: string, overrides: Partial<Env> = {}, country = "BR"): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.request(
    `/v1/petitions/${slug}/signatures`,
    {
      method: "POST",
      headers: { "Content-Type": "application/json", "cf-connecting-ip": freshIp() },
      body: JSON.stringify({ email, name: "Sam Signer", country, consent: true }),
    },
    { ...env, ...overrides },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

describe("queue mode", () => {
  it("answers 201 once the queue holds the signature; the consumer stores it", async () => {
    const petition = await createPetition();
    const { queue, sent } = recordingQueue();
    const queued = { SIGNATURE_WRITE_MODE: "queue", SIGNATURE_QUEUE: queue };

    const res = await sign(petition.slug, "queued@example.org", queued);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ status: "signed", petition: petition.slug, count: 0 });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ petitionId: await idOf(petition), country: "BR" });
    expect(await openedRow(sent[0]!)).toMatchObject({ email: "queued@example.org", name: "Sam Signer" });
    expect(await storedCount(petition.slug)).toBe(0);

    const result = await deliver(sent);
    expect(result.ackAll).toBe(true);
    expect((await signatureRows(petition.slug)).map((r) => r.email)).toEqual(["queued@example.org"]);
  });

  it("a repeat signature gets the answer a first one gets", async () => {
    const petition = await createPetition();
    const { queue, sent } = recordingQueue();
    const queued = { SIGNATURE_WRITE_MODE: "queue", SIGNATURE_QUEUE: queue };
    const first = await sign(petition.slug, "twice@example.org", queued);
    const again = await sign(petition.slug, "twice@example.org", queued);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(await again.json()).toEqual(await first.json());
    await deliver(sent);
    expect(await storedCount(petition.slug)).toBe(1);
  });

  it("concurrent signers in one isolate share queue round trips and messages", async () => {
    const petition = await createPetition();
    const { queue, sent, roundTrips } = recordingQueue();
    const queued = { SIGNATURE_WRITE_MODE: "queue", SIGNATURE_QUEUE: queue };
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => sign(petition.slug, `crowd${i}@example.org`, queued)),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(40).fill(201));
    expect(sent).toHaveLength(40);
    expect(roundTrips()).toBeLessThan(10);
  });

  it("a batch that never finishes does not stall the isolate: the next signer sends its own", async () => {
    const petition = await createPetition();
    const sent: SignatureRow[] = [];
    let calls = 0;
    const queue = {
      async send(body: SignatureMessage) {
        calls += 1;
        if (calls === 1) return new Promise<void>(() => {}); // its leader's request died mid-send
        sent.push(...rowsOf(body));
      },
    } as unknown as Queue<SignatureMessage>;
    const queued = { SIGNATURE_WRITE_MODE: "queue", SIGNATURE_QUEUE: queue };
    void sign(petition.slug, "stuck@example.org", queued);
    await scheduler.wait(20);
    const res = await sign(petition.slug, "next@example.org", queued);
    expect(res.status).toBe(201);
    expect(await Promise.all(sent.map(async (r) => (await openedRow(r)).email))).toEqual(["next@example.org"]);
  });

  it("through the real queue binding, the signature is stored without anyone delivering it by hand", async () => {
    const petition = await createPetition();
    const res = await sign(petition.slug, "real-queue@example.org", { SIGNATURE_WRITE_MODE: "queue" });
    expect(res.status).toBe(201);
    await expect.poll(() => storedCount(petition.slug), { timeout: 15_000, interval: 250 }).toBe(1);
  });

  it("a queue that refuses gives 503 with Retry-After, and nothing is stored", async () => {
    const petition = await createPetition();
    const { queue } = recordingQueue({ failing: true });
    const res = await sign(petition.slug, "refused@example.org", {
      SIGNATURE_WRITE_MODE: "queue",
      SIGNATURE_QUEUE: queue,
    });
    const problem = await expectProblem(res, 503);
    expect(problem.type).toBe("/problems/signing-unavailable");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await storedCount(petition.slug)).toBe(0);
  });
});

describe("auto mode", () => {
  it("writes directly while D1 answers", async () => {
    const petition = await createPetition();
    const { queue, sent } = recordingQueue();
    const res = await sign(petition.slug, "auto-direct@example.org", {
      SIGNATURE_WRITE_MODE: "auto",
      SIGNATURE_QUEUE: queue,
    });
    expect(res.status).toBe(201);
    expect(sent).toHaveLength(0);
    expect(await storedCount(petition.slug)).toBe(1);
  });

  it("falls back to the queue when D1 throws, answering the same 201", async () => {
    const petition = await createPetition();
    await sign(petition.slug, "warm-cache@example.org", { SIGNATURE_WRITE_MODE: "auto" });
    const { queue, sent } = recordingQueue();
    const broken = { SIGNATURE_WRITE_MODE: "auto", SIGNATURE_QUEUE: queue, DB: failingD1() };
    const res = await sign(petition.slug, "auto-fallback@example.org", broken);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ status: "signed", petition: petition.slug });
    expect(await Promise.all(sent.map(async (r) => (await openedRow(r)).email))).toEqual(["auto-fallback@example.org"]);

    await deliver(sent);
    expect(await storedCount(petition.slug)).toBe(2);
  });

  it("answers 503 with Retry-After only when the queue cannot take it either, storing nothing", async () => {
    const petition = await createPetition();
    await sign(petition.slug, "warm-cache2@example.org", { SIGNATURE_WRITE_MODE: "auto" });
    const { queue } = recordingQueue({ failing: true });
    const res = await sign(petition.slug, "nowhere@example.org", {
      SIGNATURE_WRITE_MODE: "auto",
      SIGNATURE_QUEUE: queue,
      DB: failingD1(),
    });
    expect((await expectProblem(res, 503)).type).toBe("/problems/signing-unavailable");
    expect(res.headers.get("retry-after")).toBe("30");
    expect(await storedCount(petition.slug)).toBe(1);
  });

  it("still refuses a petition D1 finds closed (a stale cache), rather than queueing it", async () => {
    const petition = await createPetition();
    await sign(petition.slug, "warm-cache3@example.org", { SIGNATURE_WRITE_MODE: "auto" });
    await env.DB.prepare("UPDATE petitions SET status = 'closed', closes_at = ? WHERE id = ?")
      .bind(new Date(Date.now() - 1000).toISOString(), await idOf(petition))
      .run();
    const { queue, sent } = recordingQueue();
    const res = await sign(petition.slug, "stale@example.org", {
      SIGNATURE_WRITE_MODE: "auto",
      SIGNATURE_QUEUE: queue,
    });
    expect((await expectProblem(res, 409)).type).toBe("/problems/petition-closed");
    expect(sent).toHaveLength(0);
  });

  it("a direct write in direct mode that fails is a 503 with Retry-After, not a 500", async () => {
    const petition = await createPetition();
    await sign(petition.slug, "warm-cache4@example.org", { SIGNATURE_WRITE_MODE: "direct" });
    const res = await sign(petition.slug, "direct-fail@example.org", {
      SIGNATURE_WRITE_MODE: "direct",
      DB: failingD1(),
    });
    expect((await expectProblem(res, 503)).type).toBe("/problems/signing-unavailable");
  });
});

describe("KV is not a single point of failure", () => {
  it("signing works when KV fails, from a cold isolate cache (D1) and a warm one", async () => {
    const petition = await createPetition();
    const first = await sign(petition.slug, "kv-cold@example.org", { KV: failingKV() });
    expect(first.status).toBe(201);
    expect((await first.json<{ count: number | null }>()).count).toBe(0);
    expect((await sign(petition.slug, "kv-warm@example.org", { KV: failingKV() })).status).toBe(201);
    expect(await storedCount(petition.slug)).toBe(2);
  });

  it("once the isolate has the petition and its count, signing reads neither KV nor D1", async () => {
    const petition = await createPetition();
    await sign(petition.slug, "kv-prime@example.org");
    const { db, statements } = countingD1(env.DB);
    const res = await sign(petition.slug, "kv-free@example.org", { KV: failingKV(), DB: db });
    expect(res.status).toBe(201);
    expect(statements.map((s) => s.sql.slice(0, 25))).toEqual(["INSERT INTO signatures (p"]);
  });
});

describe("petition settings in KV", () => {
  it("a copy backfilled from D1 expires (it may have been read before a change); the organiser's own write does not", async () => {
    const petition = await createPetition();
    const key = `petition:${petition.slug}`;
    await env.KV.delete(key);
    const options = { db: env.DB, kv: env.KV, ttlSeconds: 0 };
    expect(await cachedPetition(petition.slug, options)).toMatchObject({ slug: petition.slug });
    const backfilled = (await env.KV.list({ prefix: key })).keys.find((k) => k.name === key);
    expect(backfilled?.expiration).toBeGreaterThan(Date.now() / 1000);
    expect(backfilled!.expiration!).toBeLessThanOrEqual(Date.now() / 1000 + BACKFILL_TTL_SECONDS + 1);

    await refreshCachedPetition(env.KV, (await cachedPetition(petition.slug, options))!);
    const written = (await env.KV.list({ prefix: key })).keys.find((k) => k.name === key);
    expect(written).toBeDefined();
    expect(written!.expiration).toBeUndefined();
  });
});

describe("erasure while queued", () => {
  it("a signature made before its signer's erasure is not stored when it arrives; a later one is", async () => {
    const petition = await createPetition();
    const { queue, sent } = recordingQueue();
    const queued = { SIGNATURE_WRITE_MODE: "queue", SIGNATURE_QUEUE: queue };
    expect((await sign(petition.slug, "Erase.Me@example.org", queued)).status).toBe(201);
    expect((await sign(petition.slug, "keep-me@example.org", queued)).status).toBe(201);

    const erased = await app.request(
      "/v1/admin/erasures",
      {
        method: "POST",
        headers: { ...ADMIN, "Content-Type": "application/json" },
        body: '{"email":"erase.me@example.org"}',
      },
      env,
      createExecutionContext(),
    );
    expect(erased.status).toBe(200);
    await deliver(sent);
    expect((await signatureRows(petition.slug)).map((r) => r.email)).toEqual(["keep-me@example.org"]);

    // Signing again after the erasure is a new decision, and stands.
    await new Promise((resolve) => setTimeout(resolve, 2));
    expect((await sign(petition.slug, "erase.me@example.org")).status).toBe(201);
    expect(await storedCount(petition.slug)).toBe(2);
  });
});

describe("the tally", () => {
  it("is exact after mixed direct, auto and queued signatures with repeats and redeliveries", async () => {
    const petition = await createPetition();
    const { queue, sent } = recordingQueue();
    const queued = { SIGNATURE_WRITE_MODE: "queue", SIGNATURE_QUEUE: queue };
    for (let i = 0; i < 30; i++) {
      const mode = [{ SIGNATURE_WRITE_MODE: "direct" }, { SIGNATURE_WRITE_MODE: "auto" }, queued][i % 3]!;
      const email = `mixed${i % 25}@example.org`; // five repeats, across modes
      expect((await sign(petition.slug, email, mode, ["BR", "KE", "IN"][i % 3])).status).toBe(201);
      if (i === 15) await runCron();
    }
    await deliver(sent);
    await deliver(sent);
    await runCron();
    await expectTallyExact();
    expect(await storedCount(petition.slug)).toBe(25);
    const tally = await env.DB.prepare(`SELECT count FROM petition_tallies WHERE petition_id = ?`)
      .bind(await idOf(petition))
      .first<number>("count");
    expect(tally).toBe(25);
  });
});

describe("one rule for taking signatures", () => {
  it("the code's rule, D1's trigger (direct writes) and the batch filter (queued writes) agree", async () => {
    const now = Date.now();
    const iso = (offset: number) => new Date(now + offset).toISOString();
    const states = [
      { status: "draft", closes_at: null },
      { status: "open", closes_at: null },
      { status: "closed", closes_at: null },
      ...(["draft", "open", "closed"] as const).flatMap((status) => [
        { status, closes_at: iso(-60_000) },
        { status, closes_at: iso(60_000) },
      ]),
    ] as const;
    const instants = [now - 120_000, now, now + 120_000];
    for (const state of states) {
      const petition = await createPetition({ status: "open" });
      const petitionId = await idOf(petition);
      await env.DB.prepare("UPDATE petitions SET status = ?, closes_at = ? WHERE id = ?")
        .bind(state.status, state.closes_at, petitionId)
        .run();
      for (const at of instants) {
        const expected = isAcceptingSignatures(state, new Date(at));
        const row = (email: string) =>
          sealedRow({ petitionId, dedupeKey: `${email}-${at}`, email, country: "XX", consent: false, createdAt: at });
        const direct = await insertSignatures(env.DB, [await row("direct")], "refuse").then(
          () => true,
          () => false,
        );
        const queued = (await insertSignatures(env.DB, [await row("queued")], "skip")) === 1;
        const sql = await env.DB.prepare(
          `SELECT ${acceptingSignaturesSql("p", "?2")} AS yes FROM petitions p WHERE id = ?1`,
        )
          .bind(petitionId, new Date(at).toISOString())
          .first<number>("yes");
        expect({ state, at: at - now, direct, queued, sql: sql === 1 }).toEqual({
          state,
          at: at - now,
          direct: expected,
          queued: expected,
          sql: expected,
        });
      }
    }
  });
});
