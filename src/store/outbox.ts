/** Every D1 statement about webhook deliveries (the outbox) and the events that fill it. */

export interface OutboxRow {
  id: number;
  receiver: string;
  event_id: string;
  payload: string;
  attempts: number;
}

export interface PendingMilestone {
  petition_id: number;
  threshold: number;
  reached_at: number;
  count: number;
  slug: string;
  title: string;
  goal: number;
}

export function queueDelivery(
  db: D1Database,
  receiver: string,
  eventId: string,
  payload: string,
  now: number,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO webhook_outbox (receiver, event_id, payload, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (event_id, receiver) DO NOTHING`,
    )
    .bind(receiver, eventId, payload, now);
}

export async function milestonesToAnnounce(db: D1Database, limit: number): Promise<PendingMilestone[]> {
  const { results } = await db
    .prepare(
      `SELECT m.petition_id, m.threshold, m.reached_at, m.count, p.slug, p.title, p.goal
       FROM milestones m JOIN petitions p ON p.id = m.petition_id
       WHERE m.notified_at IS NULL ORDER BY m.reached_at, m.threshold LIMIT ?`,
    )
    .bind(limit)
    .all<PendingMilestone>();
  return results;
}

export function markMilestoneAnnounced(db: D1Database, milestone: PendingMilestone, now: number): D1PreparedStatement {
  return db
    .prepare(`UPDATE milestones SET notified_at = ? WHERE petition_id = ? AND threshold = ?`)
    .bind(now, milestone.petition_id, milestone.threshold);
}

export async function pendingDeliveries(db: D1Database, maxAttempts: number, limit: number): Promise<OutboxRow[]> {
  const { results } = await db
    .prepare(
      `SELECT id, receiver, event_id, payload, attempts FROM webhook_outbox
       WHERE delivered_at IS NULL AND attempts < ? ORDER BY id LIMIT ?`,
    )
    .bind(maxAttempts, limit)
    .all<OutboxRow>();
  return results;
}

export function markDelivered(db: D1Database, id: number, now: number): D1PreparedStatement {
  return db
    .prepare(`UPDATE webhook_outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?`)
    .bind(now, id);
}

export function markFailed(db: D1Database, id: number, error: string): D1PreparedStatement {
  return db.prepare(`UPDATE webhook_outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?`).bind(error, id);
}

/** A receiver no longer configured: nothing will ever deliver this row. */
export function markAbandoned(db: D1Database, id: number, maxAttempts: number): D1PreparedStatement {
  return db
    .prepare(`UPDATE webhook_outbox SET attempts = ?, last_error = 'receiver removed' WHERE id = ?`)
    .bind(maxAttempts, id);
}

export interface DeliveryStatusRow {
  event_id: string;
  /** Hex SHA-256 of the receiver's URL (the URL itself is a secret). */
  receiver: string;
  attempts: number;
  created_at: number;
  delivered_at: number | null;
  last_error: string | null;
}

/** The newest deliveries, for organisers to see whether their receivers get the reports. */
export async function recentDeliveries(db: D1Database, limit: number): Promise<DeliveryStatusRow[]> {
  const { results } = await db
    .prepare(
      `SELECT event_id, receiver, attempts, created_at, delivered_at, last_error FROM webhook_outbox
       ORDER BY id DESC LIMIT ?`,
    )
    .bind(limit)
    .all<DeliveryStatusRow>();
  return results;
}
