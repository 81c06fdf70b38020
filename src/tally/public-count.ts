/**
 * A count as the public sees it. A petition with `public_count_rounding` shows counts rounded to the
 * nearest multiple of it everywhere anyone can look (KV's published count, petition reads and lists,
 * the signing answer, the embed pages, the global tally, charts), so watching the count cannot tell
 * whether one more address signed. Admin reports and lists keep exact counts.
 */
export function publicCount(rounding: number | null | undefined, count: number): number {
  return rounding ? Math.round(count / rounding) * rounding : count;
}
