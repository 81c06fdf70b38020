-- Queued writes: a signature may be stored minutes after the edge accepted it, so whether its
-- petition took signatures is decided at the time it was accepted (signatures.created_at), not at
-- the time the row is written.

-- Closing a petition records when (closes_at), so "open at the time it was accepted" can be answered
-- later. Petitions closed before this migration are taken as closed since their last update.
UPDATE petitions SET closes_at = updated_at
WHERE status = 'closed' AND (closes_at IS NULL OR closes_at > updated_at);

-- The rule, as src/store/accepting-signatures.ts states it (a test checks the two agree): not a
-- draft, and either before closes_at or open with no closing time.
DROP TRIGGER signatures_only_while_open;
CREATE TRIGGER signatures_only_while_open
BEFORE INSERT ON signatures
WHEN NOT EXISTS (
  SELECT 1 FROM petitions p
  WHERE p.id = NEW.petition_id
    AND p.status != 'draft'
    AND (p.closes_at > strftime('%Y-%m-%dT%H:%M:%fZ', NEW.created_at / 1000.0, 'unixepoch')
         OR (p.closes_at IS NULL AND p.status = 'open'))
)
BEGIN
  SELECT RAISE(ABORT, 'petition-closed');
END;

-- People erased on request, by dedupe key (a keyed hash, never the address), so that a signature
-- they made before the erasure and still waiting in the queue is not stored afterwards. Kept while
-- such a message can still arrive (REMOVAL_RECORDS_KEPT_DAYS in functions/cron.ts), then purged nightly.
CREATE TABLE erasures (
  dedupe_key TEXT    PRIMARY KEY,
  erased_at  INTEGER NOT NULL   -- unix ms of the latest erasure
) WITHOUT ROWID;
