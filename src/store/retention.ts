/**
 * Every D1 statement of retention: closed petitions past their retention have their signatures
 * anonymised (personal fields cleared, dedupe key replaced, country, hour and counts kept, so tallies
 * are unchanged), walking the signatures by id one bounded range per run, without an index on petition.
 */
import { prepareNumbered } from "./d1";

/** What an anonymised signature holds instead of an email (the column is NOT NULL; no address is empty). */
export const ANONYMISED_EMAIL = "";

export interface RetentionWalk {
  petitions: number[];
  after_id: number;
  upper_id: number;
}

export async function readRetentionWalk(db: D1Database): Promise<RetentionWalk | null> {
  const row = await db
    .prepare(`SELECT petitions, after_id, upper_id FROM retention_walk WHERE id = 1`)
    .first<{ petitions: string; after_id: number; upper_id: number }>();
  return row ? { ...row, petitions: JSON.parse(row.petitions) } : null;
}

/**
 * Starts a walk over petitions closed before `closedBefore` (ISO) and not yet anonymised, up to the
 * newest signature now; nothing when there are none. Returns the walk.
 */
export async function startRetentionWalk(db: D1Database, closedBefore: string): Promise<RetentionWalk | null> {
  const row = await db
    .prepare(
      `INSERT INTO retention_walk (id, petitions, after_id, upper_id)
       SELECT 1, json_group_array(p.id), 0, (SELECT coalesce(max(id), 0) FROM signatures)
       FROM petitions p
       WHERE p.status != 'draft' AND p.closes_at <= ?1
         AND NOT EXISTS (SELECT 1 FROM anonymised_petitions a WHERE a.petition_id = p.id)
       HAVING count(*) > 0
       ON CONFLICT (id) DO NOTHING
       RETURNING petitions, after_id, upper_id`,
    )
    .bind(closedBefore)
    .first<{ petitions: string; after_id: number; upper_id: number }>();
  return row ? { ...row, petitions: JSON.parse(row.petitions) } : null;
}

/**
 * One step of the walk in one transaction: anonymises the walk's petitions' signatures with ids in
 * (after, to], deletes their held signatures, and moves the walk on; at its end, marks the petitions
 * anonymised and closes the walk. Returns how many signatures were anonymised.
 */
export async function anonymiseStep(db: D1Database, walk: RetentionWalk, to: number, now: Date): Promise<number> {
  const values = [JSON.stringify(walk.petitions), walk.after_id, to, now.toISOString(), ANONYMISED_EMAIL];
  const bind = (sql: string) => prepareNumbered(db, sql, values);
  const statements = [
    bind(`UPDATE signatures
          SET email = ?5, name = NULL, postcode = NULL, key_id = NULL, network_hash = '', email_domain_hash = NULL, disposable_domain = NULL, dedupe_key = 'anonymised:' || id
          WHERE id > ?2 AND id <= ?3 AND petition_id IN (SELECT value FROM json_each(?1)) AND email != ?5`),
    bind(`DELETE FROM pending_signatures WHERE petition_id IN (SELECT value FROM json_each(?1))`),
    ...(to >= walk.upper_id
      ? [
          bind(
            `INSERT OR IGNORE INTO anonymised_petitions (petition_id, anonymised_at) SELECT value, ?4 FROM json_each(?1)`,
          ),
          bind(`DELETE FROM retention_walk WHERE id = 1 AND after_id = ?2`),
          // The fraud-wave slices by network and email domain counted the hashes just cleared.
          bind(`DELETE FROM petition_hour_slices
                WHERE petition_id IN (SELECT value FROM json_each(?1)) AND dimension IN ('network', 'email_domain')`),
        ]
      : [bind(`UPDATE retention_walk SET after_id = ?3 WHERE id = 1 AND after_id = ?2`)]),
  ];
  const [anonymised] = await db.batch(statements);
  return anonymised?.meta.changes ?? 0;
}
