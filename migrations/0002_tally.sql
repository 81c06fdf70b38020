-- The tally: counts the cron aggregates from signatures, so the edge never counts signatures itself.

-- One row: the highest signatures.id already counted, advanced in the same batch as the counts.
-- run_id is the token of the run that advanced it last: a run's count statements apply only while
-- the watermark carries its token, so an overlapping run that lost the race adds nothing.
-- seq numbers every transaction that changes tallies, in commit order; tallies changed at a seq above
-- published_seq still have to be published to KV.
CREATE TABLE tally_watermark (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  last_id       INTEGER NOT NULL,
  run_id        TEXT    NOT NULL,
  updated_at    INTEGER NOT NULL,
  seq           INTEGER NOT NULL,
  published_seq INTEGER NOT NULL
);
INSERT INTO tally_watermark (id, last_id, run_id, updated_at, seq, published_seq) VALUES (1, 0, '', 0, 0, 0);

CREATE TABLE petition_tallies (
  petition_id INTEGER PRIMARY KEY REFERENCES petitions (id),
  count       INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,  -- unix ms of the run that last changed it
  seq         INTEGER NOT NULL   -- tally_watermark.seq of that change
);
CREATE INDEX petition_tallies_by_seq ON petition_tallies (seq);

CREATE TABLE petition_country_tallies (
  petition_id INTEGER NOT NULL REFERENCES petitions (id),
  country     TEXT    NOT NULL,
  count       INTEGER NOT NULL,
  PRIMARY KEY (petition_id, country)
) WITHOUT ROWID;

-- Across all petitions; the global total is the sum of these (at most ~250 rows).
CREATE TABLE country_tallies (
  country TEXT    PRIMARY KEY,
  count   INTEGER NOT NULL
) WITHOUT ROWID;

-- Signatures per petition per UTC hour: reports read this, never the signatures table.
CREATE TABLE petition_hourly (
  petition_id INTEGER NOT NULL REFERENCES petitions (id),
  hour        INTEGER NOT NULL,  -- unix seconds at the start of the hour
  count       INTEGER NOT NULL,
  PRIMARY KEY (petition_id, hour)
) WITHOUT ROWID;

-- A petition's count after each run that changed it: the time series behind charts.
CREATE TABLE tally_snapshots (
  petition_id INTEGER NOT NULL REFERENCES petitions (id),
  taken_at    INTEGER NOT NULL,  -- unix ms
  count       INTEGER NOT NULL,
  PRIMARY KEY (petition_id, taken_at)
) WITHOUT ROWID;

-- Thresholds crossed; the primary key makes each milestone happen once.
CREATE TABLE milestones (
  petition_id INTEGER NOT NULL REFERENCES petitions (id),
  threshold   INTEGER NOT NULL,
  reached_at  INTEGER NOT NULL,  -- unix ms
  count       INTEGER NOT NULL,  -- the count when it was noticed
  notified_at INTEGER,           -- when its webhook deliveries were queued
  PRIMARY KEY (petition_id, threshold)
) WITHOUT ROWID;

-- Webhook deliveries waiting or done: milestone events and daily reports, one row per receiver.
-- Delivered (and retried) by the minute's cron runs. A receiver is named by a hash of its URL: the
-- URLs (Slack's, say) are secrets that live in REPORT_WEBHOOK_URLS only.
CREATE TABLE webhook_outbox (
  id           INTEGER PRIMARY KEY,
  receiver     TEXT    NOT NULL,   -- hex SHA-256 of the receiver's URL
  event_id     TEXT    NOT NULL,   -- stable across retries, so receivers can drop duplicates
  payload      TEXT    NOT NULL,   -- the JSON body, as signed
  attempts     INTEGER NOT NULL DEFAULT 0,
  created_at   INTEGER NOT NULL,
  delivered_at INTEGER,
  last_error   TEXT,
  UNIQUE (event_id, receiver)
);
CREATE INDEX webhook_outbox_pending ON webhook_outbox (id) WHERE delivered_at IS NULL;
