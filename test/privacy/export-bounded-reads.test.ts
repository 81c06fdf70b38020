/**
 * The export scans the signatures table (there is no index on petition_id): it reads bounded id ranges,
 * so no query reads the whole table, and stays complete and ordered; an export larger than one
 * invocation's D1 calls continues through its Link.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../functions/app";
import { SIGNATURE_SCAN_IDS } from "../../src/store/signatures";
import { ADMIN, countingD1, createPetition } from "../helpers/index";

/** More than two scan ranges of other petitions' signatures around a small petition's. */
const OTHER_ROWS = 2.5 * SIGNATURE_SCAN_IDS;
let small: { slug: string; id: number };

async function seedOthers(petitionId: number, from: number, n: number): Promise<void> {
  await env.DB.prepare(
    `WITH RECURSIVE seq(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?1 + ?2 - 1)
     INSERT INTO signatures (petition_id, dedupe_key, email, country, network_hash, created_at)
     SELECT ?3, 'other' || i, 'other' || i || '@example.org', 'FR', 'n', 0 FROM seq`,
  )
    .bind(from, n, petitionId)
    .run();
}

async function signSmall(email: string, source: string | null): Promise<void> {
  await env.DB.prepare(
    `INSERT INTO signatures (petition_id, dedupe_key, email, country, network_hash, source, created_at)
     VALUES (?, ?, ?, 'BR', 'n', ?, ?)`,
  )
    .bind(small.id, `small-${email}`, email, source, Date.now())
    .run();
}

const idOf = async (slug: string) =>
  (await env.DB.prepare(`SELECT id FROM petitions WHERE slug = ?`).bind(slug).first<number>("id"))!;

beforeAll(async () => {
  const [big, petition] = await Promise.all([createPetition(), createPetition()]);
  small = { slug: petition.slug, id: await idOf(petition.slug) };
  const bigId = await idOf(big.slug);
  await signSmall("first@example.org", "ads");
  await seedOthers(bigId, 0, OTHER_ROWS / 2);
  await signSmall("middle@example.org", null);
  await signSmall("middle2@example.org", "ads");
  await seedOthers(bigId, OTHER_ROWS / 2, OTHER_ROWS / 2);
  await signSmall("last@example.org", "mail");
}, 60_000);

/** The most rows any one statement of the request read, and its D1 calls. */
async function measured(path: string, vars: Partial<Env> = {}) {
  const counted = countingD1(env.DB);
  const res = await app.request(path, { headers: ADMIN }, { ...env, ...vars, DB: counted.db });
  const body = await res.text();
  const rowsRead = counted.statements.map((s) => s.meta?.rows_read ?? 0);
  return { res, body, mostRowsRead: Math.max(...rowsRead), calls: counted.calls() };
}

const emails = (csv: string) =>
  csv
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split(",")[0]!);

describe("reads that scan the signatures table", { timeout: 60_000 }, () => {
  it("the export reads one id range per query, and is complete and in order", async () => {
    const exported = await measured(`/v1/petitions/${small.slug}/signatures.csv`);
    expect(exported.res.status).toBe(200);
    expect(emails(exported.body)).toEqual([
      "first@example.org",
      "middle@example.org",
      "middle2@example.org",
      "last@example.org",
    ]);
    expect(exported.res.headers.get("Link")).toBeNull();
    expect(exported.mostRowsRead).toBeLessThanOrEqual(SIGNATURE_SCAN_IDS + 10);
    expect(exported.calls).toBeLessThan(10);
  });

  it("an export past one invocation's budget is cut into parts, each naming the next in Link", async () => {
    // 22 calls fit one id range's worst case (21 reads) and the newest id's read.
    const budget = { D1_CALLS_PER_BULK_STEP: "22" };
    let next: string | null = `/v1/petitions/${small.slug}/signatures.csv`;
    const all: string[] = [];
    let parts = 0;
    while (next) {
      const part = await measured(next, budget);
      expect(part.res.status).toBe(200);
      expect(part.calls).toBeLessThanOrEqual(22);
      all.push(...emails(part.body));
      next = part.res.headers.get("Link")?.match(/^<([^>]+)>; rel="next"$/)?.[1] ?? null;
      parts += 1;
    }
    expect(parts).toBe(3);
    expect(all).toEqual(["first@example.org", "middle@example.org", "middle2@example.org", "last@example.org"]);
  });
});
