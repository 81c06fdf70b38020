-- Partner API keys: partner organisations forward signatures server to server, each under its own
-- key, limits and attribution. The secret itself is never stored: only its keyed hash (HASH_KEY).
CREATE TABLE api_keys (
  id                    TEXT    PRIMARY KEY,        -- "key_…": public, names the key in lists and attribution
  name                  TEXT    NOT NULL,
  secret_hash           TEXT    NOT NULL UNIQUE,    -- HMAC-SHA-256 of the secret under HASH_KEY
  petitions             TEXT,                       -- JSON array of slugs; NULL: every petition
  scopes                TEXT    NOT NULL,           -- JSON array: signatures:write, signatures:read
  rate_limit_per_minute INTEGER NOT NULL CHECK (rate_limit_per_minute > 0),
  created_at            INTEGER NOT NULL,           -- unix ms
  revoked_at            INTEGER,                    -- unix ms; a revoked key is refused everywhere
  last_used_at          INTEGER                     -- unix ms, to the minute (written at most once a minute)
);

-- The key that brought a signature; NULL for the public sign path. Queued rows from before this
-- migration carry no apiKeyId, which reads as NULL.
ALTER TABLE signatures ADD COLUMN api_key_id TEXT;
ALTER TABLE pending_signatures ADD COLUMN api_key_id TEXT;

-- A petition's signatures in id order: OSDI pages (and exports) read a petition's rows without
-- scanning the table. The one index the hot write path gains (the bench measures its cost).
CREATE INDEX signatures_by_petition ON signatures (petition_id, id);
-- A partner's signatures: partial, so the public sign path never writes to it.
CREATE INDEX signatures_by_api_key ON signatures (api_key_id, petition_id, id) WHERE api_key_id IS NOT NULL;

-- Who created, used and revoked keys and webhook endpoints: the console's audit list. Never personal data.
CREATE TABLE audit_events (
  id      INTEGER PRIMARY KEY,
  at      INTEGER NOT NULL,   -- unix ms
  actor   TEXT    NOT NULL,   -- "admin", or the key id that acted
  action  TEXT    NOT NULL,   -- e.g. api-key.created, api-key.used, api-key.revoked
  subject TEXT    NOT NULL    -- the key's or endpoint's id
);
CREATE INDEX audit_events_by_time ON audit_events (at);

-- Signatures by attribution, kept by the cron like the other tallies (src/store/tally-tables.ts):
-- per petition, per partner key ('' for the public path) and per source tag ('' for none). Replaces
-- counting by source from the signatures table on request.
CREATE TABLE petition_source_tallies (
  petition_id INTEGER NOT NULL REFERENCES petitions (id),
  api_key_id  TEXT    NOT NULL,
  source      TEXT    NOT NULL,
  count       INTEGER NOT NULL,
  PRIMARY KEY (petition_id, api_key_id, source)
) WITHOUT ROWID;
CREATE INDEX petition_source_tallies_by_key ON petition_source_tallies (api_key_id);

CREATE TABLE recount_petition_source_tallies (
  petition_id INTEGER NOT NULL,
  api_key_id  TEXT    NOT NULL,
  source      TEXT    NOT NULL,
  count       INTEGER NOT NULL,
  PRIMARY KEY (petition_id, api_key_id, source)
) WITHOUT ROWID;

-- What the tally and a recount under way have already counted, so both stay exact from here on.
INSERT INTO petition_source_tallies (petition_id, api_key_id, source, count)
SELECT petition_id, '', coalesce(source, ''), count(*) FROM signatures
WHERE id <= (SELECT last_id FROM tally_watermark WHERE id = 1)
GROUP BY 1, 2, 3;
INSERT INTO recount_petition_source_tallies (petition_id, api_key_id, source, count)
SELECT petition_id, '', coalesce(source, ''), count(*) FROM signatures
WHERE id <= (SELECT cursor FROM recount WHERE id = 1 AND state = 'counting')
GROUP BY 1, 2, 3;
