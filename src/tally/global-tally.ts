/** The global tally document: what `GET /v1/tally` serves and the cron publishes as `tally:global`. */
import { type GlobalTally, readPublishedGlobalTally } from "../store/published-tally";
import { readGlobalTallyRows } from "../store/tallies";
import { publicCount } from "./public-count";

export async function buildGlobalTally(db: D1Database, now: Date): Promise<GlobalTally> {
  const rows = await readGlobalTallyRows(db, now);
  return {
    total: rows.countries.reduce((sum, row) => sum + row.count, 0),
    countries: Object.fromEntries(rows.countries.map((row) => [row.country, row.count])),
    petitions: Object.fromEntries(
      rows.petitions.map((row) => [row.slug, publicCount(row.public_count_rounding, row.count)]),
    ),
    updated_at: now.toISOString(),
  };
}

/** KV first (what the last run published); built from D1's tally tables only before the first publish. */
export async function readGlobalTally(kv: KVNamespace, db: D1Database, now: Date): Promise<GlobalTally> {
  return (await readPublishedGlobalTally(kv)) ?? (await buildGlobalTally(db, now));
}
