/** Emails sent and failed per UTC hour (migrations/0015): what the status page says of outbound email. */

const HOUR_MS = 3_600_000;

/** The hour's key: unix seconds at its start. */
export const hourOf = (ms: number) => Math.floor(ms / HOUR_MS) * 3600;

/** One attempt counted in its hour: one small upsert, never a row per email. */
export function recordEmailOutcome(db: D1Database, outcome: "sent" | "failed", now: number): Promise<D1Result> {
  return db
    .prepare(
      `INSERT INTO email_outcomes (hour, sent, failed) VALUES (?1, ?2, ?3)
       ON CONFLICT (hour) DO UPDATE SET sent = sent + excluded.sent, failed = failed + excluded.failed`,
    )
    .bind(hourOf(now), outcome === "sent" ? 1 : 0, outcome === "failed" ? 1 : 0)
    .run();
}

/** Forgets the hours before `before` (unix ms). */
export function purgeEmailOutcomes(db: D1Database, before: number): Promise<D1Result> {
  return db.prepare(`DELETE FROM email_outcomes WHERE hour < ?`).bind(hourOf(before)).run();
}
