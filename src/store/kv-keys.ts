/** Every KV key the Worker reads or writes, in one place. */
export const kvKeys = {
  /** A petition's settings as JSON, so signing never reads D1 for them. */
  petition: (slug: string) => `petition:${slug}`,
  /** A petition's published count: { slug, count, goal, updated_at }. */
  count: (slug: string) => `count:${slug}`,
  /** The whole tally: total, per country, per open petition. */
  globalTally: "tally:global",
  /** A console session signed out before its cookie expired; the key expires with the cookie. */
  signedOutConsoleSession: (id: string) => `console-signed-out:${id}`,
  /** A petition's share image for one slot (a language, or "default"): its description, JSON. */
  shareImage: (slug: string, slot: string) => `share-image:${slug}:${slot}`,
  /** The bytes of one version of it, the description as metadata: versions are immutable, so their URLs are cached for good. */
  shareImageFile: (slug: string, slot: string, hash: string) => `share-image-file:${slug}:${slot}:${hash}`,
  /** Dead-lettered signature batches D1 would not take: kept here, not in D1, until replayed. */
  deadLetterPrefix: "dead-letters:",
  deadLetter: (keptAt: number, id: string) => `dead-letters:${String(keptAt).padStart(16, "0")}:${id}`,
  /** Emails kept by the dev-outbox transport (npm start only), newest first by key. */
  devOutboxPrefix: "dev-outbox:",
  devOutboxEmail: (sentAt: number, id: string) =>
    `dev-outbox:${String(Number.MAX_SAFE_INTEGER - sentAt).padStart(16, "0")}:${id}`,
} as const;
