/** The organisers' report of one petition: totals, countries, sources, languages, shares, the series over a range, milestones. */
import type { PetitionRecord } from "../store/petitions";
import { type LanguageCount, type ShareDay, shareFigures, signaturesByLanguage } from "../store/shares";
import { type SourceCount, signaturesBySource } from "../store/sources";
import {
  findPetitionTally,
  petitionCountBefore,
  petitionCountries,
  petitionMilestones,
  petitionSeries,
  petitionSnapshots,
} from "../store/tallies";

/** One point of a growth line. */
export interface SeriesPoint {
  at: number /* unix ms */;
  total: number /* cumulative signatures at that time */;
}

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
  /** By attribution (source tag and partner key), most first. */
  sources: SourceCount[];
  /** By the language signed in, most first. */
  languages: LanguageCount[];
  shares: ShareReport;
  series: { start: string; signatures: number; cumulative: number }[];
  /** The count after each tally run that changed it, within the range. */
  snapshots: { at: string; count: number }[];
  milestones: { threshold: number; reached_at: string; count: number }[];
}

/** What shared links brought: per channel, how many shares brought signatures, and how many each (the share rate). */
export interface ShareFigures {
  /** Signatures by the channel their link was shared on; "direct" for those not from a shared link. */
  channels: Record<string, number>;
  /** Shares that brought at least one signature. */
  sharers: number;
  /** Signatures that came through a share. */
  signatures: number;
  /** signatures / sharers; null before any share brought one. */
  share_rate: number | null;
}

export interface ShareReport extends ShareFigures {
  days: ({ date: string } & ShareFigures)[];
}

const DAY_SECONDS = 86400;

function shareFiguresOf({ channels, sharers, referred }: Omit<ShareDay, "day">): ShareFigures {
  const named = Object.fromEntries(Object.entries(channels).map(([channel, n]) => [channel || "direct", n]));
  return { channels: named, sharers, signatures: referred, share_rate: sharers > 0 ? referred / sharers : null };
}

export const BUCKET_SECONDS = { hour: 3600, day: 86400 } as const;
const iso = (ms: number) => new Date(ms).toISOString();

export async function petitionReport(
  db: D1Database,
  petition: PetitionRecord,
  range: ReportRange,
): Promise<PetitionReport> {
  // Periods are whole hours or days: those `from` and `to` fall in are included.
  const bucketMs = BUCKET_SECONDS[range.granularity] * 1000;
  range = {
    ...range,
    from: Math.floor(range.from / bucketMs) * bucketMs,
    to: Math.ceil(range.to / bucketMs) * bucketMs,
  };
  const dayOf = (ms: number) => Math.floor(ms / 1000 / DAY_SECONDS) * DAY_SECONDS;
  const [tally, countries, sources, languages, shares, periods, before, milestones, snapshots] = await Promise.all([
    findPetitionTally(db, petition.id),
    petitionCountries(db, petition.id, 300),
    signaturesBySource(db, petition.id),
    signaturesByLanguage(db, petition.id),
    shareFigures(db, petition.id, dayOf(range.from), dayOf(range.to - 1)),
    petitionSeries(db, petition.id, {
      from: range.from,
      to: range.to,
      bucketSeconds: BUCKET_SECONDS[range.granularity],
    }),
    petitionCountBefore(db, petition.id, range.from),
    petitionMilestones(db, petition.id),
    petitionSnapshots(db, petition.id, range.from, range.to),
  ]);
  let cumulative = before;
  return {
    petition: { slug: petition.slug, title: petition.title, goal: petition.goal, status: petition.status },
    total: tally?.count ?? 0,
    updated_at: tally ? iso(tally.updated_at) : null,
    range: { from: iso(range.from), to: iso(range.to), granularity: range.granularity },
    countries,
    sources,
    languages,
    shares: {
      ...shareFiguresOf(shares.totals),
      days: shares.days.map(({ day, ...figures }) => ({
        date: iso(day * 1000).slice(0, 10),
        ...shareFiguresOf(figures),
      })),
    },
    series: periods.map((period) => {
      cumulative += period.count;
      return { start: iso(period.start * 1000), signatures: period.count, cumulative };
    }),
    snapshots: snapshots.map((s) => ({ at: iso(s.taken_at), count: s.count })),
    milestones: milestones.map((m) => ({ threshold: m.threshold, reached_at: iso(m.reached_at), count: m.count })),
  };
}

/**
 * The cumulative line of a growth chart: from the total before the range at `from` itself (a
 * petition's creation, not the start of its first hour), then each period's total plotted where
 * the period ends (it counts the whole period), the current one at `now`.
 */
export function growthPoints(report: PetitionReport, from: number, now: number): SeriesPoint[] {
  const bucketMs = BUCKET_SECONDS[report.range.granularity] * 1000;
  const first = report.series[0];
  const start = { at: from, total: first ? first.cumulative - first.signatures : report.total };
  return [
    start,
    ...report.series.map((period) => ({
      at: Math.min(Date.parse(period.start) + bucketMs, now),
      total: period.cumulative,
    })),
  ];
}
