/**
 * Signatures by language and by share, as the cron keeps them (petition_language_tallies,
 * petition_channel_daily, petition_referral_daily): indexed reads of tallies, never of signatures.
 */

export interface LanguageCount {
  /** The language it was signed in; null for signatures that did not say. */
  language: string | null;
  count: number;
}

export async function signaturesByLanguage(db: D1Database, petitionId: number): Promise<LanguageCount[]> {
  const { results } = await db
    .prepare(
      `SELECT nullif(locale, '') AS language, count FROM petition_language_tallies
       WHERE petition_id = ? AND count > 0 ORDER BY count DESC, locale`,
    )
    .bind(petitionId)
    .all<LanguageCount>();
  return results;
}

/** One UTC day (unix seconds at its start) of share figures. */
export interface ShareDay {
  day: number;
  /** Signatures by the channel their link was shared on; "" for those not from a shared link. */
  channels: Record<string, number>;
  /** Shares (referral codes) that brought at least one signature that day, and the signatures they brought. */
  sharers: number;
  referred: number;
}

export interface ShareTotals {
  channels: Record<string, number>;
  /** Distinct shares over the whole range: a share bringing signatures on two days is one. */
  sharers: number;
  referred: number;
}

/** Share figures of the days `fromDay` to `toDay` (unix seconds of day starts, inclusive): three reads. */
export async function shareFigures(
  db: D1Database,
  petitionId: number,
  fromDay: number,
  toDay: number,
): Promise<{ days: ShareDay[]; totals: ShareTotals }> {
  const read = <T>(sql: string) => db.prepare(sql).bind(petitionId, fromDay, toDay).all<T>();
  const inRange = "petition_id = ?1 AND day BETWEEN ?2 AND ?3 AND count > 0";
  const shared = `${inRange} AND referral_code != ''`;
  const [channels, referrals, distinct] = await Promise.all([
    read<{ day: number; channel: string; count: number }>(
      // Most first; on a tie, shares before direct signatures.
      `SELECT day, channel, count FROM petition_channel_daily WHERE ${inRange} ORDER BY day, count DESC, channel = '', channel`,
    ),
    read<{ day: number; sharers: number; referred: number }>(
      `SELECT day, count(*) AS sharers, sum(count) AS referred FROM petition_referral_daily WHERE ${shared} GROUP BY day`,
    ),
    read<{ sharers: number }>(
      `SELECT count(DISTINCT referral_code) AS sharers FROM petition_referral_daily WHERE ${shared}`,
    ),
  ]);
  const days = new Map<number, ShareDay>();
  const dayOf = (day: number) => {
    const entry = days.get(day) ?? { day, channels: {}, sharers: 0, referred: 0 };
    days.set(day, entry);
    return entry;
  };
  const totals: ShareTotals = { channels: {}, sharers: distinct.results[0]?.sharers ?? 0, referred: 0 };
  for (const { day, channel, count } of channels.results) {
    dayOf(day).channels[channel] = count;
    totals.channels[channel] = (totals.channels[channel] ?? 0) + count;
  }
  for (const { day, sharers, referred } of referrals.results) {
    Object.assign(dayOf(day), { sharers, referred });
    totals.referred += referred;
  }
  return { days: [...days.values()].sort((a, b) => a.day - b.day), totals };
}
