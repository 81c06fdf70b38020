/** The signatures table seeded for the tests of bounded scans (the export), and what a request read. */
import { env } from "cloudflare:workers";
import { app } from "../../functions/app";
import { SIGNATURE_SCAN_IDS } from "../../src/store/signatures";
import { ADMIN, countingD1, createPetition, petitionIdOf } from "./index";

/** More than two scan ranges of other petitions' signatures around a small petition's. */
const OTHER_ROWS = 2.5 * SIGNATURE_SCAN_IDS;

async function seedOthers(petitionId: number, from: number, n: number): Promise<void> {
  await env.DB.prepare(
    `WITH RECURSIVE seq(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?1 + ?2 - 1)
     INSERT INTO signatures (petition_id, dedupe_key, email, country, network_hash, created_at)
     SELECT ?3, 'other' || i, 'other' || i || '@example.org', 'FR', 'n', 0 FROM seq`,
  )
    .bind(from, n, petitionId)
    .run();
}

async function signSmall(small: { id: number }, email: string, source: string | null): Promise<void> {
  await env.DB.prepare(
    `INSERT INTO signatures (petition_id, dedupe_key, email, country, network_hash, source, created_at)
     VALUES (?, ?, ?, 'BR', 'n', ?, ?)`,
  )
    .bind(small.id, `small-${email}`, email, source, Date.now())
    .run();
}

/**
 * A small petition whose six signatures stand before, between and after 2.5 scan ranges of another
 * petition's: what a bounded scan must find whole and in order.
 */
export async function seedScannedTable(): Promise<{ slug: string; id: number }> {
  const [big, petition] = await Promise.all([createPetition(), createPetition()]);
  const small = { slug: petition.slug, id: await petitionIdOf(petition.slug) };
  const bigId = await petitionIdOf(big.slug);
  await signSmall(small, "first@example.org", "ads");
  await seedOthers(bigId, 0, OTHER_ROWS / 2);
  await signSmall(small, "middle@example.org", null);
  await signSmall(small, "middle2@example.org", "ads");
  await seedOthers(bigId, OTHER_ROWS / 2, OTHER_ROWS / 2);
  await signSmall(small, "last@example.org", "mail");
  return small;
}

/** The most rows any one statement of the request read, and its D1 calls. */
export async function measured(path: string, vars: Partial<Env> = {}) {
  const counted = countingD1(env.DB);
  const res = await app.request(path, { headers: ADMIN }, { ...env, ...vars, DB: counted.db });
  const body = await res.text();
  const rowsRead = counted.statements.map((s) => s.meta?.rows_read ?? 0);
  return { res, body, mostRowsRead: Math.max(...rowsRead), calls: counted.calls() };
}
