-- What the operator's status (GET /v1/admin/status) reads that nothing recorded before; each is
-- written where its event happens, by a statement that was running there anyway or one small write.

-- When the minute's tally run last finished (counted and published), whether or not it found new
-- signatures: updated_at moves only when a run counts some.
ALTER TABLE tally_watermark ADD COLUMN ran_at INTEGER NOT NULL DEFAULT 0;

-- The recount's drift: tally rows found wrong (and repaired) so far by the recount under way, counted
-- by each repair transaction; copied with the time when the last transaction ends the recount.
ALTER TABLE recount ADD COLUMN drifted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE recount ADD COLUMN completed_at INTEGER;
ALTER TABLE recount ADD COLUMN completed_drifted INTEGER;

-- Emails sent and failed per UTC hour (unix seconds at its start), counted by the mailer after each
-- attempt; the nightly cron forgets them after 30 days, with the erasure and removal records.
CREATE TABLE email_outcomes (
  hour   INTEGER PRIMARY KEY,
  sent   INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0
);
