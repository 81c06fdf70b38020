/**
 * Every D1 statement about fraud waves (migrations/0016): the slices new signatures fell in with their
 * baselines, the flags detection raises and organisers dismiss or void, detection's cursor, and purges.
 */
import { isoTime } from "../iso-time";
import { namedBatch } from "./d1";
import { SLICE_TABLES, type SliceDimension } from "./tally-tables";

/** A slice of a petition's hour that new signatures fell in, with what judging it needs. */
export interface TouchedSlice {
  petition_id: number;
  dimension: SliceDimension;
  /** The network's or email domain's keyed hash, or the source tag. */
  value: string;
  /** Unix seconds at the start of the UTC hour. */
  hour: number;
  count: number;
  first_at: number;
  last_at: number;
  disposable_domain: string | null;
  /** The petition's signatures in that hour. */
  hour_count: number;
  /** The slice's and the petition's signatures in the hours before it (the baseline). */
  usual_count: number;
  usual_total: number;
}

/** Signatures the detection has judged: those with id <= this. */
export async function readDetectionCursor(db: D1Database): Promise<number> {
  const row = await db.prepare(`SELECT last_id FROM fraud_detection WHERE id = 1`).first<number>("last_id");
  if (row === null) throw new Error("fraud_detection is missing its row: were the migrations applied?");
  return row;
}

/** Only moves forward, so overlapping runs cannot make judged signatures count as unjudged. */
export function advanceDetectionCursor(db: D1Database, to: number): D1PreparedStatement {
  return db.prepare(`UPDATE fraud_detection SET last_id = max(last_id, ?) WHERE id = 1`).bind(to);
}

/**
 * The slices the signatures with after < id <= upto (signed since `signedSince`, unix ms) fell in that
 * hold at least `minCount` signatures of their hour, each with its hour's total and its counts over the
 * `baselineSeconds` before that hour. Reads the range's rows and a few tally rows per slice found.
 */
export async function touchedSlices(
  db: D1Database,
  range: { after: number; upto: number; signedSince: number; minCount: number; baselineSeconds: number },
): Promise<TouchedSlice[]> {
  const touched = Object.values(SLICE_TABLES).map((table) => {
    const columns = table.keyOf("s").map((expr, i) => `${expr} AS ${table.key[i]}`);
    return `SELECT DISTINCT ${columns.join(", ")} FROM signatures s
            WHERE s.id > ?1 AND s.id <= ?2 AND s.created_at >= ?3 AND ${table.counts("s")}`;
  });
  const { results } = await db
    .prepare(
      `WITH touched AS (${touched.join(" UNION ")})
       SELECT sl.petition_id, sl.dimension, sl.value, sl.hour, sl.count, sl.first_at, sl.last_at, sl.disposable_domain,
              h.count AS hour_count,
              (SELECT coalesce(sum(b.count), 0) FROM petition_hour_slices b
               WHERE b.petition_id = sl.petition_id AND b.dimension = sl.dimension AND b.value = sl.value
                 AND b.hour >= sl.hour - ?5 AND b.hour < sl.hour) AS usual_count,
              (SELECT coalesce(sum(t.count), 0) FROM petition_hourly t
               WHERE t.petition_id = sl.petition_id AND t.hour >= sl.hour - ?5 AND t.hour < sl.hour) AS usual_total
       FROM touched JOIN petition_hour_slices sl USING (petition_id, dimension, value, hour)
       JOIN petition_hourly h ON h.petition_id = sl.petition_id AND h.hour = sl.hour
       WHERE sl.count >= ?4`,
    )
    .bind(range.after, range.upto, range.signedSince, range.minCount, range.baselineSeconds)
    .all<TouchedSlice>();
  return results;
}

/** A slice judged unusual, as a flag records it. */
export interface Finding {
  slice: TouchedSlice;
  /** The share of an hour the slice was expected to carry. */
  usualShare: number;
}

/**
 * Records a flag, or brings an existing one's figures up to date: one flag per petition, hour and
 * slice, whichever run finds it. A voided flag whose slice gained signatures after what was voided opens again.
 */
export function upsertFlag(db: D1Database, { slice, usualShare }: Finding, now: number): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO fraud_flags (petition_id, hour, dimension, value, disposable_domain, count, hour_count, usual_share,
                                first_at, last_at, flagged_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)
       ON CONFLICT (petition_id, hour, dimension, value) DO UPDATE SET
         status = iif(status = 'voided' AND excluded.last_at > last_at, 'open', status),
         disposable_domain = coalesce(excluded.disposable_domain, disposable_domain),
         count = excluded.count, hour_count = excluded.hour_count, usual_share = excluded.usual_share,
         first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at),
         updated_at = excluded.updated_at`,
    )
    .bind(
      slice.petition_id,
      slice.hour,
      slice.dimension,
      slice.value,
      slice.disposable_domain,
      slice.count,
      slice.hour_count,
      usualShare,
      slice.first_at,
      slice.last_at,
      now,
    );
}

export const FLAG_STATUSES = ["open", "dismissed", "voided"] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

export interface FraudFlagRow {
  id: number;
  petition_id: number;
  hour: number;
  dimension: SliceDimension;
  value: string;
  disposable_domain: string | null;
  count: number;
  hour_count: number;
  usual_share: number;
  first_at: number;
  last_at: number;
  status: FlagStatus;
  flagged_at: number;
  updated_at: number;
}

const FLAG_COLUMNS = `id, petition_id, hour, dimension, value, disposable_domain, count, hour_count, usual_share,
  first_at, last_at, status, flagged_at, updated_at`;

/** A petition's flags, newest hour first (the biggest first within an hour), at most `limit`, of one status or any. */
export async function petitionFlags(
  db: D1Database,
  petitionId: number,
  filter: { status?: FlagStatus; limit: number },
): Promise<FraudFlagRow[]> {
  const { results } = await db
    .prepare(
      `SELECT ${FLAG_COLUMNS} FROM fraud_flags WHERE petition_id = ?1 AND (?2 IS NULL OR status = ?2)
       ORDER BY hour DESC, count DESC, id LIMIT ?3`,
    )
    .bind(petitionId, filter.status ?? null, filter.limit)
    .all<FraudFlagRow>();
  return results;
}

/** Sets a petition's flag's status; null when the petition has no such flag. */
export function setFlagStatus(
  db: D1Database,
  petitionId: number,
  id: number,
  status: FlagStatus,
  now: number,
): Promise<FraudFlagRow | null> {
  return db
    .prepare(
      `UPDATE fraud_flags SET status = ?3, updated_at = ?4 WHERE petition_id = ?1 AND id = ?2 RETURNING ${FLAG_COLUMNS}`,
    )
    .bind(petitionId, id, status, now)
    .first<FraudFlagRow>();
}

/** A flag whose fraud.suspected event is not queued yet, with its petition. */
export interface FlagToAnnounce extends FraudFlagRow {
  slug: string;
  title: string;
}

export async function flagsToAnnounce(db: D1Database, limit: number): Promise<FlagToAnnounce[]> {
  const { results } = await db
    .prepare(
      `SELECT f.*, p.slug, p.title
       FROM fraud_flags f JOIN petitions p ON p.id = f.petition_id
       WHERE f.announced_at IS NULL ORDER BY f.id LIMIT ?`,
    )
    .bind(limit)
    .all<FlagToAnnounce>();
  return results;
}

export function markFlagAnnounced(db: D1Database, id: number, now: number): D1PreparedStatement {
  return db.prepare(`UPDATE fraud_flags SET announced_at = ? WHERE id = ? AND announced_at IS NULL`).bind(now, id);
}

/** Forgets flags of hours before `before` (unix ms), like finished removals: they name a network's or a domain's keyed hash. */
export function purgeFlags(db: D1Database, before: number): Promise<D1Result> {
  return db
    .prepare(`DELETE FROM fraud_flags WHERE hour < ?`)
    .bind(Math.floor(before / 1000))
    .run();
}

const SLICE_KEY = "petition_id, dimension, value, hour";
type SliceKey = [number, string, string, number];
/** Before every key. */
const FIRST_KEY: SliceKey = [0, "", "", 0];

/**
 * One bounded step of the purge's walk over the slices' key: of the next `span` slices after where the
 * walk stands, those of hours before `before` (unix ms) are deleted, and the walk moves past them, in
 * one transaction; after the last slice it starts again. Returns how many were deleted.
 */
export async function purgeSlicesStep(db: D1Database, before: number, span: number): Promise<number> {
  const walk = await db
    .prepare(`SELECT purge_after FROM fraud_detection WHERE id = 1`)
    .first<string | null>("purge_after");
  const after = walk ? (JSON.parse(walk) as SliceKey) : FIRST_KEY;
  const end = await db
    .prepare(
      `SELECT json_array(${SLICE_KEY}) AS key FROM (SELECT ${SLICE_KEY} FROM petition_hour_slices
       WHERE (${SLICE_KEY}) > (?1, ?2, ?3, ?4) ORDER BY ${SLICE_KEY} LIMIT ?5)
       ORDER BY petition_id DESC, dimension DESC, value DESC, hour DESC LIMIT 1`,
    )
    .bind(...after, span)
    .first<string>("key");
  const upto = end ? (JSON.parse(end) as SliceKey) : null;
  const step = await namedBatch(db, {
    deletion: db
      .prepare(
        `DELETE FROM petition_hour_slices
         WHERE (${SLICE_KEY}) > (?1, ?2, ?3, ?4) AND (${SLICE_KEY}) <= (?5, ?6, ?7, ?8) AND hour < ?9`,
      )
      .bind(...after, ...(upto ?? after), Math.floor(before / 1000)),
    // Compare-and-set: an overlapping run that moved the walk first is not moved back.
    walk: db.prepare(`UPDATE fraud_detection SET purge_after = ?1 WHERE id = 1 AND purge_after IS ?2`).bind(end, walk),
  });
  return step.deletion.meta.changes ?? 0;
}

/** What a flag says was seen: never a network or a domain, unless the domain is a public disposable-address service. */
export function seenIn(flag: Pick<FraudFlagRow, "dimension" | "value" | "disposable_domain">): string {
  if (flag.dimension === "network") return "one network";
  if (flag.dimension === "source") return `the source "${flag.value}"`;
  return flag.disposable_domain ? `${flag.disposable_domain}, a disposable-address service` : "one email domain";
}

/**
 * The invalidation that voids exactly a flag's slice (POST /v1/admin/petitions/{slug}/invalidations):
 * its network, email domain or source, from its first signature to just after its last.
 */
export function sliceCriteria(flag: Pick<FraudFlagRow, "dimension" | "value" | "first_at" | "last_at">) {
  const which =
    flag.dimension === "network"
      ? { network_hash: flag.value }
      : flag.dimension === "email_domain"
        ? { email_domain_hash: flag.value }
        : { source: flag.value };
  return { ...which, from: isoTime(flag.first_at), to: isoTime(flag.last_at + 1) };
}
