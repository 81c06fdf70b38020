import { acceptingSignaturesSql } from "./accepting-signatures";
import { prepareNumbered } from "./d1";

/**
 * Every D1 statement about the tally tables. The aggregation, erasure and reconciliation each run as
 * one D1 batch, i.e. one transaction: counts and the watermark move together or not at all.
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

/** The newest signature id: one step down the rowid b-tree, whatever the table's size. */
export async function newestSignatureId(db: D1Database): Promise<number> {
  return (await db.prepare(`SELECT max(id) AS id FROM signatures`).first<number>("id")) ?? 0;
}

/** The UTC hour (unix seconds at its start) of a signature's created_at (unix ms): petition_hourly's key. */
const HOUR_OF = (createdAt: string) => `(${createdAt} / 3600000) * 3600`;

/** This run's token still on the watermark (false once a rival run moved it). */
const RUN_HOLDS_CLAIM = `EXISTS (SELECT 1 FROM tally_watermark w WHERE w.id = 1 AND w.run_id = ?3)`;
/** Rows in the range, while the run holds its claim. */
const IN_RUN = `s.id > ?1 AND s.id <= ?2 AND ${RUN_HOLDS_CLAIM}`;
/** The seq of the transaction running now (each one that changes tallies bumps it first). */
const CURRENT_SEQ = `(SELECT seq FROM tally_watermark WHERE id = 1)`;

/**
 * The statements of one aggregation run, in order: claim the range by moving the watermark from
 * lastId (compare-and-set), add the range's signatures to every tally, then snapshot and record
 * milestones for the petitions it touched. Reads only the rows in the range.
 */
export function aggregationStatements(db: D1Database, range: TallyRange): D1PreparedStatement[] {
  const values = [range.lastId, range.upperId, range.runId, range.now, JSON.stringify(range.thresholds)];
  const bind = (sql: string) => prepareNumbered(db, sql, values);
  return [
    bind(
      `UPDATE tally_watermark SET last_id = ?2, run_id = ?3, updated_at = ?4, seq = seq + 1 WHERE id = 1 AND last_id = ?1`,
    ),
    bind(`INSERT INTO petition_tallies (petition_id, count, updated_at, seq)
          SELECT s.petition_id, count(*), ?4, ${CURRENT_SEQ} FROM signatures s WHERE ${IN_RUN} GROUP BY s.petition_id
          ON CONFLICT (petition_id) DO UPDATE
          SET count = petition_tallies.count + excluded.count, updated_at = excluded.updated_at, seq = excluded.seq`),
    bind(`INSERT INTO petition_country_tallies (petition_id, country, count)
          SELECT s.petition_id, s.country, count(*) FROM signatures s WHERE ${IN_RUN} GROUP BY s.petition_id, s.country
          ON CONFLICT (petition_id, country) DO UPDATE SET count = petition_country_tallies.count + excluded.count`),
    bind(`INSERT INTO country_tallies (country, count)
          SELECT s.country, count(*) FROM signatures s WHERE ${IN_RUN} GROUP BY s.country
          ON CONFLICT (country) DO UPDATE SET count = country_tallies.count + excluded.count`),
    bind(`INSERT INTO petition_hourly (petition_id, hour, count)
          SELECT s.petition_id, ${HOUR_OF("s.created_at")} AS hour, count(*) FROM signatures s WHERE ${IN_RUN}
          GROUP BY s.petition_id, hour
          ON CONFLICT (petition_id, hour) DO UPDATE SET count = petition_hourly.count + excluded.count`),
    bind(`INSERT INTO tally_snapshots (petition_id, taken_at, count)
          SELECT t.petition_id, ?4, t.count FROM petition_tallies t
          WHERE t.seq = ${CURRENT_SEQ} AND ${RUN_HOLDS_CLAIM}
          ON CONFLICT DO NOTHING`),
    bind(`WITH touched AS (
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
  ];
}

/**
 * Which signatures a removal takes: a condition over `signatures` whose parameters are numbered from
 * ?2 on (?1 is the removal's time).
 */
export interface SignatureSelection {
  where: string;
  values: unknown[];
}

/** Every signature of one person, on every petition. */
export function personSelection(dedupeKey: string): SignatureSelection {
  return { where: "dedupe_key = ?2", values: [dedupeKey] };
}

/** A petition's signatures matching every criterion given (absent criteria match all). */
export function waveSelection(
  petitionId: number,
  criteria: { networkHash?: string; from?: number; to?: number; source?: string },
): SignatureSelection {
  return {
    where: `petition_id = ?2 AND (?3 IS NULL OR network_hash = ?3) AND (?4 IS NULL OR created_at >= ?4)
            AND (?5 IS NULL OR created_at < ?5) AND (?6 IS NULL OR source = ?6)`,
    values: [
      petitionId,
      criteria.networkHash ?? null,
      criteria.from ?? null,
      criteria.to ?? null,
      criteria.source ?? null,
    ],
  };
}

/**
 * Removal of the selected signatures (erasure on request, invalidation of a fraud wave) as one
 * transaction: what the tally already counted of them (id at or below the watermark) is subtracted,
 * then the rows go. The last statement returns one row per signature removed.
 */
export function removalStatements(db: D1Database, selection: SignatureSelection, now: number): D1PreparedStatement[] {
  const counted = (columns: string, groupBy = columns) =>
    `SELECT ${columns}, count(*) AS n FROM signatures
     WHERE ${selection.where} AND id <= (SELECT last_id FROM tally_watermark WHERE id = 1)
     GROUP BY ${groupBy}`;
  const bind = (sql: string) => prepareNumbered(db, sql, [now, ...selection.values]);
  return [
    bind(`UPDATE tally_watermark SET seq = seq + 1 WHERE id = 1`),
    bind(`UPDATE petition_tallies SET count = petition_tallies.count - e.n, updated_at = ?1, seq = ${CURRENT_SEQ}
          FROM (${counted("petition_id")}) e WHERE petition_tallies.petition_id = e.petition_id`),
    bind(`UPDATE petition_country_tallies SET count = petition_country_tallies.count - e.n
          FROM (${counted("petition_id, country")}) e
          WHERE petition_country_tallies.petition_id = e.petition_id AND petition_country_tallies.country = e.country`),
    bind(`UPDATE country_tallies SET count = country_tallies.count - e.n
          FROM (${counted("country")}) e WHERE country_tallies.country = e.country`),
    bind(`UPDATE petition_hourly SET count = petition_hourly.count - e.n
          FROM (${counted(`petition_id, ${HOUR_OF("created_at")} AS hour`, "petition_id, hour")}) e
          WHERE petition_hourly.petition_id = e.petition_id AND petition_hourly.hour = e.hour`),
    bind(`DELETE FROM signatures WHERE ${selection.where} RETURNING petition_id`),
  ];
}

/** One row of the before/after reads around a reconciliation: a petition's or a country's count. */
export interface TallyFigure {
  key: string;
  count: number;
}

/** Where each figure sits in the reconciliation batch's results. */
export const RECONCILIATION_READS = {
  petitionsBefore: 0,
  countriesBefore: 1,
  petitionsAfter: -2,
  countriesAfter: -1,
} as const;

/**
 * Reconciliation as one transaction: every tally rebuilt exactly from the signatures the watermark
 * covers. Around the rebuild it reads petition and country figures (RECONCILIATION_READS), for the drift log.
 */
export function reconciliationStatements(db: D1Database, now: number): D1PreparedStatement[] {
  const counted = `FROM signatures WHERE id <= (SELECT last_id FROM tally_watermark WHERE id = 1)`;
  const bind = (sql: string) => prepareNumbered(db, sql, [now]);
  const readFigures = [
    bind(`SELECT p.slug AS key, t.count FROM petition_tallies t JOIN petitions p ON p.id = t.petition_id`),
    bind(`SELECT country AS key, count FROM country_tallies`),
  ];
  return [
    ...readFigures,
    bind(`UPDATE tally_watermark SET seq = seq + 1 WHERE id = 1`),
    bind(`UPDATE petition_tallies SET count = 0, updated_at = ?1, seq = ${CURRENT_SEQ}
          WHERE count != 0 AND petition_id NOT IN (SELECT petition_id ${counted})`),
    bind(`INSERT INTO petition_tallies (petition_id, count, updated_at, seq)
          SELECT petition_id, count(*), ?1, ${CURRENT_SEQ} ${counted} GROUP BY petition_id
          ON CONFLICT (petition_id) DO UPDATE SET count = excluded.count, updated_at = excluded.updated_at, seq = excluded.seq
          WHERE petition_tallies.count != excluded.count`),
    bind(`DELETE FROM petition_country_tallies`),
    bind(`INSERT INTO petition_country_tallies (petition_id, country, count)
          SELECT petition_id, country, count(*) ${counted} GROUP BY petition_id, country`),
    bind(`DELETE FROM country_tallies`),
    bind(`INSERT INTO country_tallies (country, count) SELECT country, count(*) ${counted} GROUP BY country`),
    bind(`DELETE FROM petition_hourly`),
    bind(`INSERT INTO petition_hourly (petition_id, hour, count)
          SELECT petition_id, ${HOUR_OF("created_at")} AS hour, count(*) ${counted} GROUP BY petition_id, hour`),
    ...readFigures,
  ];
}

export interface ChangedTally {
  slug: string;
  goal: number;
  count: number;
  updated_at: number;
  seq: number;
}

/** Petition tallies changed after `seq`, i.e. not yet published to KV. */
export async function tallyChangesAfter(db: D1Database, seq: number): Promise<ChangedTally[]> {
  const { results } = await db
    .prepare(
      `SELECT p.slug, p.goal, t.count, t.updated_at, t.seq FROM petition_tallies t JOIN petitions p ON p.id = t.petition_id
       WHERE t.seq > ? ORDER BY t.seq`,
    )
    .bind(seq)
    .all<ChangedTally>();
  return results;
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
  petitions: { slug: string; count: number }[];
}

/** The whole tally, from the tally tables only: ~250 country rows and one row per open petition. */
export async function readGlobalTallyRows(db: D1Database, now: Date): Promise<GlobalTallyRows> {
  const [countries, petitions] = await db.batch<{ country: string; slug: string; count: number }>([
    db.prepare(`SELECT country, count FROM country_tallies WHERE count > 0 ORDER BY count DESC, country`),
    db
      .prepare(
        `SELECT p.slug, coalesce(t.count, 0) AS count FROM petitions p LEFT JOIN petition_tallies t ON t.petition_id = p.id
         WHERE ${acceptingSignaturesSql("p", "?")} ORDER BY count DESC, p.slug`,
      )
      .bind(now.toISOString()),
  ]);
  return { countries: countries!.results, petitions: petitions!.results };
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
}

/** Each petition's signatures in [from, to) (unix ms), from the hourly tally, busiest first. */
export async function dailyFigures(db: D1Database, from: number, to: number): Promise<DailyFigures[]> {
  const { results } = await db
    .prepare(
      `SELECT p.slug, p.title, p.goal, sum(h.count) AS signatures, coalesce(t.count, 0) AS total
       FROM petition_hourly h JOIN petitions p ON p.id = h.petition_id LEFT JOIN petition_tallies t ON t.petition_id = p.id
       WHERE h.hour >= ? AND h.hour < ? GROUP BY p.id HAVING sum(h.count) != 0 ORDER BY signatures DESC, p.slug`,
    )
    .bind(Math.floor(from / 1000), Math.floor(to / 1000))
    .all<DailyFigures>();
  return results;
}
