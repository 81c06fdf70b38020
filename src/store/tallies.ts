/** Every D1 statement about the tally tables (written by the cron's aggregation). */

export interface PetitionTallyRow {
  count: number;
  updated_at: number;
}

export function findPetitionTally(db: D1Database, petitionId: number): Promise<PetitionTallyRow | null> {
  return db.prepare(`SELECT count, updated_at FROM petition_tallies WHERE petition_id = ?`).bind(petitionId).first<PetitionTallyRow>();
}
