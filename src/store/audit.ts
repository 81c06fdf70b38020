/** The audit list: who created, used and revoked partner keys and webhook endpoints. No personal data. */

export interface AuditEvent {
  at: number;
  actor: string;
  action: string;
  subject: string;
}

export function recordAudit(db: D1Database, event: AuditEvent): D1PreparedStatement {
  return db
    .prepare(`INSERT INTO audit_events (at, actor, action, subject) VALUES (?, ?, ?, ?)`)
    .bind(event.at, event.actor, event.action, event.subject);
}

/** Records the event only if the statement just before it in the same batch changed a row (SQLite's changes()). */
export function recordAuditIfChanged(db: D1Database, event: AuditEvent): D1PreparedStatement {
  return db
    .prepare(`INSERT INTO audit_events (at, actor, action, subject) SELECT ?, ?, ?, ? WHERE changes() > 0`)
    .bind(event.at, event.actor, event.action, event.subject);
}

export async function recentAudit(db: D1Database, limit: number): Promise<AuditEvent[]> {
  const { results } = await db
    .prepare(`SELECT at, actor, action, subject FROM audit_events ORDER BY at DESC, id DESC LIMIT ?`)
    .bind(limit)
    .all<AuditEvent>();
  return results;
}
