/**
 * Removals under way (migrations/0011): an erasure or invalidation records what it removes and how far
 * it has come, so the request does what fits in its D1 call budget and the cron continues the rest.
 */
import { personSelection, type SignatureSelection, type WaveSelection, waveSelection } from "./tallies";

/** What a removal takes: one person's signatures (by dedupe key), or a fraud wave on one petition. */
export type RemovalCriteria = { person: string } | { wave: WaveSelection & { petitionId: number } };

export interface Removal {
  id: number;
  criteria: RemovalCriteria;
  /** The newest signature id when it started: it removes none above. */
  upto: number;
  /** Every selected signature with id <= after is removed. */
  after: number;
  removed: number;
  createdAt: number;
  completedAt: number | null;
}

interface RemovalRow {
  id: number;
  criteria: string;
  upto: number;
  after: number;
  removed: number;
  created_at: number;
  completed_at: number | null;
}

const COLUMNS = `id, criteria, upto, after, removed, created_at, completed_at`;

function removalOf(row: RemovalRow): Removal {
  return {
    id: row.id,
    criteria: JSON.parse(row.criteria) as RemovalCriteria,
    upto: row.upto,
    after: row.after,
    removed: row.removed,
    createdAt: row.created_at,
    completedAt: row.completed_at,
  };
}

export function selectionOf(criteria: RemovalCriteria): SignatureSelection {
  return "person" in criteria
    ? personSelection(criteria.person)
    : waveSelection(criteria.wave.petitionId, criteria.wave);
}

/**
 * Records a removal of the selected signatures stored so far. Run in the same batch after anything
 * that must precede it (an erasure's record), so every signature it misses came after both.
 */
export function insertRemoval(db: D1Database, criteria: RemovalCriteria, now: number): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO removals (criteria, upto, created_at)
       VALUES (?1, (SELECT coalesce(max(id), 0) FROM signatures), ?2) RETURNING ${COLUMNS}`,
    )
    .bind(JSON.stringify(criteria), now);
}

export function removalFromResult(result: D1Result): Removal {
  return removalOf(result.results[0] as RemovalRow);
}

export async function findRemoval(db: D1Database, id: number): Promise<Removal | null> {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM removals WHERE id = ?`).bind(id).first<RemovalRow>();
  return row ? removalOf(row) : null;
}

/** The oldest removals still under way, first come first continued. */
export async function pendingRemovals(db: D1Database, limit: number): Promise<Removal[]> {
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM removals WHERE completed_at IS NULL ORDER BY id LIMIT ?`)
    .bind(limit)
    .all<RemovalRow>();
  return results.map(removalOf);
}

/**
 * A removal chunk's progress, for the chunk's own transaction (before its deletion): the rows with
 * these ids still there are counted as removed, and the removal has come to `after`. Never moves
 * back, so two runners on one removal (a request and the cron) cannot undo each other's progress.
 */
export function removalChunkProgress(db: D1Database, id: number, ids: number[], after: number): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE removals SET after = max(after, ?3),
         removed = removed + (SELECT count(*) FROM signatures WHERE id IN (SELECT value FROM json_each(?2)))
       WHERE id = ?1`,
    )
    .bind(id, JSON.stringify(ids), after);
}

/** Where a run stopped (scans that found nothing move it too), and whether the removal is done. */
export async function saveRemovalProgress(db: D1Database, id: number, after: number, now: number): Promise<Removal> {
  const row = await db
    .prepare(
      `UPDATE removals SET after = max(after, ?2),
         completed_at = coalesce(completed_at, iif(max(after, ?2) >= upto, ?3, NULL))
       WHERE id = ?1 RETURNING ${COLUMNS}`,
    )
    .bind(id, after, now)
    .first<RemovalRow>();
  if (!row) throw new Error(`removal ${id} is missing`);
  return removalOf(row);
}

/** Forgets finished removals older than `before`: their criteria name a person's or a network's keyed hash. */
export function purgeRemovals(db: D1Database, before: number): Promise<D1Result> {
  return db.prepare(`DELETE FROM removals WHERE completed_at < ?`).bind(before).run();
}
