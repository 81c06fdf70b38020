/** Dead letters D1 would not take are kept (KV), counted on the status, replayed on request, and erased with their person. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { personKey } from "../../src/signing/canonical-email";
import { post, session } from "../helpers/console";
import { ADMIN, call, createPetition, failingD1, sealedRow, signatureRows } from "../helpers/index";
import { deliver, idOf, SIGNATURE_QUEUE } from "../helpers/queue";
import { expectTallyExact, runCron } from "../helpers/tally";

const DEAD_LETTERS = `${SIGNATURE_QUEUE}-dlq`;

async function rowFor(petitionId: number, email: string) {
  return sealedRow({ petitionId, dedupeKey: await personKey(env.HASH_KEY!, email), email });
}

const status = async () =>
  (
    await (
      await call("/v1/admin/status", { headers: ADMIN })
    ).json<{ dead_letters: { batches: number; signatures: number } }>()
  ).dead_letters;

const replay = async () =>
  (await call("/v1/admin/dead-letters/replay", { method: "POST", headers: ADMIN })).json<any>();

async function drain(): Promise<void> {
  while ((await status()).batches > 0) await replay();
}

describe("dead letters", () => {
  it("keeps a batch D1 will not take, shows it on the status, and stores it on replay", async () => {
    await drain();
    const petition = await createPetition();
    const id = await idOf(petition);
    const rows = [await rowFor(id, "kept-a@example.org"), await rowFor(id, "kept-b@example.org")];
    const outcome = await deliver([rows], { DB: failingD1() }, DEAD_LETTERS);
    expect(outcome.ackAll).toBe(true);
    expect(await status()).toEqual({ batches: 1, signatures: 2 });
    expect(await signatureRows(petition.slug)).toEqual([]);

    expect(await replay()).toEqual({ batches: 1, stored: 2, remaining: 0 });
    expect(await status()).toEqual({ batches: 0, signatures: 0 });
    expect((await signatureRows(petition.slug)).map((row) => row.email).sort()).toEqual([
      "kept-a@example.org",
      "kept-b@example.org",
    ]);
    await runCron();
    await expectTallyExact();
    // Replaying again stores nothing twice.
    expect(await replay()).toEqual({ batches: 0, stored: 0, remaining: 0 });
  });

  it("takes an erased person out of the kept batches, so a replay cannot bring them back", async () => {
    await drain();
    const petition = await createPetition();
    const id = await idOf(petition);
    await deliver(
      [[await rowFor(id, "forget@example.org"), await rowFor(id, "stay@example.org")]],
      { DB: failingD1() },
      DEAD_LETTERS,
    );
    const erasure = await call("/v1/admin/erasures", {
      method: "POST",
      headers: { ...ADMIN, "Content-Type": "application/json" },
      body: JSON.stringify({ email: "Forget@Example.org" }),
    });
    expect(erasure.status).toBe(200);
    expect(await status()).toEqual({ batches: 1, signatures: 1 });
    await replay();
    expect((await signatureRows(petition.slug)).map((row) => row.email)).toEqual(["stay@example.org"]);
  });

  it("retries the batch (15 minutes) when KV will not keep it either", async () => {
    const petition = await createPetition();
    const brokenKv = { put: async () => Promise.reject(new Error("KV unavailable")) } as unknown as KVNamespace;
    const outcome = await deliver(
      [await rowFor(await idOf(petition), "nowhere@example.org")],
      { DB: failingD1(), KV: brokenKv },
      DEAD_LETTERS,
    );
    expect(outcome.ackAll).toBe(false);
    expect(outcome.retryDelay).toBe(900);
  });

  it("status and replay are the admin's", async () => {
    expect((await call("/v1/admin/status")).status).toBe(401);
    expect((await call("/v1/admin/dead-letters/replay", { method: "POST" })).status).toBe(401);
  });
});

describe("dead letters in the console", () => {
  it("the petitions page says how many signatures wait, and replays them", async () => {
    await drain();
    const { cookie, csrf } = await session();
    expect(await (await call("/admin", { headers: { cookie } })).text()).not.toContain("not stored yet");
    const petition = await createPetition();
    await deliver(
      [[await rowFor(await idOf(petition), "console-kept@example.org")]],
      { DB: failingD1() },
      DEAD_LETTERS,
    );
    const home = await (await call("/admin", { headers: { cookie } })).text();
    expect(home).toContain("1 accepted signatures are not stored yet");
    expect((await post("/admin/dead-letters/replay", cookie, { csrf })).status).toBe(303);
    expect(await status()).toEqual({ batches: 0, signatures: 0 });
    expect((await signatureRows(petition.slug)).map((row) => row.email)).toEqual(["console-kept@example.org"]);
  });
});
