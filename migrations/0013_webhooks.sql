-- One webhook system (src/webhooks/): endpoints the organiser subscribes through the API, and those
-- REPORT_WEBHOOK_URLS configures, each delivered by the minute's cron from two cursors: signatures
-- (signature.created is read from the signatures table itself, so signing writes nothing more) and
-- webhook_events (everything else: milestones, daily reports, erasures, invalidations, tests).

CREATE TABLE webhook_endpoints (
  id               TEXT    PRIMARY KEY,      -- "wh_…" (API) or "cfg_…" (REPORT_WEBHOOK_URLS, by its URL's hash)
  url              TEXT,                     -- NULL for configured ones: their URLs stay in the variable
  events           TEXT    NOT NULL,         -- JSON array of event types
  petitions        TEXT,                     -- JSON array of petition ids; NULL: every petition
  state            TEXT    NOT NULL CHECK (state IN ('active', 'paused', 'disabled')),
  disabled_reason  TEXT,
  signature_cursor INTEGER NOT NULL,         -- signatures.id delivered (or passed over) up to
  event_cursor     INTEGER NOT NULL,         -- webhook_events.id delivered (or passed over) up to
  failures         INTEGER NOT NULL DEFAULT 0, -- consecutive failed attempts at the oldest waiting message
  failing_since    INTEGER,                  -- unix ms of the first of them
  next_attempt_at  INTEGER NOT NULL DEFAULT 0,
  last_success_at  INTEGER,
  last_error       TEXT,                     -- "HTTP 500", "TimeoutError": never a body
  last_error_at    INTEGER,
  created_at       INTEGER NOT NULL
);

-- Events other than signature.created, kept 7 days (then purged) for paused or failing endpoints and replays.
CREATE TABLE webhook_events (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  type            TEXT    NOT NULL,
  petition_id     INTEGER,                   -- NULL: not about one petition (a daily report)
  endpoint_id     TEXT,                      -- set: for that endpoint only (a test event)
  idempotency_key TEXT    NOT NULL UNIQUE,   -- stable across retries: receivers drop repeats by it
  payload         TEXT    NOT NULL,          -- JSON, never personal data
  created_at      INTEGER NOT NULL
);
CREATE INDEX webhook_events_by_time ON webhook_events (created_at);

-- The newest signature id at each cron run: where a replay `since` a time starts, and where an endpoint
-- paused for more than 7 days resumes. One row a minute, purged after 8 days.
CREATE TABLE signature_id_marks (
  at     INTEGER PRIMARY KEY,                -- unix ms
  max_id INTEGER NOT NULL
) WITHOUT ROWID;

-- The report outbox moves onto this system: undelivered events become webhook_events, and each
-- configured receiver an endpoint whose event cursor sits before the first event it still lacks.
INSERT INTO webhook_events (type, idempotency_key, payload, created_at)
SELECT json_extract(payload, '$.type'), event_id, payload, min(created_at)
FROM webhook_outbox GROUP BY event_id ORDER BY min(id);

INSERT INTO webhook_endpoints (id, url, events, petitions, state, signature_cursor, event_cursor, created_at)
SELECT 'cfg_' || substr(o.receiver, 1, 16), NULL, '["milestone","daily_report"]', NULL, 'active',
       (SELECT coalesce(max(id), 0) FROM signatures),
       coalesce((SELECT min(e.id) - 1 FROM webhook_outbox w JOIN webhook_events e ON e.idempotency_key = w.event_id
                 WHERE w.receiver = o.receiver AND w.delivered_at IS NULL AND w.attempts < 10),
                (SELECT coalesce(max(id), 0) FROM webhook_events)),
       min(o.created_at)
FROM webhook_outbox o GROUP BY o.receiver;

DROP TABLE webhook_outbox;
