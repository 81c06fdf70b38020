-- The tally: counts the cron aggregates from signatures, so the edge never counts signatures itself.

-- One row: the highest signatures.id already counted. Advanced in the same batch as the counts.
CREATE TABLE tally_watermark (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  last_id   INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
INSERT INTO tally_watermark (id, last_id, updated_at) VALUES (1, 0, 0);

CREATE TABLE petition_tallies (
  petition_id INTEGER PRIMARY KEY REFERENCES petitions (id),
  count       INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL   -- unix ms of the run that last changed it
);

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
  PRIMARY KEY (petition_id, threshold)
) WITHOUT ROWID;
