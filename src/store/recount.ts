/**
 * Every D1 statement of the nightly recount (migrations/0008): a shadow copy of the tallies, counted
 * afresh from the signatures in bounded id ranges, then compared with the live tallies a bounded key
 * range at a time. Each write is one short transaction and returns what it did by name.
 */
import { namedBatch, prepareNumbered } from "./d1";
import {
  addCountsSql,
  liveStamps,
  NO_STAMPS,
  TALLY_TABLES,
  type TallyTable,
  type TallyTableName,
} from "./tally-tables";

export type RecountState = "idle" | "clearing" | "counting";

export interface Recount {
  state: RecountState;
  /** The shadow counts the signatures with id <= cursor. */
  cursor: number;
}

export async function readRecount(db: D1Database): Promise<Recount> {
  const row = await db.prepare(`SELECT state, cursor FROM recount WHERE id = 1`).first<Recount>();
  if (!row) throw new Error("recount is missing its row: were the migrations applied?");
  return row;
}

/** Starts a recount unless one is under way: its shadow is emptied first. */
export async function startRecount(db: D1Database): Promise<void> {
  await db.prepare(`UPDATE recount SET state = 'clearing', cursor = 0 WHERE id = 1 AND state = 'idle'`).run();
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

/** Ends the recount: aggregation and removals stop keeping the shadow. */
export async function finishRecount(db: D1Database): Promise<void> {
  await db.prepare(`UPDATE recount SET state = 'idle' WHERE id = 1 AND state = 'counting'`).run();
}

/** A tally table's primary key values, in key order. */
export type TallyKey = (number | string)[];

/** `(key columns of alias) > after AND <= upto`, with parameters numbered from `first` on. */
function keyRange(
  table: TallyTable,
  alias: string,
  range: { after: TallyKey | null; upto: TallyKey | null },
  first: number,
): { sql: string; values: TallyKey } {
  const columns = `(${table.key.map((column) => `${alias}.${column}`).join(", ")})`;
  const conditions: string[] = [];
  const values: TallyKey = [];
  for (const [operator, key] of [
    [">", range.after],
    ["<=", range.upto],
  ] as const) {
    if (!key) continue;
    conditions.push(`${columns} ${operator} (${key.map((_, i) => `?${first + values.length + i}`).join(", ")})`);
    values.push(...key);
  }
  return { sql: conditions.join(" AND ") || "1", values };
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
  const nth = (source: string) => {
    const range = keyRange(table, source, { after, upto: null }, 2);
    return {
      sql: `SELECT * FROM (SELECT ${key} FROM ${source} WHERE ${range.sql} ORDER BY ${key} LIMIT 1 OFFSET ?1 - 1)`,
      values: range.values,
    };
  };
  const live = nth(table.live);
  const row = await prepareNumbered(db, `${live.sql} UNION ALL ${nth(table.shadow).sql} ORDER BY ${key} LIMIT 1`, [
    keys,
    ...live.values,
  ]).first<Record<string, number | string>>();
  return row ? table.key.map((column) => row[column]!) : null;
}

export interface DriftRow {
  /** What drifted: a petition's slug, a country code, a petition's slug and country or hour. */
  label: string;
  was: number;
  now: number;
}

/** The shadow has counted exactly what the live tally has, so the two can be compared. */
const CAUGHT_UP = `EXISTS (SELECT 1 FROM recount r JOIN tally_watermark w ON w.id = 1
                           WHERE r.id = 1 AND r.state = 'counting' AND r.cursor = w.last_id)`;

/**
 * Compares one key range of a live tally with the shadow and sets every live count that differs to
 * the shadow's, in one transaction. Returns the rows that had drifted; `applied` is false (and nothing
 * changed) when the shadow was not caught up.
 */
export async function repairChunk(
  db: D1Database,
  name: TallyTableName,
  range: { after: TallyKey | null; upto: TallyKey | null },
  now: number,
): Promise<{ applied: boolean; drift: DriftRow[] }> {
  const table = TALLY_TABLES[name];
  const key = table.key.join(", ");
  const inLive = keyRange(table, table.live, range, 2);
  const inShadow = keyRange(table, "r", range, 2).sql;
  const bind = (sql: string) => prepareNumbered(db, sql, [now, ...inLive.values]);
  const sameKey = (a: string, b: string) => table.key.map((column) => `${a}.${column} = ${b}.${column}`).join(" AND ");
  const stamps = liveStamps(table, "?1");
  const repair = await namedBatch(db, {
    seq: bind(`UPDATE tally_watermark SET seq = seq + 1 WHERE id = 1 AND ${CAUGHT_UP}`),
    drift: bind(`SELECT ${table.label} AS label, was, now FROM (
            SELECT ${key}, count AS was,
                   coalesce((SELECT r.count FROM ${table.shadow} r WHERE ${sameKey("r", table.live)}), 0) AS now
            FROM ${table.live} WHERE ${inLive.sql}
            UNION ALL
            SELECT ${key}, 0, count FROM ${table.shadow} r
            WHERE ${inShadow} AND NOT EXISTS (SELECT 1 FROM ${table.live} WHERE ${sameKey(table.live, "r")})
          ) WHERE was != now AND ${CAUGHT_UP}`),
    fromShadow: bind(`INSERT INTO ${table.live} (${key}, count${stamps.columns.map((c) => `, ${c}`).join("")})
          SELECT ${key}, count${stamps.values.map((v) => `, ${v}`).join("")} FROM ${table.shadow} r WHERE ${inShadow} AND ${CAUGHT_UP}
          ON CONFLICT (${key}) DO UPDATE SET count = excluded.count${stamps.columns.map((c) => `, ${c} = excluded.${c}`).join("")}
          WHERE ${table.live}.count != excluded.count`),
    missingFromShadow:
      bind(`UPDATE ${table.live} SET count = 0${stamps.columns.map((c, i) => `, ${c} = ${stamps.values[i]}`).join("")}
          WHERE ${inLive.sql} AND count != 0 AND ${CAUGHT_UP}
            AND NOT EXISTS (SELECT 1 FROM ${table.shadow} r WHERE ${sameKey("r", table.live)})`),
  });
  return { applied: repair.seq.meta.changes === 1, drift: repair.drift.results as DriftRow[] };
}
