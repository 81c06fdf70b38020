/**
 * Every D1 statement about webhooks: endpoints and their two cursors, the events table, the marks that
 * date signature ids, and the signatures an endpoint is sent (read from the signatures table itself).
 */
import { type StoredSignature, storedColumns } from "./signatures";

export type EndpointState = "active" | "paused" | "disabled";

export interface EndpointRow {
  id: string;
  url: string | null;
  events: string;
  petitions: string | null;
  state: EndpointState;
  disabled_reason: string | null;
  signature_cursor: number;
  event_cursor: number;
  failures: number;
  failing_since: number | null;
  next_attempt_at: number;
  last_success_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
  created_at: number;
}

const COLUMNS =
  "id, url, events, petitions, state, disabled_reason, signature_cursor, event_cursor, failures, failing_since, next_attempt_at, last_success_at, last_error, last_error_at, created_at";

/** A new endpoint starts at the newest signature and event: it is sent what happens from now on. */
export function insertEndpoint(
  db: D1Database,
  endpoint: { id: string; url: string | null; events: string; petitions: string | null; createdAt: number },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO webhook_endpoints (id, url, events, petitions, state, signature_cursor, event_cursor, created_at)
       VALUES (?1, ?2, ?3, ?4, 'active', (SELECT coalesce(max(id), 0) FROM signatures),
               (SELECT coalesce(max(id), 0) FROM webhook_events), ?5)
       ON CONFLICT (id) DO NOTHING`,
    )
    .bind(endpoint.id, endpoint.url, endpoint.events, endpoint.petitions, endpoint.createdAt);
}

export function findEndpoint(db: D1Database, id: string): Promise<EndpointRow | null> {
  return db.prepare(`SELECT ${COLUMNS} FROM webhook_endpoints WHERE id = ?`).bind(id).first<EndpointRow>();
}

export async function listEndpoints(db: D1Database): Promise<EndpointRow[]> {
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM webhook_endpoints ORDER BY created_at DESC, id`)
    .all<EndpointRow>();
  return results;
}

/** Active endpoints whose next attempt is due. */
export async function dueEndpoints(db: D1Database, now: number): Promise<EndpointRow[]> {
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM webhook_endpoints WHERE state = 'active' AND next_attempt_at <= ? ORDER BY id`)
    .bind(now)
    .all<EndpointRow>();
  return results;
}

/** Events and petitions changed; a resumed endpoint is due at once (its failures forgotten). */
export function updateEndpoint(
  db: D1Database,
  id: string,
  change: { events?: string; petitions?: string | null; state?: "active" | "paused" },
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE webhook_endpoints SET
         events = coalesce(?2, events),
         petitions = iif(?3, ?4, petitions),
         state = coalesce(?5, state),
         disabled_reason = iif(?5 IS NULL, disabled_reason, NULL),
         failures = iif(?5 = 'active', 0, failures),
         failing_since = iif(?5 = 'active', NULL, failing_since),
         next_attempt_at = iif(?5 = 'active', 0, next_attempt_at)
       WHERE id = ?1`,
    )
    .bind(
      id,
      change.events ?? null,
      change.petitions !== undefined ? 1 : 0,
      change.petitions ?? null,
      change.state ?? null,
    );
}

export function deleteEndpoint(db: D1Database, id: string): D1PreparedStatement {
  return db.prepare(`DELETE FROM webhook_endpoints WHERE id = ?`).bind(id);
}

/** Moves an endpoint's cursors back to `since` (never before what is kept) and makes it due: a replay. */
export function rewindEndpoint(db: D1Database, id: string, since: number): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE webhook_endpoints SET
         signature_cursor = min(signature_cursor, coalesce((SELECT max_id FROM signature_id_marks WHERE at <= ?2 ORDER BY at DESC LIMIT 1), 0)),
         event_cursor = min(event_cursor, coalesce((SELECT min(id) - 1 FROM webhook_events WHERE created_at >= ?2), event_cursor)),
         next_attempt_at = 0
       WHERE id = ?1`,
    )
    .bind(id, since);
}

/** After a delivered message: the cursor moves on (never back, should two runs overlap) and failures are forgotten. */
export function recordDelivered(
  db: D1Database,
  id: string,
  cursor: { signatures?: number; events?: number },
  now: number,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE webhook_endpoints SET
         signature_cursor = max(signature_cursor, coalesce(?2, 0)),
         event_cursor = max(event_cursor, coalesce(?3, 0)),
         failures = 0, failing_since = NULL, next_attempt_at = 0, last_success_at = ?4
       WHERE id = ?1`,
    )
    .bind(id, cursor.signatures ?? null, cursor.events ?? null, now);
}

/** Moves a cursor past what the endpoint is not sent (other petitions, other events): no message, no failure. */
export function passOver(
  db: D1Database,
  id: string,
  cursor: { signatures?: number; events?: number },
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE webhook_endpoints SET
         signature_cursor = max(signature_cursor, coalesce(?2, 0)),
         event_cursor = max(event_cursor, coalesce(?3, 0))
       WHERE id = ?1`,
    )
    .bind(id, cursor.signatures ?? null, cursor.events ?? null);
}

/** A failed attempt: when to try again, or the endpoint disabled (gone, or failing for too long). */
export function recordFailed(
  db: D1Database,
  id: string,
  failure: { error: string; now: number; nextAttemptAt: number | null; disabledReason: string | null },
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE webhook_endpoints SET
         failures = failures + 1, failing_since = coalesce(failing_since, ?3),
         last_error = ?2, last_error_at = ?3,
         next_attempt_at = coalesce(?4, next_attempt_at),
         state = iif(?5 IS NULL, state, 'disabled'), disabled_reason = coalesce(?5, disabled_reason)
       WHERE id = ?1`,
    )
    .bind(id, failure.error, failure.now, failure.nextAttemptAt, failure.disabledReason);
}

/** An endpoint that can no longer be delivered (its configured URL removed). */
export function disableEndpoint(db: D1Database, id: string, reason: string): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE webhook_endpoints SET state = 'disabled', disabled_reason = ? WHERE id = ? AND state != 'disabled'`,
    )
    .bind(reason, id);
}

export interface EventRow {
  id: number;
  type: string;
  petition_id: number | null;
  endpoint_id: string | null;
  idempotency_key: string;
  payload: string;
  created_at: number;
}

export function insertEvent(
  db: D1Database,
  event: { type: string; petitionId: number | null; endpointId?: string; key: string; payload: string; now: number },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO webhook_events (type, petition_id, endpoint_id, idempotency_key, payload, created_at)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`,
    )
    .bind(event.type, event.petitionId, event.endpointId ?? null, event.key, event.payload, event.now);
}

/**
 * One event per removed signature, before the removal deletes it (same batch), while any endpoint
 * subscribes to `type` or is sent signatures: the signature's id and petition, as signature.created named it.
 */
export function insertRemovalEvents(
  db: D1Database,
  type: "signature.erased" | "signature.invalidated",
  ids: readonly number[],
  now: number,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO webhook_events (type, petition_id, idempotency_key, payload, created_at)
       SELECT ?1, s.petition_id, ?1 || ':' || s.id,
              json_object('signature_id', s.id, 'petition', p.slug, 'removed_at', ?3), ?3
       FROM signatures s JOIN petitions p ON p.id = s.petition_id
       WHERE s.id IN (SELECT value FROM json_each(?2))
         AND EXISTS (SELECT 1 FROM webhook_endpoints, json_each(webhook_endpoints.events) e
                     WHERE e.value IN (?1, 'signature.created'))
       ON CONFLICT (idempotency_key) DO NOTHING`,
    )
    .bind(type, JSON.stringify(ids), now);
}

/** The events after `cursor`, oldest first. */
export async function eventsAfter(db: D1Database, cursor: number, limit: number): Promise<EventRow[]> {
  const { results } = await db
    .prepare(
      `SELECT id, type, petition_id, endpoint_id, idempotency_key, payload, created_at FROM webhook_events
       WHERE id > ? ORDER BY id LIMIT ?`,
    )
    .bind(cursor, limit)
    .all<EventRow>();
  return results;
}

/**
 * Up to `limit` signatures with cursor < id <= upto, of the petitions given (null: any), in id order.
 * The id range is walked in order and stops at `limit` (the unary + keeps SQLite off the petition
 * index, which would gather and sort every match in the range first).
 */
export async function signaturesAfter(
  db: D1Database,
  range: { cursor: number; upto: number; limit: number },
  petitionIds: readonly number[] | null,
): Promise<StoredSignature[]> {
  const { results } = await db
    .prepare(
      `SELECT ${storedColumns("s")} FROM signatures s
       WHERE s.id > ?1 AND s.id <= ?2 AND (?3 IS NULL OR +s.petition_id IN (SELECT value FROM json_each(?3)))
       ORDER BY s.id LIMIT ?4`,
    )
    .bind(range.cursor, range.upto, petitionIds ? JSON.stringify(petitionIds) : null, range.limit)
    .all<StoredSignature>();
  return results;
}

/** Dates the newest signature id (one row a minute) and forgets marks older than `before` and events older than a day less. */
export function markAndPurge(db: D1Database, now: number, before: number): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `INSERT INTO signature_id_marks (at, max_id) VALUES (?, (SELECT coalesce(max(id), 0) FROM signatures))
         ON CONFLICT (at) DO NOTHING`,
      )
      .bind(now),
    db.prepare(`DELETE FROM signature_id_marks WHERE at < ?`).bind(before),
    db.prepare(`DELETE FROM webhook_events WHERE created_at < ?`).bind(before + 86_400_000),
  ];
}

/** The oldest signature id an endpoint may still be sent: the mark from `keptSince` (older ones are dropped). */
export function skipExpired(db: D1Database, keptSince: number): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE webhook_endpoints SET signature_cursor = max(signature_cursor,
         coalesce((SELECT max_id FROM signature_id_marks WHERE at <= ? ORDER BY at DESC LIMIT 1), 0))`,
    )
    .bind(keptSince);
}

/**
 * How much an endpoint has waiting, counted up to `scanLimit` of each: signatures past its cursor (of
 * its petitions; when it takes signature.created) and events past its other cursor.
 */
export async function backlogOf(
  db: D1Database,
  endpoint: EndpointRow,
  takesSignatures: boolean,
  scanLimit: number,
): Promise<number> {
  const row = await db
    .prepare(
      `SELECT
         (SELECT count(*) FROM (SELECT 1 FROM signatures s WHERE ?5 AND s.id > ?1
            AND (?2 IS NULL OR s.petition_id IN (SELECT value FROM json_each(?2))) LIMIT ?4)) +
         (SELECT count(*) FROM (SELECT 1 FROM webhook_events WHERE id > ?3 LIMIT ?4)) AS waiting`,
    )
    .bind(endpoint.signature_cursor, endpoint.petitions, endpoint.event_cursor, scanLimit, takesSignatures ? 1 : 0)
    .first<number>("waiting");
  return row ?? 0;
}
