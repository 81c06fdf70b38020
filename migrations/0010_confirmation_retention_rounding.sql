-- Verified signatures, retention and rounded public counts: the petition settings, and signatures
-- waiting for their signer to confirm by email.
ALTER TABLE petitions ADD COLUMN confirmation TEXT NOT NULL DEFAULT 'none' CHECK (confirmation IN ('none', 'email'));
ALTER TABLE petitions ADD COLUMN privacy_url TEXT;                  -- https URL of the petition's privacy notice
ALTER TABLE petitions ADD COLUMN public_count_rounding INTEGER;     -- NULL: exact public counts; n: to the nearest n

-- A signature held until its signer confirms: the columns of `signatures` (personal fields sealed the
-- same way, bound to petition and dedupe key, so confirming moves them unchanged), plus when the
-- confirmation expires and how many emails were sent. Confirming moves the row into `signatures` in
-- one transaction, where it takes a fresh id above the tally's watermark.
CREATE TABLE pending_signatures (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: a confirmation link names it
  petition_id  INTEGER NOT NULL REFERENCES petitions (id),
  dedupe_key   TEXT    NOT NULL,
  key_id       TEXT    NOT NULL,
  email        TEXT    NOT NULL,
  name         TEXT,
  country      TEXT    NOT NULL,
  postcode     TEXT,
  consent      INTEGER NOT NULL DEFAULT 0,
  locale       TEXT,
  source       TEXT,
  network_hash TEXT    NOT NULL,
  created_at   INTEGER NOT NULL,   -- unix ms: when it was first signed
  expires_at   INTEGER NOT NULL,   -- unix ms: the latest link's expiry; purged after it
  sends        INTEGER NOT NULL,   -- confirmation emails sent since sends_since
  sends_since  INTEGER NOT NULL,   -- unix ms: start of the current 24-hour send window
  reminded_at  INTEGER,            -- unix ms of the one reminder
  UNIQUE (dedupe_key, petition_id)
);
CREATE INDEX pending_signatures_by_expiry ON pending_signatures (expires_at);
CREATE INDEX pending_signatures_to_remind ON pending_signatures (created_at) WHERE reminded_at IS NULL;

-- Retention: petitions whose signatures were anonymised (personal fields cleared, country and counts
-- kept). The walk that does it, one bounded id range per cron run, keeps its place in retention_walk.
CREATE TABLE anonymised_petitions (
  petition_id   INTEGER PRIMARY KEY REFERENCES petitions (id),
  anonymised_at TEXT    NOT NULL   -- ISO 8601
);
CREATE TABLE retention_walk (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  petitions TEXT    NOT NULL,   -- JSON array of the petition ids this walk anonymises
  after_id  INTEGER NOT NULL,   -- signatures up to this id are done
  upper_id  INTEGER NOT NULL    -- the newest signature when the walk began
);
