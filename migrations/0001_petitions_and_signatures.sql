-- Petitions and their signatures: the source of truth.

CREATE TABLE petitions (
  id            INTEGER PRIMARY KEY,
  slug          TEXT    NOT NULL UNIQUE,
  title         TEXT    NOT NULL,
  summary       TEXT    NOT NULL,
  body          TEXT,
  goal          INTEGER NOT NULL CHECK (goal > 0),
  status        TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('draft', 'open', 'closed')),
  closes_at     TEXT,                              -- ISO 8601, UTC
  locales       TEXT    NOT NULL DEFAULT '[]',     -- JSON array of BCP 47 tags
  embed_origins TEXT    NOT NULL DEFAULT '[]',     -- JSON array of origins
  fields        TEXT    NOT NULL DEFAULT '{}',     -- JSON {postcode, name}: required|optional|off
  consent_text  TEXT,
  created_at    TEXT    NOT NULL,
  updated_at    TEXT    NOT NULL
);

-- AUTOINCREMENT: ids are never reused after a delete, so the tally's watermark on id stays monotonic.
CREATE TABLE signatures (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  petition_id  INTEGER NOT NULL REFERENCES petitions (id),
  dedupe_key   TEXT    NOT NULL,   -- HMAC-SHA-256 of the canonical email
  email        TEXT    NOT NULL,   -- as typed (trimmed), for the organiser's export
  name         TEXT,
  country      TEXT    NOT NULL,   -- ISO 3166-1 alpha-2, or 'XX' when unknown
  postcode     TEXT,
  consent      INTEGER NOT NULL DEFAULT 0,
  locale       TEXT,
  source       TEXT,
  network_hash TEXT    NOT NULL,   -- HMAC of the IPv4 /24 or IPv6 /64; never the IP itself
  created_at   INTEGER NOT NULL,   -- unix milliseconds
  -- One signature per person per petition. dedupe_key leads so the same index finds a person's
  -- signatures across petitions (erasure) without a second index on the hot write path.
  UNIQUE (dedupe_key, petition_id)
);
