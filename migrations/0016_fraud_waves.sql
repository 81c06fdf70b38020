-- Fraud waves found for you (issue 17.3, docs/operations.md): what signing records of an email's domain,
-- the cron's per petition-hour counts by network, email domain and source, and the flags it raises.

-- The keyed hash (HASH_KEY) of the email's canonical domain, and the domain itself only when it is a
-- disposable-address service on the public list. NULL in rows signed before this migration.
ALTER TABLE signatures ADD COLUMN email_domain_hash TEXT;
ALTER TABLE signatures ADD COLUMN disposable_domain TEXT;
ALTER TABLE pending_signatures ADD COLUMN email_domain_hash TEXT;
ALTER TABLE pending_signatures ADD COLUMN disposable_domain TEXT;

-- Signatures per petition, UTC hour (unix seconds of its start) and slice: one network (its keyed hash),
-- one email domain (its keyed hash) or one source tag. Kept by the minute's cron like the tallies
-- (src/store/tally-tables.ts: added in the aggregation's transaction, taken out by removals), without a
-- recount shadow: they are detection inputs, not published counts, and are kept 7 days only.
-- first_at and last_at (unix ms) bound the slice's signatures within the hour (a removal leaves them as bounds).
CREATE TABLE petition_hour_slices (
  petition_id       INTEGER NOT NULL,
  dimension         TEXT    NOT NULL CHECK (dimension IN ('network', 'email_domain', 'source')),
  value             TEXT    NOT NULL,
  hour              INTEGER NOT NULL,
  count             INTEGER NOT NULL,
  first_at          INTEGER NOT NULL,
  last_at           INTEGER NOT NULL,
  disposable_domain TEXT,              -- the domain, for an email domain on the disposable list
  -- A slice's own recent hours in one range: its baseline. No index on hour: it would cost a write per
  -- new slice (about one per signature); the purge walks the key in bounded steps instead.
  PRIMARY KEY (petition_id, dimension, value, hour)
) WITHOUT ROWID;

-- How far detection has looked: signatures with id <= last_id have been judged. And where the minute's
-- purge of slices older than 7 days stands in its walk of the slices' key (JSON; NULL: at the start).
CREATE TABLE fraud_detection (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  last_id     INTEGER NOT NULL,
  purge_after TEXT
);
INSERT INTO fraud_detection (id, last_id) SELECT 1, last_id FROM tally_watermark WHERE id = 1;

-- One flag per petition, hour and slice: what was seen, how many signatures, when; never acted on
-- without the organiser. Purged 30 days after the hour, like finished removals.
CREATE TABLE fraud_flags (
  id                INTEGER PRIMARY KEY,
  petition_id       INTEGER NOT NULL REFERENCES petitions (id),
  hour              INTEGER NOT NULL,
  dimension         TEXT    NOT NULL,
  value             TEXT    NOT NULL,
  disposable_domain TEXT,
  count             INTEGER NOT NULL,   -- the slice's signatures in the hour
  hour_count        INTEGER NOT NULL,   -- all the petition's signatures in the hour
  usual_share       REAL    NOT NULL,   -- the slice's expected share of an hour, from the petition's previous 24
  first_at          INTEGER NOT NULL,   -- unix ms: the slice's first and last signature in the hour
  last_at           INTEGER NOT NULL,
  status            TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'voided')),
  flagged_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  announced_at      INTEGER,            -- when its fraud.suspected event was queued
  UNIQUE (petition_id, hour, dimension, value)
);
CREATE INDEX fraud_flags_to_announce ON fraud_flags (id) WHERE announced_at IS NULL;

-- The last 7 days of what the tally has counted, by network and source (earlier rows have no domain),
-- so detection has a baseline from the first run. Signatures brought by a partner key come from the
-- partner's servers: their network says nothing of the signers.
INSERT INTO petition_hour_slices (petition_id, dimension, value, hour, count, first_at, last_at)
SELECT petition_id, 'network', network_hash, (created_at / 3600000) * 3600, count(*), min(created_at), max(created_at)
FROM signatures
WHERE id <= (SELECT last_id FROM tally_watermark WHERE id = 1) AND created_at >= (unixepoch() - 7 * 86400) * 1000
  AND api_key_id IS NULL AND network_hash != ''
GROUP BY 1, 2, 3, 4;
INSERT INTO petition_hour_slices (petition_id, dimension, value, hour, count, first_at, last_at)
SELECT petition_id, 'source', source, (created_at / 3600000) * 3600, count(*), min(created_at), max(created_at)
FROM signatures
WHERE id <= (SELECT last_id FROM tally_watermark WHERE id = 1) AND created_at >= (unixepoch() - 7 * 86400) * 1000
  AND source IS NOT NULL AND source != ''
GROUP BY 1, 2, 3, 4;

-- The receivers REPORT_WEBHOOK_URLS configures hear of suspected fraud too, as new ones do.
UPDATE webhook_endpoints SET events = json_insert(events, '$[#]', 'fraud.suspected')
WHERE id LIKE 'cfg\_%' ESCAPE '\' AND NOT EXISTS (SELECT 1 FROM json_each(events) WHERE value = 'fraud.suspected');
