/** Milestones waiting to be announced as webhook events. */

export interface PendingMilestone {
  petition_id: number;
  threshold: number;
  reached_at: number;
  count: number;
  slug: string;
  title: string;
  goal: number;
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
