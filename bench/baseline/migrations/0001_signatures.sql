-- The naive baseline's only table.
CREATE TABLE signatures (
  id         INTEGER PRIMARY KEY,
  email      TEXT    NOT NULL,
  name       TEXT,
  country    TEXT,
  created_at INTEGER NOT NULL
);
