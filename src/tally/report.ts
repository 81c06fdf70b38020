/** The organisers' report of one petition: totals, countries, the series over a range, milestones. */
import type { PetitionRecord } from "../store/petitions";
import { findPetitionTally, petitionCountBefore, petitionCountries, petitionMilestones, petitionSeries } from "../store/tallies";

export type Granularity = "hour" | "day";

export interface ReportRange {
  from: number;
  to: number;
  granularity: Granularity;
}

export interface PetitionReport {
  petition: { slug: string; title: string; goal: number; status: string };
  total: number;
  updated_at: string | null;
  range: { from: string; to: string; granularity: Granularity };
  countries: { country: string; count: number }[];
  series: { start: string; signatures: number; cumulative: number }[];
  milestones: { threshold: number; reached_at: string; count: number }[];
}

const BUCKET_SECONDS = { hour: 3600, day: 86400 } as const;
const iso = (ms: number) => new Date(ms).toISOString();

export async function petitionReport(db: D1Database, petition: PetitionRecord, range: ReportRange): Promise<PetitionReport> {
  // Periods are whole hours or days: the one `from` falls in is included.
  const bucketMs = BUCKET_SECONDS[range.granularity] * 1000;
  range = { ...range, from: Math.floor(range.from / bucketMs) * bucketMs };
  const [tally, countries, periods, before, milestones] = await Promise.all([
    findPetitionTally(db, petition.id),
    petitionCountries(db, petition.id, 300),
    petitionSeries(db, petition.id, { from: range.from, to: range.to, bucketSeconds: BUCKET_SECONDS[range.granularity] }),
    petitionCountBefore(db, petition.id, range.from),
    petitionMilestones(db, petition.id),
  ]);
  let cumulative = before;
  return {
    petition: { slug: petition.slug, title: petition.title, goal: petition.goal, status: petition.status },
    total: tally?.count ?? 0,
    updated_at: tally ? iso(tally.updated_at) : null,
    range: { from: iso(range.from), to: iso(range.to), granularity: range.granularity },
    countries,
    series: periods.map((period) => {
      cumulative += period.count;
      return { start: iso(period.start * 1000), signatures: period.count, cumulative };
    }),
    milestones: milestones.map((m) => ({ threshold: m.threshold, reached_at: iso(m.reached_at), count: m.count })),
  };
}
