/**
 * Report webhooks: milestone events and the daily report, queued in D1's outbox and delivered (and
 * retried) by the minute's cron runs, with an HMAC signature receivers verify.
 */
import { hmacSha256 } from "../crypto/keyed-hash";
import {
  markAbandoned,
  markDelivered,
  markFailed,
  markMilestoneAnnounced,
  milestonesToAnnounce,
  type OutboxRow,
  pendingDeliveries,
  queueDelivery,
} from "../store/outbox";
import { dailyFigures } from "../store/tallies";

export const SIGNATURE_HEADER = "Petition-Edge-Signature";
export const EVENT_HEADER = "Petition-Edge-Event";
/** A delivery is given up after this many failed attempts (one per cron run). */
export const MAX_ATTEMPTS = 10;
/** A Worker keeps at most six connections open; more would only queue and time out unsent. */
const PARALLEL_DELIVERIES = 6;

const format = (n: number) => new Intl.NumberFormat("en").format(n);
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

/** A configured receiver. D1 stores only `id`: receivers' URLs are secrets. */
export interface Receiver {
  id: string;
  url: string;
}

export async function receiversOf(urls: string[]): Promise<Receiver[]> {
  const encoder = new TextEncoder();
  return Promise.all(
    urls.map(async (url) => ({
      id: hex(new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(url)))),
      url,
    })),
  );
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>.<body>">`: the timestamp guards against replays. */
export async function signWebhook(secret: string, body: string, timestamp: number): Promise<string> {
  return `t=${timestamp},v1=${hex(await hmacSha256(secret, `${timestamp}.${body}`))}`;
}

/** Queues one delivery per receiver for each milestone not yet announced; returns how many milestones. */
export async function queueMilestoneEvents(db: D1Database, receivers: Receiver[], now: number): Promise<number> {
  const milestones = await milestonesToAnnounce(db, 50);
  if (milestones.length === 0) return 0;
  const statements = milestones.flatMap((m) => {
    const id = `milestone:${m.slug}:${m.threshold}`;
    const payload = JSON.stringify({
      type: "milestone",
      id,
      petition: { slug: m.slug, title: m.title, goal: m.goal },
      threshold: m.threshold,
      count: m.count,
      reached_at: new Date(m.reached_at).toISOString(),
      text: `"${m.title}" reached ${m.threshold === m.goal ? "its goal of " : ""}${format(m.threshold)} signatures (${format(m.count)} now).`,
    });
    return [...receivers.map((r) => queueDelivery(db, r.id, id, payload, now)), markMilestoneAnnounced(db, m, now)];
  });
  await db.batch(statements);
  return milestones.length;
}

/** Queues the report of the UTC day before `now`; queuing the same day twice adds nothing. */
export async function queueDailyReport(db: D1Database, receivers: Receiver[], now: number): Promise<void> {
  if (receivers.length === 0) return;
  const dayEnd = Math.floor(now / 86_400_000) * 86_400_000;
  const date = new Date(dayEnd - 86_400_000).toISOString().slice(0, 10);
  const petitions = await dailyFigures(db, dayEnd - 86_400_000, dayEnd);
  const signatures = petitions.reduce((sum, p) => sum + p.signatures, 0);
  const lines = petitions.map(
    (p) => `• ${p.title}: +${format(p.signatures)} (${format(p.total)} of ${format(p.goal)})`,
  );
  const id = `daily-report:${date}`;
  const payload = JSON.stringify({
    type: "daily_report",
    id,
    date,
    signatures,
    petitions,
    text: [`Petition Edge, ${date}: ${format(signatures)} new signatures.`, ...lines].join("\n"),
  });
  await db.batch(receivers.map((r) => queueDelivery(db, r.id, id, payload, now)));
}

export interface DeliveryOptions {
  receivers: Receiver[];
  secret: string;
  now: number;
  limit: number;
  timeoutMs: number;
}

/** POSTs one waiting row; the statement that records the outcome comes back. */
async function deliver(
  db: D1Database,
  row: OutboxRow,
  url: string,
  options: DeliveryOptions,
): Promise<{ delivered: boolean; record: D1PreparedStatement }> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        [EVENT_HEADER]: row.event_id,
        [SIGNATURE_HEADER]: await signWebhook(options.secret, row.payload, Math.floor(options.now / 1000)),
      },
      body: row.payload,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    await res.body?.cancel();
    if (res.ok) return { delivered: true, record: markDelivered(db, row.id, options.now) };
    return { delivered: false, record: markFailed(db, row.id, `HTTP ${res.status}`) };
  } catch (error) {
    return { delivered: false, record: markFailed(db, row.id, error instanceof Error ? error.name : "error") };
  }
}

/** POSTs what is waiting, six at a time; each outcome is recorded, and failures wait for the next run. */
export async function deliverWebhooks(
  db: D1Database,
  options: DeliveryOptions,
): Promise<{ delivered: number; failed: number }> {
  const urls = new Map(options.receivers.map((r) => [r.id, r.url]));
  const pending = await pendingDeliveries(db, MAX_ATTEMPTS, options.limit);
  const records: D1PreparedStatement[] = [];
  let delivered = 0;
  for (let start = 0; start < pending.length; start += PARALLEL_DELIVERIES) {
    const outcomes = await Promise.all(
      pending.slice(start, start + PARALLEL_DELIVERIES).map((row) => {
        const url = urls.get(row.receiver);
        return url
          ? deliver(db, row, url, options)
          : { delivered: false, record: markAbandoned(db, row.id, MAX_ATTEMPTS) };
      }),
    );
    for (const outcome of outcomes) {
      records.push(outcome.record);
      if (outcome.delivered) delivered += 1;
    }
  }
  if (records.length > 0) await db.batch(records);
  return { delivered, failed: pending.length - delivered };
}
