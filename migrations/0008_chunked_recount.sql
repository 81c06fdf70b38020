-- The nightly reconciliation as a shadow recount, so that no transaction has to read every signature.
-- The recount_* tables mirror the tally tables; they count the signatures with id <= recount.cursor.
-- The recount advances that cursor in bounded id-range chunks up to the tally watermark; removals
-- subtract from them what they had counted, and once the cursor has caught up with the watermark the
-- minute's aggregation moves both together. Then the live tallies are compared with the shadow and
-- repaired, a bounded key range at a time.

-- One row. state: 'idle' (the shadow is stale and ignored), 'clearing' (emptied before a recount;
-- cursor 0), 'counting' (the shadow is exact for ids <= cursor).
CREATE TABLE recount (
  id     INTEGER PRIMARY KEY CHECK (id = 1),
  state  TEXT    NOT NULL CHECK (state IN ('idle', 'clearing', 'counting')),
  cursor INTEGER NOT NULL
);
INSERT INTO recount (id, state, cursor) VALUES (1, 'idle', 0);

CREATE TABLE recount_petition_tallies (
  petition_id INTEGER PRIMARY KEY,
  count       INTEGER NOT NULL
);

CREATE TABLE recount_petition_country_tallies (
  petition_id INTEGER NOT NULL,
  country     TEXT    NOT NULL,
  count       INTEGER NOT NULL,
  PRIMARY KEY (petition_id, country)
) WITHOUT ROWID;

CREATE TABLE recount_country_tallies (
  country TEXT    PRIMARY KEY,
  count   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE recount_petition_hourly (
  petition_id INTEGER NOT NULL,
  hour        INTEGER NOT NULL,
  count       INTEGER NOT NULL,
  PRIMARY KEY (petition_id, hour)
) WITHOUT ROWID;
