/** The webhooks' share of the minute's cron run: configured endpoints in step, new milestones and fraud flags queued, old events forgotten, then delivery. */
import { dueEndpoints, markAndPurge, skipExpired } from "../store/webhooks";
import { type DeliveryOptions, deliverAll } from "./delivery";
import { type ConfiguredReceiver, syncConfiguredEndpoints } from "./endpoints";
import { queueFraudEvents, queueMilestoneEvents } from "./events";

/** Events (and signatures) an endpoint that is paused, disabled or failing can still be sent later. */
export const KEPT_DAYS = 7;
const DAY_MS = 86_400_000;

export async function webhooksMinute(db: D1Database, receivers: ConfiguredReceiver[], options: DeliveryOptions) {
  const { now } = options;
  await syncConfiguredEndpoints(db, receivers, now);
  await queueMilestoneEvents(db, now);
  await queueFraudEvents(db, now, options.consoleUrl);
  // Marks are kept a day longer than events, so a replay from 7 days ago still finds its start.
  await db.batch([...markAndPurge(db, now, now - (KEPT_DAYS + 1) * DAY_MS), skipExpired(db, now - KEPT_DAYS * DAY_MS)]);
  return deliverAll(db, await dueEndpoints(db, now), options);
}
