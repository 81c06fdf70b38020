-- Bulk steps that span invocations (D1 allows 1,000 queries per Worker invocation): where a recount's
-- repair stands, and the removals (erasures, invalidations) still under way.

-- The tally table (TALLY_TABLES' name) the repair has reached, NULL for the first; the JSON key it has
-- compared up to in that table, NULL for the table's start. Both are moved by each repair transaction.
ALTER TABLE recount ADD COLUMN repair_table TEXT;
ALTER TABLE recount ADD COLUMN repair_after TEXT;

-- One row per erasure or invalidation: what it removes (JSON criteria), the newest signature id when it
-- started (it removes none above), and how far it has come (every selected id <= after is gone).
CREATE TABLE removals (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  criteria     TEXT    NOT NULL,
  upto         INTEGER NOT NULL,
  after        INTEGER NOT NULL DEFAULT 0,
  removed      INTEGER NOT NULL DEFAULT 0,
  created_at   INTEGER NOT NULL,
  completed_at INTEGER
);
CREATE INDEX removals_pending ON removals (id) WHERE completed_at IS NULL;
