/**
 * Fraud waves found for you: after the minute's tally, the slices of a petition's hour that new
 * signatures fell in (one network, one email domain, one source) are judged against the petition's own
 * previous 24 hours, and an unusual concentration is flagged for the organiser. Nothing is removed:
 * a flag is for someone to look at, then void (an invalidation of exactly that slice) or dismiss.
 * Incremental (a cursor over the signatures the tally has counted) and safe to overlap (flags are
 * keyed by petition, hour and slice, and the cursor only moves forward).
 */
import { namedBatch } from "../store/d1";
import {
  advanceDetectionCursor,
  type Finding,
  purgeSlicesStep,
  readDetectionCursor,
  type TouchedSlice,
  touchedSlices,
  upsertFlag,
} from "../store/fraud-waves";
import { readWatermark } from "../store/tallies";
import { SLICES_KEPT_DAYS, type SliceDimension } from "../store/tally-tables";

/** When a slice is unusual. */
interface Rule {
  /** Signatures in the hour, at least: fewer is noise (a family, an office, a class). */
  minCount: number;
  /** Share of the hour, at least. */
  minShare: number;
  /**
   * The share of an hour a slice is taken to carry usually before the petition has a history: weighed
   * as PRIOR_SIGNATURES signatures, so a new petition's big webmail domain or embed's source is not
   * news, and the petition's own hours soon outweigh it.
   */
  priorShare: number;
}

export const RULES: Record<SliceDimension | "disposable", Rule> = {
  // One /24 or /64 signing for 50 people in an hour is rare unless this petition's network always does.
  network: { minCount: 50, minShare: 0.05, priorShare: 0 },
  // Big webmail domains carry a third of an hour anywhere: only a jump against the domain's usual share counts.
  email_domain: { minCount: 50, minShare: 0.1, priorShare: 0.25 },
  // A source tag is the organiser's own (an embed, a newsletter): it must carry a fifth of the hour and jump.
  source: { minCount: 50, minShare: 0.2, priorShare: 0.5 },
  // A disposable-address service (the public list) is suspect at any share, from a few signatures.
  disposable: { minCount: 10, minShare: 0, priorShare: 0 },
};

/** A slice is unusual when its share of the hour is this many times its usual share, or more. */
export const TIMES_USUAL = 3;
const PRIOR_SIGNATURES = 100;
/** The baseline: the petition's hours before the one judged. */
export const BASELINE_HOURS = 24;
/** Only hours this recent are judged: an import dated last year is no wave happening now. */
const RECENT_HOURS = 24;

const ruleOf = (slice: TouchedSlice) => RULES[slice.disposable_domain ? "disposable" : slice.dimension];

/** Whether a slice is unusual for its petition, and what share of an hour it usually carries. */
export function judgeSlice(slice: TouchedSlice): Finding | null {
  const rule = ruleOf(slice);
  const usualShare = (slice.usual_count + rule.priorShare * PRIOR_SIGNATURES) / (slice.usual_total + PRIOR_SIGNATURES);
  const share = slice.count / slice.hour_count;
  const unusual = slice.count >= rule.minCount && share >= rule.minShare && share >= TIMES_USUAL * usualShare;
  return unusual ? { slice, usualShare } : null;
}

export interface DetectionOptions {
  now: number;
  /** Signature ids one step judges at most; a backlog takes several. */
  maxIds: number;
  maxSteps: number;
}

export interface DetectionResult {
  /** Signature ids judged: (from, to]. */
  from: number;
  to: number;
  /** Slices judged, and those flagged (new flags and flags brought up to date). */
  judged: number;
  flagged: number;
}

/** Judges the slices the signatures counted since the last run fell in, and records what is unusual. */
export async function detectFraudWaves(db: D1Database, options: DetectionOptions): Promise<DetectionResult> {
  const from = await readDetectionCursor(db);
  const counted = (await readWatermark(db)).last_id;
  const result: DetectionResult = { from, to: from, judged: 0, flagged: 0 };
  const minCount = Math.min(...Object.values(RULES).map((rule) => rule.minCount));
  for (let step = 0; result.to < counted && step < options.maxSteps; step++) {
    const upto = Math.min(counted, result.to + options.maxIds);
    const slices = await touchedSlices(db, {
      after: result.to,
      upto,
      signedSince: options.now - RECENT_HOURS * 3_600_000,
      minCount,
      baselineSeconds: BASELINE_HOURS * 3600,
    });
    const findings = slices.flatMap((slice) => judgeSlice(slice) ?? []);
    await namedBatch(db, {
      flags: findings.map((finding) => upsertFlag(db, finding, options.now)),
      cursor: advanceDetectionCursor(db, upto),
    });
    result.judged += slices.length;
    result.flagged += findings.length;
    result.to = upto;
  }
  return result;
}

/** Slices one step of the purge looks at: a walk over a million slices takes 50 minutes. */
const PURGE_SPAN = 20_000;

/** The minute's step of forgetting slices older than SLICES_KEPT_DAYS (bounded: one read and one transaction). */
export function forgetOldSlices(db: D1Database, now: number): Promise<number> {
  return purgeSlicesStep(db, now - SLICES_KEPT_DAYS * 86_400_000, PURGE_SPAN);
}
