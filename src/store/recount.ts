/**
 * Every D1 statement of the nightly recount (migrations/0008): a shadow copy of the tallies, counted
 * afresh from the signatures in bounded id ranges, then compared with the live tallies a bounded key
 * range at a time. Each write is one short transaction and returns what it did by name.
 */
import { namedBatch, prepareNumbered, SqlParams } from "./d1";
import {
  addCountsSql,
  liveStamps,
  NO_STAMPS,
  TALLY_TABLE_NAMES,
  TALLY_TABLES,
  type TallyTable,
  type TallyTableName,
} from "./tally-tables";

export type RecountState = "idle" | "clearing" | "counting";

/** Where the repair stands: the next chunk compares `table` after the key `after` (null: from its start). */
export interface RepairPosition {
  table: TallyTableName;
  after: TallyKey | null;
}

export interface Recount {
  state: RecountState;
  /** The shadow counts the signatures with id <= cursor. */
  cursor: number;
  repair: RepairPosition;
}

export async function readRecount(db: D1Database): Promise<Recount> {
  const row = await db
    .prepare(`SELECT state, cursor, repair_table, repair_after FROM recount WHERE id = 1`)
    .first<{ state: RecountState; cursor: number; repair_table: TallyTableName | null; repair_after: string | null }>();
  if (!row) throw new Error("recount is missing its row: were the migrations applied?");
  return {
    state: row.state,
    cursor: row.cursor,
    repair: {
      table: row.repair_table ?? TALLY_TABLE_NAMES[0]!,
      after: row.repair_after === null ? null : (JSON.parse(row.repair_after) as TallyKey),
    },
  };
}

/** Starts a recount unless one is under way: its shadow is emptied first, its repair starts at the beginning. */
export async function startRecount(db: D1Database): Promise<void> {
  await db
    .prepare(
      `UPDATE recount SET state = 'clearing', cursor = 0, repair_table = NULL, repair_after = NULL, drifted = 0
       WHERE id = 1 AND state = 'idle'`,
    )
    .run();
}

const CLEARING = `EXISTS (SELECT 1 FROM recount WHERE id = 1 AND state = 'clearing')`;

/** Deletes up to `limit` rows of each shadow table; once all are empty the recount counts from id 0. */
export async function clearShadowChunk(db: D1Database, limit: number): Promise<{ state: RecountState }> {
  const tables = Object.values(TALLY_TABLES);
  const cleared = await namedBatch(db, {
    deletions: tables.map((table) => {
      const key = table.key.join(", ");
      return db
        .prepare(
          `DELETE FROM ${table.shadow} WHERE ${CLEARING} AND (${key}) IN (SELECT ${key} FROM ${table.shadow} LIMIT ?)`,
        )
        .bind(limit);
    }),
    startCounting: db.prepare(
      `UPDATE recount SET state = 'counting' WHERE id = 1 AND state = 'clearing'
       ${tables.map((table) => `AND NOT EXISTS (SELECT 1 FROM ${table.shadow})`).join(" ")}`,
    ),
    recount: db.prepare(`SELECT state FROM recount WHERE id = 1`),
  });
  return cleared.recount.results[0] as { state: RecountState };
}

/** Where a counting chunk ends: `span` ids on, but never past what the live tally has counted. */
const CHUNK_END = `min(?1 + ?2, (SELECT last_id FROM tally_watermark WHERE id = 1))`;
const AT_CURSOR = `EXISTS (SELECT 1 FROM recount WHERE id = 1 AND state = 'counting' AND cursor = ?1)`;

export interface RecountStep {
  /** False when the cursor was not where this step expected (a rival run moved it, or ended the recount). */
  advanced: boolean;
  cursor: number;
  /** The shadow has counted everything the live tally has: from now on aggregation keeps them in step. */
  caughtUp: boolean;
}

/** Counts the signatures after `cursor` (at most `span` ids) into the shadow, and moves the cursor. */
export async function recountChunk(db: D1Database, cursor: number, span: number): Promise<RecountStep> {
  const bind = (sql: string) => prepareNumbered(db, sql, [cursor, span]);
  const inChunk = `s.id > ?1 AND s.id <= ${CHUNK_END} AND ${AT_CURSOR}`;
  const tables = Object.values(TALLY_TABLES);
  const step = await namedBatch(db, {
    shadowCounts: tables.map((table) => bind(addCountsSql(table, table.shadow, inChunk, NO_STAMPS))),
    move: bind(`UPDATE recount SET cursor = ${CHUNK_END} WHERE id = 1 AND state = 'counting' AND cursor = ?1`),
    after: db.prepare(
      `SELECT r.state, r.cursor, w.last_id FROM recount r, tally_watermark w WHERE r.id = 1 AND w.id = 1`,
    ),
  });
  const now = step.after.results[0] as { state: RecountState; cursor: number; last_id: number };
  return {
    advanced: step.move.meta.changes === 1,
    cursor: now.cursor,
    caughtUp: now.state === "counting" && now.cursor === now.last_id,
  };
}

/** A tally table's primary key values, in key order. */
export type TallyKey = (number | string)[];

/** `(key columns of alias) > after AND <= upto`, the keys' values added to `params`. */
function keyRange(
  table: TallyTable,
  alias: string,
  range: { after: TallyKey | null; upto: TallyKey | null },
  params: SqlParams,
): string {
  const columns = `(${table.key.map((column) => `${alias}.${column}`).join(", ")})`;
  const conditions: string[] = [];
  for (const [operator, key] of [
    [">", range.after],
    ["<=", range.upto],
  ] as const) {
    if (key) conditions.push(`${columns} ${operator} (${key.map((value) => params.add(value)).join(", ")})`);
  }
  return conditions.join(" AND ") || "1";
}

/**
 * Where a repair chunk starting after `after` ends: the key `keys` rows on in the live or the shadow
 * table, whichever comes first (so the chunk holds at most that many rows of each); null when
 * neither has that many left.
 */
export async function repairChunkEnd(
  db: D1Database,
  name: TallyTableName,
  after: TallyKey | null,
  keys: number,
): Promise<TallyKey | null> {
  const table = TALLY_TABLES[name];
  const key = table.key.join(", ");
  const params = new SqlParams();
  const offset = params.add(keys);
  const nth = (source: string) =>
    `SELECT * FROM (SELECT ${key} FROM ${source} WHERE ${keyRange(table, source, { after, upto: null }, params)} ORDER BY ${key} LIMIT 1 OFFSET ${offset} - 1)`;
  const row = await db
    .prepare(`${nth(table.live)} UNION ALL ${nth(table.shadow)} ORDER BY ${key} LIMIT 1`)
    .bind(...params.values)
    .first<Record<string, number | string>>();
  return row ? table.key.map((column) => row[column]!) : null;
}

export interface DriftRow {
  /** What drifted: a petition's slug, a country code, a petition's slug and country or hour. */
  label: string;
  was: number;
  now: number;
}

/**
 * The shadow has counted exactly what the live tally has, so the two can be compared, and the repair
 * stands where this chunk starts: a rival run that moved it first makes this one change nothing.
 */
const repairStandsAt = (
  table: string,
  after: string,
) => `EXISTS (SELECT 1 FROM recount r JOIN tally_watermark w ON w.id = 1
                           WHERE r.id = 1 AND r.state = 'counting' AND r.cursor = w.last_id
                             AND coalesce(r.repair_table, '${TALLY_TABLE_NAMES[0]}') = ${table} AND r.repair_after IS ${after})`;

const keyJson = (key: TallyKey | null) => (key === null ? null : JSON.stringify(key));

/**
 * Compares one key range of a live tally with the shadow and sets every live count that differs to
 * the shadow's, and moves the repair to `next`, in one transaction; with no `next`, that transaction
 * also ends the recount. Returns the rows that had drifted; `applied` is false (and nothing changed)
 * when the shadow was not caught up or the repair stood elsewhere.
 */
export async function repairChunk(
  db: D1Database,
  range: { at: RepairPosition; upto: TallyKey | null; next: RepairPosition | null },
  now: number,
): Promise<{ applied: boolean; drift: DriftRow[] }> {
  const table = TALLY_TABLES[range.at.table];
  const key = table.key.join(", ");
  const keys = { after: range.at.after, upto: range.upto };
  const params = new SqlParams();
  const stampNow = params.add(now);
  const stamps = liveStamps(table, stampNow);
  const repairHere = repairStandsAt(params.add(range.at.table), params.add(keyJson(range.at.after)));
  const nextTable = params.add(range.next?.table ?? null);
  const nextAfter = params.add(keyJson(range.next?.after ?? null));
  const inLive = keyRange(table, table.live, keys, params);
  const inShadow = keyRange(table, "r", keys, params);
  const bind = (sql: string) => prepareNumbered(db, sql, params.values);
  const sameKey = (a: string, b: string) => table.key.map((column) => `${a}.${column} = ${b}.${column}`).join(" AND ");
  const drifted = `SELECT ${key}, was, now FROM (
            SELECT ${key}, count AS was,
                   coalesce((SELECT r.count FROM ${table.shadow} r WHERE ${sameKey("r", table.live)}), 0) AS now
            FROM ${table.live} WHERE ${inLive}
            UNION ALL
            SELECT ${key}, 0, count FROM ${table.shadow} r
            WHERE ${inShadow} AND NOT EXISTS (SELECT 1 FROM ${table.live} WHERE ${sameKey(table.live, "r")})
          ) WHERE was != now AND ${repairHere}`;
  const repair = await namedBatch(db, {
    seq: bind(`UPDATE tally_watermark SET seq = seq + 1 WHERE id = 1 AND ${repairHere}`),
    drift: bind(`SELECT ${table.label} AS label, was, now FROM (${drifted})`),
    // Counted before the repair below makes the rows agree: the status page shows the recount's drift.
    countDrift: bind(
      `UPDATE recount SET drifted = drifted + (SELECT count(*) FROM (${drifted})) WHERE id = 1 AND ${repairHere}`,
    ),
    fromShadow: bind(`INSERT INTO ${table.live} (${key}, count${stamps.columns.map((c) => `, ${c}`).join("")})
          SELECT ${key}, count${stamps.values.map((v) => `, ${v}`).join("")} FROM ${table.shadow} r WHERE ${inShadow} AND ${repairHere}
          ON CONFLICT (${key}) DO UPDATE SET count = excluded.count${stamps.columns.map((c) => `, ${c} = excluded.${c}`).join("")}
          WHERE ${table.live}.count != excluded.count`),
    missingFromShadow:
      bind(`UPDATE ${table.live} SET count = 0${stamps.columns.map((c, i) => `, ${c} = ${stamps.values[i]}`).join("")}
          WHERE ${inLive} AND count != 0 AND ${repairHere}
            AND NOT EXISTS (SELECT 1 FROM ${table.shadow} r WHERE ${sameKey("r", table.live)})`),
    move: bind(`UPDATE recount SET repair_table = ${nextTable}, repair_after = ${nextAfter}, state = iif(${nextTable} IS NULL, 'idle', state),
            completed_at = iif(${nextTable} IS NULL, ${stampNow}, completed_at),
            completed_drifted = iif(${nextTable} IS NULL, drifted, completed_drifted)
          WHERE id = 1 AND ${repairHere}`),
  });
  return { applied: repair.seq.meta.changes === 1, drift: repair.drift.results as DriftRow[] };
}
