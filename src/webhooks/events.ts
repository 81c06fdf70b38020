/**
 * What the webhook system sends: event types, the report events (milestones, the daily report, suspected fraud) as
 * they are queued, and signature events in Action Network's shape, each with a stable idempotency key.
 */
import type { Keyring } from "../crypto/sealing";
import { number, percent } from "../english-figures";
import { isoTime } from "../iso-time";
import { type OsdiUrls, SYSTEM, storedSignature } from "../osdi/resources";
import { flagsToAnnounce, markFlagAnnounced, seenIn } from "../store/fraud-waves";
import { markMilestoneAnnounced, milestonesToAnnounce } from "../store/milestones";
import type { PetitionRecord } from "../store/petitions";
import type { StoredSignature } from "../store/signatures";
import { dailyFigures } from "../store/tallies";
import { type EventRow, insertEvent } from "../store/webhooks";

export const SIGNATURE_EVENTS = ["signature.created", "signature.erased", "signature.invalidated"] as const;
export const REPORT_EVENTS = ["milestone", "daily_report", "fraud.suspected"] as const;
export const EVENT_TYPES = [...SIGNATURE_EVENTS, ...REPORT_EVENTS] as const;
export type EventType = (typeof EVENT_TYPES)[number];
/** Sent to one endpoint on request, whatever it subscribes to. */
export const TEST_EVENT = "webhook.test";

/** Events delivered one per message, as JSON objects (Slack-style receivers read their `text`). */
export const isSingleEvent = (type: string) => type !== "signature.erased" && type !== "signature.invalidated";

/** Queues an event for each milestone not yet announced; returns how many. */
export async function queueMilestoneEvents(db: D1Database, now: number): Promise<number> {
  const milestones = await milestonesToAnnounce(db, 50);
  if (milestones.length === 0) return 0;
  await db.batch(
    milestones.flatMap((m) => {
      const id = `milestone:${m.slug}:${m.threshold}`;
      const payload = JSON.stringify({
        type: "milestone",
        id,
        petition: { slug: m.slug, title: m.title, goal: m.goal },
        threshold: m.threshold,
        count: m.count,
        reached_at: new Date(m.reached_at).toISOString(),
        text: `"${m.title}" reached ${m.threshold === m.goal ? "its goal of " : ""}${number.format(m.threshold)} signatures (${number.format(m.count)} now).`,
      });
      return [
        insertEvent(db, { type: "milestone", petitionId: m.petition_id, key: id, payload, now }),
        markMilestoneAnnounced(db, m, now),
      ];
    }),
  );
  return milestones.length;
}

/**
 * Queues fraud.suspected for each flag not yet announced (once per flag, however often it is brought
 * up to date); returns how many. Nothing personal: what was seen names no network or domain but a
 * public disposable-address service. `consoleUrl` is where the console is served (…/admin).
 */
export async function queueFraudEvents(db: D1Database, now: number, consoleUrl: string): Promise<number> {
  const flags = await flagsToAnnounce(db, 50);
  if (flags.length === 0) return 0;
  await db.batch(
    flags.flatMap((flag) => {
      const id = `fraud.suspected:${flag.id}`;
      const seen = seenIn(flag);
      const share = flag.count / flag.hour_count;
      const review = `${consoleUrl}/p/${flag.slug}/fraud-flags#flag-${flag.id}`;
      const [from, to] = [isoTime(flag.first_at), isoTime(flag.last_at)];
      const payload = JSON.stringify({
        type: "fraud.suspected",
        id,
        petition: { slug: flag.slug, title: flag.title },
        dimension: flag.dimension,
        seen,
        signatures: flag.count,
        share_of_hour: Number(share.toFixed(4)),
        usual_share: Number(flag.usual_share.toFixed(4)),
        first_signed_at: from,
        last_signed_at: to,
        console_url: review,
        text: `Suspected fraud on "${flag.title}": ${seen} brought ${number.format(flag.count)} signatures (${percent.format(share)} of the hour) from ${from} to ${to}. Nothing was removed; review: ${review}`,
      });
      return [
        insertEvent(db, { type: "fraud.suspected", petitionId: flag.petition_id, key: id, payload, now }),
        markFlagAnnounced(db, flag.id, now),
      ];
    }),
  );
  return flags.length;
}

/** Queues the report of the UTC day before `now`; queuing the same day twice adds nothing. */
export async function queueDailyReport(db: D1Database, now: number): Promise<void> {
  const dayEnd = Math.floor(now / 86_400_000) * 86_400_000;
  const date = new Date(dayEnd - 86_400_000).toISOString().slice(0, 10);
  const petitions = await dailyFigures(db, dayEnd - 86_400_000, dayEnd);
  const signatures = petitions.reduce((sum, p) => sum + p.signatures, 0);
  const lines = petitions.map(
    (p) => `• ${p.title}: +${number.format(p.signatures)} (${number.format(p.total)} of ${number.format(p.goal)})`,
  );
  const id = `daily-report:${date}`;
  const payload = JSON.stringify({
    type: "daily_report",
    id,
    date,
    signatures,
    petitions,
    text: [`Petition Edge, ${date}: ${number.format(signatures)} new signatures.`, ...lines].join("\n"),
  });
  await insertEvent(db, { type: "daily_report", petitionId: null, key: id, payload, now }).run();
}

/** A test event for one endpoint (the console's "send test event"). */
export function testEvent(db: D1Database, endpointId: string, now: number): D1PreparedStatement {
  const id = `${TEST_EVENT}:${endpointId}:${now}:${crypto.randomUUID()}`;
  const payload = JSON.stringify({ type: TEST_EVENT, id, text: "A test event from Petition Edge." });
  return insertEvent(db, { type: TEST_EVENT, petitionId: null, endpointId, key: id, payload, now });
}

/** signature.created, Action Network-shaped: the signature with its person embedded (what the petition collects). */
export async function createdEvent(petition: PetitionRecord, row: StoredSignature, keyring: Keyring, urls: OsdiUrls) {
  return {
    idempotency_key: `signature.created:${row.id}`,
    [`${SYSTEM}:event`]: "signature.created",
    "osdi:signature": await storedSignature(petition, row, keyring, urls),
  };
}

/** signature.erased or .invalidated: which signature (as signature.created named it), nothing personal. */
export function removedEvent(event: EventRow, urls: OsdiUrls) {
  const { signature_id: id, petition: slug } = JSON.parse(event.payload) as { signature_id: number; petition: string };
  return {
    idempotency_key: event.idempotency_key,
    [`${SYSTEM}:event`]: event.type,
    "osdi:signature": {
      identifiers: [`${SYSTEM}:${id}`],
      _links: { self: { href: urls.signature(slug, id) }, "osdi:petition": { href: urls.petition(slug) } },
    },
  };
}
