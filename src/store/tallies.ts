import { acceptingSignaturesSql } from "./accepting-signatures";
import { namedBatch, prepareNumbered, SqlParams } from "./d1";
import {
  addCountsSql,
  COUNTED_TABLES,
  CURRENT_SEQ,
  liveStamps,
  NO_STAMPS,
  subtractCountsSql,
  TALLY_TABLES,
} from "./tally-tables";

/**
 * Every D1 statement about the tally tables' counting and removal. An aggregation run and each
 * removal chunk are one D1 batch, i.e. one transaction: counts and the watermark move together or not at all.
 */

export interface PetitionTallyRow {
  count: number;
  updated_at: number;
}

export interface Watermark {
  last_id: number;
  published_seq: number;
}

/** What the guarded statements of one aggregation run need. */
export interface TallyRange {
  /** Signatures with lastId < id <= upperId are counted. */
  lastId: number;
  upperId: number;
  /** Unique per run: statements apply only while the watermark carries it. */
  runId: string;
  now: number;
  /** Round-number milestones; each petition's goal is always one too. */
  thresholds: number[];
}

export function findPetitionTally(db: D1Database, petitionId: number): Promise<PetitionTallyRow | null> {
  return db
    .prepare(`SELECT count, updated_at FROM petition_tallies WHERE petition_id = ?`)
    .bind(petitionId)
    .first<PetitionTallyRow>();
}

export async function readWatermark(db: D1Database): Promise<Watermark> {
  const row = await db.prepare(`SELECT last_id, published_seq FROM tally_watermark WHERE id = 1`).first<Watermark>();
  if (!row) throw new Error("tally_watermark is missing its row: were the migrations applied?");
  return row;
}

/** This run's token still on the watermark (false once a rival run moved it). */
const RUN_HOLDS_CLAIM = `EXISTS (SELECT 1 FROM tally_watermark w WHERE w.id = 1 AND w.run_id = ?3)`;
/** Rows in the range, while the run holds its claim. */
const IN_RUN = `s.id > ?1 AND s.id <= ?2 AND ${RUN_HOLDS_CLAIM}`;
/** The recount's shadow has counted exactly up to where this run starts: the run keeps it in step. */
const SHADOW_FOLLOWS = `EXISTS (SELECT 1 FROM recount r WHERE r.id = 1 AND r.state = 'counting' AND r.cursor = ?1)`;

export interface AggregatedRange {
  /** False when another run had claimed the range first: this one then changed nothing. */
  claimed: boolean;
  rowsRead: number;
  rowsWritten: number;
}

/**
 * One aggregation transaction: claim the range by moving the watermark from lastId (compare-and-set),
 * add the range's signatures to every tally (and to the recount's shadow while it follows the
 * watermark), then snapshot and record milestones for the petitions it touched. Reads only the rows in the range.
 */
export async function aggregateRange(db: D1Database, range: TallyRange): Promise<AggregatedRange> {
  const values = [range.lastId, range.upperId, range.runId, range.now, JSON.stringify(range.thresholds)];
  const bind = (sql: string) => prepareNumbered(db, sql, values);
  const run = await namedBatch(db, {
    claim: bind(
      `UPDATE tally_watermark SET last_id = ?2, run_id = ?3, updated_at = ?4, seq = seq + 1 WHERE id = 1 AND last_id = ?1`,
    ),
    counts: COUNTED_TABLES.map((table) => bind(addCountsSql(table, table.live, IN_RUN, liveStamps(table, "?4")))),
    shadowCounts: Object.values(TALLY_TABLES).map((table) =>
      bind(addCountsSql(table, table.shadow, `${IN_RUN} AND ${SHADOW_FOLLOWS}`, NO_STAMPS)),
    ),
    shadowCursor: bind(
      `UPDATE recount SET cursor = ?2 WHERE id = 1 AND state = 'counting' AND cursor = ?1 AND ${RUN_HOLDS_CLAIM}`,
    ),
    snapshots: bind(`INSERT INTO tally_snapshots (petition_id, taken_at, count)
          SELECT t.petition_id, ?4, t.count FROM petition_tallies t
          WHERE t.seq = ${CURRENT_SEQ} AND ${RUN_HOLDS_CLAIM}
          ON CONFLICT DO NOTHING`),
    milestones: bind(`WITH touched AS (
            SELECT t.petition_id, t.count, p.goal FROM petition_tallies t JOIN petitions p ON p.id = t.petition_id
            WHERE t.seq = ${CURRENT_SEQ} AND ${RUN_HOLDS_CLAIM}
          ),
          thresholds AS (
            SELECT petition_id, goal AS threshold FROM touched
            UNION SELECT touched.petition_id, j.value FROM touched, json_each(?5) j
          )
          INSERT INTO milestones (petition_id, threshold, reached_at, count)
          SELECT th.petition_id, th.threshold, ?4, touched.count FROM thresholds th JOIN touched USING (petition_id)
          WHERE touched.count >= th.threshold
          ON CONFLICT DO NOTHING`),
  });
  const all = Object.values(run).flat();
  return {
    claimed: run.claim.meta.changes === 1,
    rowsRead: all.reduce((sum, { meta }) => sum + (meta.rows_read ?? 0), 0),
    rowsWritten: all.reduce((sum, { meta }) => sum + (meta.rows_written ?? 0), 0),
  };
}

/** Which signatures a removal takes: a condition over `signatures s`, its values added to the statement's. */
export interface SignatureSelection {
  where: (params: SqlParams) => string;
  /** An index finds the rows, so a chunk need not bound the ids it scans. */
  indexed: boolean;
}

/** Every signature of one person, on every petition (the UNIQUE index on dedupe_key finds them). */
export function personSelection(dedupeKey: string): SignatureSelection {
  return { where: (params) => `s.dedupe_key = ${params.add(dedupeKey)}`, indexed: true };
}

/** What a wave of signatures on one petition is: each criterion given narrows it (keyed hashes, unix ms). */
export interface WaveSelection {
  networkHash?: string;
  emailDomainHash?: string;
  from?: number;
  to?: number;
  source?: string;
}

/** A petition's signatures matching every criterion given (absent criteria match all): a scan. */
export function waveSelection(petitionId: number, criteria: WaveSelection): SignatureSelection {
  const where = (params: SqlParams) => {
    const petition = params.add(petitionId);
    const network = params.add(criteria.networkHash ?? null);
    const domain = params.add(criteria.emailDomainHash ?? null);
    const from = params.add(criteria.from ?? null);
    const to = params.add(criteria.to ?? null);
    const source = params.add(criteria.source ?? null);
    return `s.petition_id = ${petition} AND (${network} IS NULL OR s.network_hash = ${network})
            AND (${domain} IS NULL OR s.email_domain_hash = ${domain})
            AND (${from} IS NULL OR s.created_at >= ${from}) AND (${to} IS NULL OR s.created_at < ${to})
            AND (${source} IS NULL OR s.source = ${source})`;
  };
  return { where, indexed: false };
}

/** At most `limit` ids of selected signatures with after < id <= upto, lowest first: one bounded read. */
export async function selectedSignatureIds(
  db: D1Database,
  selection: SignatureSelection,
  chunk: { after: number; upto: number; limit: number },
): Promise<number[]> {
  const params = new SqlParams();
  const inChunk = `s.id > ${params.add(chunk.after)} AND s.id <= ${params.add(chunk.upto)}`;
  const sql = `SELECT s.id FROM signatures s WHERE ${inChunk} AND ${selection.where(params)} ORDER BY s.id LIMIT ${params.add(chunk.limit)}`;
  const { results } = await db
    .prepare(sql)
    .bind(...params.values)
    .all<{ id: number }>();
  return results.map((row) => row.id);
}

/** Signatures the tally has counted: at or below the watermark. */
const COUNTED = `s.id <= (SELECT last_id FROM tally_watermark WHERE id = 1)`;
/** Signatures a recount under way has counted into its shadow (none when there is no recount). */
const RECOUNTED = `s.id <= (SELECT cursor FROM recount WHERE id = 1 AND state = 'counting')`;

/**
 * Removal of the signatures with these ids as one transaction, exact on its own: what the tally (and
 * a recount's shadow) had already counted of them is subtracted, `progress` is recorded, then the rows go.
 */
export async function removeSignatures(
  db: D1Database,
  ids: number[],
  now: number,
  /** The removal's own statements (its progress, its webhook events), run before the rows go. */
  before: D1PreparedStatement[],
): Promise<{ removed: number }> {
  const chosen = `s.id IN (SELECT value FROM json_each(?2))`;
  const bind = (sql: string) => prepareNumbered(db, sql, [now, JSON.stringify(ids)]);
  const removal = await namedBatch(db, {
    seq: bind(`UPDATE tally_watermark SET seq = seq + 1 WHERE id = 1`),
    counts: COUNTED_TABLES.map((table) =>
      bind(subtractCountsSql(table, table.live, `${chosen} AND ${COUNTED}`, liveStamps(table, "?1"))),
    ),
    shadowCounts: Object.values(TALLY_TABLES).map((table) =>
      bind(subtractCountsSql(table, table.shadow, `${chosen} AND ${RECOUNTED}`, NO_STAMPS)),
    ),
    before,
    deletion: bind(`DELETE FROM signatures AS s WHERE ${chosen}`),
  });
  return { removed: removal.deletion.meta.changes };
}

export interface ChangedTally {
  slug: string;
  goal: number;
  public_count_rounding: number | null;
  count: number;
  updated_at: number;
  seq: number;
}

/** Petition tallies changed after `seq`, i.e. not yet published to KV. */
export async function tallyChangesAfter(db: D1Database, seq: number): Promise<ChangedTally[]> {
  const { results } = await db
    .prepare(
      `SELECT p.slug, p.goal, p.public_count_rounding, t.count, t.updated_at, t.seq FROM petition_tallies t JOIN petitions p ON p.id = t.petition_id
       WHERE t.seq > ? ORDER BY t.seq`,
    )
    .bind(seq)
    .all<ChangedTally>();
  return results;
}

/** The minute's run has counted and published (whether or not anything was new): the status page's "last tally run". */
export function recordTallyRun(db: D1Database, now: number): Promise<D1Result> {
  return db.prepare(`UPDATE tally_watermark SET ran_at = max(ran_at, ?) WHERE id = 1`).bind(now).run();
}

/** Only moves forward, so a slow publisher cannot make a faster one's work count as undone. */
export function markPublished(db: D1Database, upToSeq: number): Promise<D1Result> {
  return db
    .prepare(`UPDATE tally_watermark SET published_seq = max(published_seq, ?) WHERE id = 1`)
    .bind(upToSeq)
    .run();
}

export interface GlobalTallyRows {
  countries: { country: string; count: number }[];
  petitions: { slug: string; count: number; public_count_rounding: number | null }[];
}

/** The whole tally, from the tally tables only: ~250 country rows and one row per open petition. */
export async function readGlobalTallyRows(db: D1Database, now: Date): Promise<GlobalTallyRows> {
  const read = await namedBatch(db, {
    countries: db.prepare(`SELECT country, count FROM country_tallies WHERE count > 0 ORDER BY count DESC, country`),
    petitions: db
      .prepare(
        `SELECT p.slug, p.public_count_rounding, coalesce(t.count, 0) AS count FROM petitions p LEFT JOIN petition_tallies t ON t.petition_id = p.id
         WHERE ${acceptingSignaturesSql("p", "?")} ORDER BY count DESC, p.slug`,
      )
      .bind(now.toISOString()),
  });
  return {
    countries: read.countries.results as GlobalTallyRows["countries"],
    petitions: read.petitions.results as GlobalTallyRows["petitions"],
  };
}

export interface PetitionCountryRow {
  country: string;
  count: number;
}

export async function petitionCountries(
  db: D1Database,
  petitionId: number,
  limit: number,
): Promise<PetitionCountryRow[]> {
  const { results } = await db
    .prepare(
      `SELECT country, count FROM petition_country_tallies WHERE petition_id = ? AND count > 0 ORDER BY count DESC, country LIMIT ?`,
    )
    .bind(petitionId, limit)
    .all<PetitionCountryRow>();
  return results;
}

export interface PeriodRow {
  /** Unix seconds at the start of the hour or day. */
  start: number;
  count: number;
}

/** Signatures per hour or per UTC day in [from, to), from the hourly tally. */
export async function petitionSeries(
  db: D1Database,
  petitionId: number,
  range: { from: number; to: number; bucketSeconds: 3600 | 86400 },
): Promise<PeriodRow[]> {
  const { results } = await db
    .prepare(
      // % rather than /: D1 binds numbers as REAL, and % truncates to integers where / would not.
      `SELECT hour - hour % ?4 AS start, sum(count) AS count FROM petition_hourly
       WHERE petition_id = ?1 AND hour >= ?2 AND hour < ?3 GROUP BY start ORDER BY start`,
    )
    .bind(petitionId, Math.floor(range.from / 1000), Math.floor(range.to / 1000), range.bucketSeconds)
    .all<PeriodRow>();
  return results;
}

/** Signatures before `before` (unix ms): the starting point of a cumulative series. */
export async function petitionCountBefore(db: D1Database, petitionId: number, before: number): Promise<number> {
  return (
    (await db
      .prepare(`SELECT coalesce(sum(count), 0) AS n FROM petition_hourly WHERE petition_id = ? AND hour < ?`)
      .bind(petitionId, Math.floor(before / 1000))
      .first<number>("n")) ?? 0
  );
}

export interface SnapshotRow {
  taken_at: number;
  count: number;
}

/** At most `limit` snapshots in [from, to) (unix ms), oldest first. */
export async function petitionSnapshots(
  db: D1Database,
  petitionId: number,
  from: number,
  to: number,
  limit = 2000,
): Promise<SnapshotRow[]> {
  const { results } = await db
    .prepare(
      `SELECT taken_at, count FROM tally_snapshots WHERE petition_id = ? AND taken_at >= ? AND taken_at < ? ORDER BY taken_at LIMIT ?`,
    )
    .bind(petitionId, from, to, limit)
    .all<SnapshotRow>();
  return results;
}

export interface MilestoneRow {
  threshold: number;
  reached_at: number;
  count: number;
}

export async function petitionMilestones(db: D1Database, petitionId: number): Promise<MilestoneRow[]> {
  const { results } = await db
    .prepare(`SELECT threshold, reached_at, count FROM milestones WHERE petition_id = ? ORDER BY threshold`)
    .bind(petitionId)
    .all<MilestoneRow>();
  return results;
}

export interface DailyFigures {
  slug: string;
  title: string;
  goal: number;
  signatures: number;
  total: number;
  /** The petition's top attributions so far (source tag and partner key), most first. */
  sources: { source: string | null; api_key_id: string | null; count: number }[];
  /** That day's signatures by the channel their link was shared on ("direct": not from a share). */
  channels: Record<string, number>;
  /** That day's shares that brought signatures, and the signatures they brought. */
  sharers: number;
  shared_signatures: number;
}

/** Attributions a daily report names per petition. */
const DAILY_SOURCES = 5;

/**
 * Each petition's signatures in [from, to) (unix ms), from the hourly tally, busiest first, with its top
 * sources and, for the UTC day `from` starts (a daily report's), its share figures.
 */
export async function dailyFigures(db: D1Database, from: number, to: number): Promise<DailyFigures[]> {
  const { results } = await db
    .prepare(
      `SELECT p.slug, p.title, p.goal, sum(h.count) AS signatures, coalesce(t.count, 0) AS total,
              (SELECT json_group_array(json_object('source', nullif(st.source, ''), 'api_key_id', nullif(st.api_key_id, ''), 'count', st.count))
               FROM (SELECT * FROM petition_source_tallies st WHERE st.petition_id = p.id AND st.count > 0
                     ORDER BY st.count DESC, st.api_key_id, st.source LIMIT ?3) st) AS sources,
              (SELECT json_group_object(CASE c.channel WHEN '' THEN 'direct' ELSE c.channel END, c.count)
               FROM petition_channel_daily c WHERE c.petition_id = p.id AND c.day = ?1 AND c.count > 0) AS channels,
              (SELECT count(*) FROM petition_referral_daily r
               WHERE r.petition_id = p.id AND r.day = ?1 AND r.referral_code != '' AND r.count > 0) AS sharers,
              (SELECT coalesce(sum(r.count), 0) FROM petition_referral_daily r
               WHERE r.petition_id = p.id AND r.day = ?1 AND r.referral_code != '') AS shared_signatures
       FROM petition_hourly h JOIN petitions p ON p.id = h.petition_id LEFT JOIN petition_tallies t ON t.petition_id = p.id
       WHERE h.hour >= ?1 AND h.hour < ?2 GROUP BY p.id HAVING sum(h.count) != 0 ORDER BY signatures DESC, p.slug`,
    )
    .bind(Math.floor(from / 1000), Math.floor(to / 1000), DAILY_SOURCES)
    .all<Omit<DailyFigures, "sources" | "channels"> & { sources: string; channels: string }>();
  return results.map((row) => ({
    ...row,
    sources: JSON.parse(row.sources) as DailyFigures["sources"],
    channels: JSON.parse(row.channels) as DailyFigures["channels"],
  }));
}
