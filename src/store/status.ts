/**
 * Every D1 read behind the operator's status (src/operations/status.ts), as one batch: single rows, the
 * webhook endpoints, hour rows, and two scans capped at COUNT_CAP rows each (signatures past the tally's
 * watermark, rows past key rotation's cursor), so a status read costs the same however many signatures
 * are stored (test/operations/status.test.ts reads the plans).
 */
import { namedBatch } from "./d1";
import { hourOf } from "./email-outcomes";
import type { RecountState } from "./recount";
import { ANONYMISED_EMAIL } from "./retention";
import type { SignatureTable } from "./signatures";
import type { EndpointState } from "./webhooks";

/** Rows a capped scan counts at most: a figure that reaches it reads "10,000 or more". */
export const COUNT_CAP = 10_000;

const HOUR_SECONDS = 3600;

export interface TallyFigures {
  /** When the minute's tally run last finished; 0: never. */
  ran_at: number;
  /** When a run last counted new signatures; 0: never. */
  updated_at: number;
  /** Stored signatures past the watermark, counted up to COUNT_CAP. */
  untallied: number;
  /** The earliest acceptance time among them. */
  oldest_untallied_at: number | null;
}

export interface RecountFigures {
  state: RecountState;
  /** Rows found drifted so far by the recount under way (or the last one, once idle). */
  drifted: number;
  completed_at: number | null;
  completed_drifted: number | null;
}

export interface EndpointFigures {
  id: string;
  state: EndpointState;
  disabled_reason: string | null;
  failures: number;
  failing_since: number | null;
  last_error: string | null;
  /** Signature and event ids past its cursors: an upper bound on what waits (ids of other petitions and deleted rows included). */
  waiting_at_most: number;
}

export interface SealingFigures {
  /** Rows past rotation's cursor for the current key looked at, at most COUNT_CAP. */
  looked_at: number;
  /** Of those, rows sealed under another key or none (anonymised rows hold nothing to seal). */
  stale: number;
  /** Of those, rows sealed under a key that is not in ENCRYPTION_KEYS. */
  unknown_key: number;
}

export interface EmailFigures {
  sent_day: number;
  failed_day: number;
  sent_hour: number;
  failed_hour: number;
}

export interface StatusFigures {
  tally: TallyFigures;
  recount: RecountFigures;
  endpoints: EndpointFigures[];
  /** Per table; absent when ENCRYPTION_KEYS cannot be read. */
  sealing: Record<SignatureTable, SealingFigures> | null;
  email: EmailFigures;
}

const SEALED_TABLES: SignatureTable[] = ["signatures", "pending_signatures"];

/** `keys`: ENCRYPTION_KEYS' ids, the current one first (null: unreadable, no sealing figures). */
export async function readStatusFigures(db: D1Database, keys: string[] | null, now: number): Promise<StatusFigures> {
  const sealing = (table: SignatureTable, current: string) =>
    db
      .prepare(
        `SELECT count(*) AS looked_at,
                coalesce(sum(key_id IS NOT ?1 AND email != ?3), 0) AS stale,
                coalesce(sum(key_id IS NOT NULL AND key_id NOT IN (SELECT value FROM json_each(?2))), 0) AS unknown_key
         FROM (SELECT key_id, email FROM ${table}
               WHERE id > coalesce((SELECT after_id FROM key_rotation WHERE table_name = ?4 AND key_id = ?1), 0)
               ORDER BY id LIMIT ?5)`,
      )
      .bind(current, JSON.stringify(keys), ANONYMISED_EMAIL, table, COUNT_CAP);
  const thisHour = hourOf(now);
  const read = await namedBatch(db, {
    tally: db
      .prepare(
        `SELECT w.ran_at, w.updated_at, u.untallied, u.oldest_untallied_at
         FROM tally_watermark w,
              (SELECT count(*) AS untallied, min(created_at) AS oldest_untallied_at
               FROM (SELECT created_at FROM signatures
                     WHERE id > (SELECT last_id FROM tally_watermark WHERE id = 1) ORDER BY id LIMIT ?)) u
         WHERE w.id = 1`,
      )
      .bind(COUNT_CAP),
    recount: db.prepare(`SELECT state, drifted, completed_at, completed_drifted FROM recount WHERE id = 1`),
    endpoints: db.prepare(
      `SELECT e.id, e.state, e.disabled_reason, e.failures, e.failing_since, e.last_error,
              max(0, iif(EXISTS (SELECT 1 FROM json_each(e.events) WHERE value = 'signature.created'),
                         (SELECT coalesce(max(id), 0) FROM signatures) - e.signature_cursor, 0))
              + max(0, (SELECT coalesce(max(id), 0) FROM webhook_events) - e.event_cursor) AS waiting_at_most
       FROM webhook_endpoints e ORDER BY e.id`,
    ),
    sealing: keys?.[0] ? SEALED_TABLES.map((table) => sealing(table, keys[0]!)) : [],
    email: db
      .prepare(
        `SELECT coalesce(sum(sent), 0) AS sent_day, coalesce(sum(failed), 0) AS failed_day,
                coalesce(sum(iif(hour >= ?2, sent, 0)), 0) AS sent_hour,
                coalesce(sum(iif(hour >= ?2, failed, 0)), 0) AS failed_hour
         FROM email_outcomes WHERE hour >= ?1`,
      )
      .bind(thisHour - 23 * HOUR_SECONDS, thisHour - HOUR_SECONDS),
  });
  const first = <T>(result: D1Result) => result.results[0] as T;
  return {
    tally: first<TallyFigures>(read.tally),
    recount: first<RecountFigures>(read.recount),
    endpoints: read.endpoints.results as unknown as EndpointFigures[],
    sealing:
      read.sealing.length === 0
        ? null
        : (Object.fromEntries(SEALED_TABLES.map((table, i) => [table, first(read.sealing[i]!)])) as Record<
            SignatureTable,
            SealingFigures
          >),
    email: first<EmailFigures>(read.email),
  };
}
