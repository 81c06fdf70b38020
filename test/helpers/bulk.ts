/** Seeding and faults for the bulk tests (aggregation, reconciliation, removal): rows stored as the consumer would, D1 that fails on cue. */
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { keyedHash } from "../../src/crypto/keyed-hash";
import { canonicalEmail } from "../../src/signing/canonical-email";
import { insertSignatures, type SignatureRow } from "../../src/store/signatures";
import { aggregate } from "../../src/tally/aggregate";
import { call, createPetition, petitionIdOf, sealedRow, signJson } from "./index";
import { expectTallyExact } from "./tally";

export const COUNTRIES = ["BR", "KE", "IN", "FR", "US"];

/** Tiny chunks, so a handful of rows takes many transactions and much can happen between them. */
export const SMALL = { recount: { idsPerChunk: 3, keysPerChunk: 2 }, removal: { rows: 2, scanIds: 5 } };

export const HOUR = 3_600_000;

export async function petitionIds(n: number): Promise<number[]> {
  const petitions = await Promise.all(Array.from({ length: n }, () => createPetition()));
  return Promise.all(petitions.map((p) => petitionIdOf(p.slug)));
}

export const dedupeKeyOf = (email: string) => keyedHash(env.HASH_KEY!, "email", canonicalEmail(email));

let signer = 0;

/** Stores signatures as the queue consumer would: a batch in one statement, spread over hours and countries. */
export async function store(
  ids: number[],
  n: number,
  options: { email?: string; source?: string } = {},
): Promise<void> {
  const rows: SignatureRow[] = [];
  for (let i = 0; i < n; i++) {
    signer += 1;
    const email = options.email ?? `bulk${signer}@example.org`;
    rows.push(
      await sealedRow({
        petitionId: ids[signer % ids.length]!,
        dedupeKey: await dedupeKeyOf(email),
        email,
        name: null,
        postcode: null,
        country: COUNTRIES[signer % COUNTRIES.length]!,
        consent: false,
        locale: null,
        source: options.source ?? null,
        networkHash: "n",
        createdAt: Date.now() - (signer % 5) * HOUR,
      }),
    );
  }
  await insertSignatures(env.DB, rows, "skip");
}

export const tallyNow = () => aggregate(env.DB, { now: Date.now(), thresholds: [], maxPerBatch: 4, maxBatches: 2 });

/** A D1 binding whose transaction number `failAt` fails, as if D1 had cancelled it. */
export function failingAt(failAt: number): D1Database {
  let calls = 0;
  return new Proxy(env.DB, {
    get(target, prop) {
      if (prop === "batch")
        return (statements: D1PreparedStatement[]) =>
          calls++ === failAt
            ? target.batch([...statements, target.prepare("INSERT INTO no_such_table VALUES (1)")])
            : target.batch(statements);
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export async function catchUpAndExpectExact(): Promise<void> {
  await aggregate(env.DB, { now: Date.now(), thresholds: [], maxPerBatch: 10_000, maxBatches: 10 });
  await expectTallyExact();
}

/** Signs through the API, one by one. */
export async function signThroughApi(slug: string, n: number, prefix = "t"): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await signJson(slug, {
      email: `${prefix}${i}-${slug}@example.org`,
      name: "T",
      country: COUNTRIES[i % COUNTRIES.length],
    });
    expect(res.status).toBe(201);
  }
}

export async function count(slug: string): Promise<{ count: number; goal: number; updated_at: string | null }> {
  const res = await call(`/v1/petitions/${slug}/count`);
  expect(res.status).toBe(200);
  return res.json();
}
