/**
 * Retention: RETENTION_DAYS after a petition closes, its signatures are anonymised, one bounded step
 * per cron run: email, name, postcode, the network's hash and the dedupe key go; country, consent,
 * locale, source and time stay, so every count and report is unchanged. Held signatures are deleted.
 */
import { anonymiseStep, readRetentionWalk, startRetentionWalk } from "../store/retention";

/** Signature ids covered per step (a primary-key range: about this many rows read at most). */
export const RETENTION_STEP = 10_000;
const DAY_MS = 86_400_000;

export interface RetentionProgress {
  petitions: number[];
  anonymised: number;
  /** The walk finished: these petitions are marked anonymised. */
  done: boolean;
}

/** One step (`step` ids) of the current walk, or of a new one over petitions due; null when none is due. */
export async function applyRetention(
  db: D1Database,
  retentionDays: number,
  now: Date,
  step = RETENTION_STEP,
): Promise<RetentionProgress | null> {
  const closedBefore = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
  const walk = (await readRetentionWalk(db)) ?? (await startRetentionWalk(db, closedBefore));
  if (!walk) return null;
  const to = Math.min(walk.after_id + step, walk.upper_id);
  const anonymised = await anonymiseStep(db, walk, to, now);
  return { petitions: walk.petitions, anonymised, done: to >= walk.upper_id };
}
