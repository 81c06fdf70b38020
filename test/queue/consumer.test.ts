/**
 * The queue consumer: batches stored in one statement, redeliveries stored once, retries with backoff,
 * the dead-letter queue, and what it does with signatures accepted around a petition's closing.
 */
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../functions/app";
import { retryDelaySeconds } from "../../functions/queue";
import { ADMIN, countingD1, createPetition, failingD1, sealedRow, signatureRows } from "../helpers/index";
import { deliver, idOf, SIGNATURE_QUEUE } from "../helpers/queue";
import { expectTallyExact, runCron, storedCount } from "../helpers/tally";

describe("the queue consumer", () => {
  const rowFor = (petitionId: number, email: string, createdAt = Date.now(), country = "KE") =>
    sealedRow({ petitionId, dedupeKey: `key-${email}`, email, country, source: "test", createdAt });

  it("stores a batch of 100 with one D1 statement, and a redelivery stores nothing twice", async () => {
    const petition = await createPetition();
    const id = await idOf(petition);
    const rows = await Promise.all(Array.from({ length: 100 }, (_, i) => rowFor(id, `batch${i}@example.org`)));
    const { db, statements } = countingD1(env.DB);
    expect((await deliver(rows, { DB: db })).ackAll).toBe(true);
    expect(statements).toHaveLength(1);
    expect(statements[0]!.sql).toMatch(/^INSERT INTO signatures/);
    expect(statements[0]!.meta!.changes).toBe(100);
    expect(await storedCount(petition.slug)).toBe(100);

    expect((await deliver(rows)).ackAll).toBe(true);
    expect(await storedCount(petition.slug)).toBe(100);
  });

  it("a failing batch is retried with backoff, never acknowledged", async () => {
    const petition = await createPetition();
    const result = await deliver(
      [await rowFor(await idOf(petition), "retry@example.org")],
      { DB: failingD1() },
      SIGNATURE_QUEUE,
      3,
    );
    expect(result.ackAll).toBe(false);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryBatch.retry).toBe(true);
    expect(result.retryDelay).toBe(8);
    expect(await storedCount(petition.slug)).toBe(0);
    // Then stored once D1 is back: the redelivery.
    expect((await deliver([await rowFor(await idOf(petition), "retry@example.org")])).ackAll).toBe(true);
    expect(await storedCount(petition.slug)).toBe(1);
  });

  it("backs off 2 s, doubling, up to 5 minutes; dead letters KV would not keep wait 15 minutes", () => {
    expect([1, 2, 3, 4, 8, 9, 10].map((n) => retryDelaySeconds(n, false))).toEqual([2, 4, 8, 16, 256, 300, 300]);
    expect(retryDelaySeconds(1, true)).toBe(900);
  });

  it("wrangler.toml sends a batch that keeps failing to the dead-letter queue, which the same handler consumes", async () => {
    const petition = await createPetition();
    const result = await deliver(
      [await rowFor(await idOf(petition), "dead@example.org")],
      {},
      `${SIGNATURE_QUEUE}-dlq`,
    );
    expect(result.ackAll).toBe(true);
    expect(await storedCount(petition.slug)).toBe(1);
    const failed = await deliver(
      [await rowFor(await idOf(petition), "dead2@example.org")],
      { DB: failingD1() },
      `${SIGNATURE_QUEUE}-dlq`,
    );
    // Not left to Cloudflare's last retry: kept in KV for a replay (test/queue/dead-letters.test.ts).
    expect(failed.ackAll).toBe(true);
    expect(await storedCount(petition.slug)).toBe(1);
  });

  it("stores a signature accepted while its petition was open even after it closed; skips one accepted after", async () => {
    const closing = await createPetition();
    const other = await createPetition();
    const acceptedOpen = Date.now() - 60_000;
    const patch = await app.request(
      `/v1/petitions/${closing.slug}`,
      { method: "PATCH", headers: { ...ADMIN, "Content-Type": "application/json" }, body: '{"status":"closed"}' },
      env,
      createExecutionContext(),
    );
    expect(patch.status).toBe(200);
    const acceptedClosed = Date.now() + 1;

    const result = await deliver([
      await rowFor(await idOf(closing), "in-time@example.org", acceptedOpen),
      await rowFor(await idOf(closing), "too-late@example.org", acceptedClosed),
      await rowFor(await idOf(other), "elsewhere@example.org"),
    ]);
    expect(result.ackAll).toBe(true);
    expect((await signatureRows(closing.slug)).map((r) => r.email)).toEqual(["in-time@example.org"]);
    expect(await storedCount(other.slug)).toBe(1);
  });

  it("counts a signature in the hour it was accepted, and keeps the tally exact", async () => {
    const petition = await createPetition();
    const threeHoursAgo = Date.now() - 3 * 3_600_000;
    await deliver([await rowFor(await idOf(petition), "late-delivery@example.org", threeHoursAgo)]);
    await runCron();
    await expectTallyExact();
    const hour = await env.DB.prepare(`SELECT hour FROM petition_hourly WHERE petition_id = ? AND count > 0`)
      .bind(await idOf(petition))
      .first<number>("hour");
    expect(hour).toBe(Math.floor(threeHoursAgo / 3_600_000) * 3600);
  });
});
