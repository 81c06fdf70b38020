/**
 * Report webhooks: milestone events and the daily report, queued in D1's outbox in the transaction
 * that decides them, and delivered (retried on later runs) with an HMAC signature receivers verify.
 */
import { hmacSha256 } from "../signing/keyed-hash";
import {
  dailyFigures,
  markDelivered,
  markFailed,
  markMilestoneAnnounced,
  milestonesToAnnounce,
  pendingDeliveries,
  queueDelivery,
} from "../store/outbox";

export const SIGNATURE_HEADER = "Petition-Edge-Signature";
export const EVENT_HEADER = "Petition-Edge-Event";
/** A delivery is given up after this many failed attempts (one per cron run). */
export const MAX_ATTEMPTS = 10;

const format = (n: number) => new Intl.NumberFormat("en").format(n);

/** `t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>.<body>">`: the timestamp guards against replays. */
export async function signWebhook(secret: string, body: string, timestamp: number): Promise<string> {
  const mac = await hmacSha256(secret, `${timestamp}.${body}`);
  return `t=${timestamp},v1=${Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** Queues one delivery per receiver for each milestone not yet announced; returns how many milestones. */
export async function queueMilestoneEvents(db: D1Database, urls: string[], now: number): Promise<number> {
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
    return [...urls.map((url) => queueDelivery(db, url, id, payload, now)), markMilestoneAnnounced(db, m, now)];
  });
  await db.batch(statements);
  return milestones.length;
}

/** Queues the report of the UTC day before `now`; queuing the same day twice adds nothing. */
export async function queueDailyReport(db: D1Database, urls: string[], now: number): Promise<void> {
  if (urls.length === 0) return;
  const dayEnd = Math.floor(now / 86_400_000) * 86_400_000;
  const date = new Date(dayEnd - 86_400_000).toISOString().slice(0, 10);
  const petitions = await dailyFigures(db, dayEnd - 86_400_000, dayEnd);
  const signatures = petitions.reduce((sum, p) => sum + p.signatures, 0);
  const lines = petitions.map((p) => `• ${p.title}: +${format(p.signatures)} (${format(p.total)} of ${format(p.goal)})`);
  const id = `daily-report:${date}`;
  const payload = JSON.stringify({
    type: "daily_report",
    id,
    date,
    signatures,
    petitions,
    text: [`Petition Edge, ${date}: ${format(signatures)} new signatures.`, ...lines].join("\n"),
  });
  await db.batch(urls.map((url) => queueDelivery(db, url, id, payload, now)));
}

export interface DeliveryOptions {
  secret: string;
  now: number;
  limit: number;
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** POSTs what is waiting; each outcome is recorded, and failures wait for the next run. */
export async function deliverWebhooks(db: D1Database, options: DeliveryOptions): Promise<{ delivered: number; failed: number }> {
  const send = options.fetch ?? fetch;
  const pending = await pendingDeliveries(db, MAX_ATTEMPTS, options.limit);
  const timestamp = Math.floor(options.now / 1000);
  const outcomes = await Promise.all(
    pending.map(async (row): Promise<{ delivered: boolean; record: D1PreparedStatement }> => {
      try {
        const res = await send(row.url, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            [EVENT_HEADER]: row.event_id,
            [SIGNATURE_HEADER]: await signWebhook(options.secret, row.payload, timestamp),
          },
          body: row.payload,
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        await res.body?.cancel();
        if (res.ok) return { delivered: true, record: markDelivered(db, row.id, options.now) };
        return { delivered: false, record: markFailed(db, row.id, `HTTP ${res.status}`) };
      } catch (error) {
        // The error's kind only: a receiver's URL may carry a token, which must stay out of D1 and logs.
        return { delivered: false, record: markFailed(db, row.id, error instanceof Error ? error.name : "error") };
      }
    }),
  );
  if (outcomes.length > 0) await db.batch(outcomes.map((o) => o.record));
  const delivered = outcomes.filter((o) => o.delivered).length;
  return { delivered, failed: outcomes.length - delivered };
}
