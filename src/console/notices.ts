/**
 * What the console says after an action, on the page it redirects to (post-redirect-get). The URL
 * carries a key of this fixed set, never the words: no link can put text of its own on a console page.
 */
export const NOTICES = {
  created: "Petition created.",
  saved: "Changes saved.",
  published: "Petition published: it takes signatures now.",
  closed: "Petition closed: it takes no more signatures. You can reopen it.",
  reopened: "Petition reopened: it takes signatures again.",
  erased: "Erasure recorded: what it removed is below.",
  invalidated: "Invalidation recorded: what it removed is below.",
  "flag-dismissed": "Flag dismissed: its signatures stay.",
  "dead-letters-replayed": "Replay run: any signatures still kept are counted below.",
  "key-revoked": "Key revoked: it is refused everywhere within seconds.",
  "webhook-paused": "Endpoint paused: its events are kept for 7 days.",
  "webhook-resumed": "Endpoint resumed: what waits for it is sent within a minute.",
  "webhook-tested": "Test event sent: the table shows whether the receiver took it.",
  "webhook-deleted": "Endpoint deleted.",
  "webhook-replayed": "Replay scheduled: the next minute's run sends those events again.",
} as const;

export type NoticeKey = keyof typeof NOTICES;

/** The notice a key names; none for anything else. */
export function noticeOf(key: string | undefined): string | undefined {
  return key !== undefined && Object.hasOwn(NOTICES, key) ? NOTICES[key as NoticeKey] : undefined;
}

/** A console path that shows `key`'s notice once reached. */
export function withNotice(path: string, key: NoticeKey): string {
  return `${path}?notice=${key}`;
}
