/**
 * The scheduled handler. Every minute: aggregate, publish to KV, then webhooks (whose failures never
 * hold up the tally). Nightly: reconcile and purge old erasure records. Daily: queue the organisers'
 * report. A test checks SCHEDULES against wrangler.toml's crons.
 */

import { errorMessage } from "../src/error-message";
import { purgeErasures } from "../src/store/signatures";
import { aggregate } from "../src/tally/aggregate";
import { publishTally } from "../src/tally/publish";
import { RECONCILE_CHUNKS, reconcile } from "../src/tally/reconcile";
import { deliverWebhooks, queueDailyReport, queueMilestoneEvents, receiversOf } from "../src/tally/webhooks";
import { milestoneThresholds, webhookReceivers } from "./config";

export const SCHEDULES = {
  tally: "* * * * *",
  reconcile: "0 3 * * *",
  dailyReport: "0 6 * * *",
} as const;

async function runTally(env: Env, now: number): Promise<void> {
  const result = await aggregate(env.DB, {
    now,
    thresholds: milestoneThresholds(env),
    // A transaction of 20,000 stays well under 100 ms even while a recount follows (bench/bulk.bench.ts).
    maxPerBatch: 20_000,
    maxBatches: 10,
  });
  const published = await publishTally(env.DB, env.KV, new Date(now));
  console.log(JSON.stringify({ event: "tally", ...result, published_petitions: published.petitions }));
}

/** Queues milestone events, then delivers what waits. Only the minute's run delivers, so no row is sent twice at once. */
async function runWebhooks(env: Env, now: number): Promise<void> {
  const receivers = await receiversOf(webhookReceivers(env));
  await queueMilestoneEvents(env.DB, receivers, now);
  if (receivers.length === 0) return;
  if (!env.WEBHOOK_SECRET) {
    console.warn(JSON.stringify({ event: "webhooks", skipped: "WEBHOOK_SECRET is not set" }));
    return;
  }
  const outcome = await deliverWebhooks(env.DB, {
    receivers,
    secret: env.WEBHOOK_SECRET,
    now,
    limit: 24,
    timeoutMs: 5000,
  });
  if (outcome.delivered + outcome.failed > 0) console.log(JSON.stringify({ event: "webhooks", ...outcome }));
}

/**
 * How long an erasure is remembered: longer than a queued signature can wait to be stored (10 retries
 * with backoff, then 100 dead-letter retries 15 minutes apart: about 26 hours).
 */
export const QUEUED_SIGNATURE_LIFETIME_DAYS = 30;

async function runReconcile(env: Env, now: number): Promise<void> {
  const { complete, chunks, drift } = await reconcile(env.DB, { now, ...RECONCILE_CHUNKS });
  for (const d of drift.petitions)
    console.warn(JSON.stringify({ event: "tally-drift", petition: d.label, was: d.was, now: d.now }));
  for (const d of drift.countries)
    console.warn(JSON.stringify({ event: "tally-drift", country: d.label, was: d.was, now: d.now }));
  // Repaired petitions were marked changed, so this publishes just them; the global tally always.
  await publishTally(env.DB, env.KV, new Date(now), { global: true });
  await purgeErasures(env.DB, now - QUEUED_SIGNATURE_LIFETIME_DAYS * 86_400_000);
  console.log(
    JSON.stringify({
      event: "reconcile",
      complete,
      chunks,
      drifted_petitions: drift.petitions.length,
      drifted_countries: drift.countries.length,
      drifted_petition_countries: drift.petitionCountries.length,
      drifted_hours: drift.hours.length,
    }),
  );
}

/** Webhook trouble is logged, never thrown: the tally has already been published by then. */
async function safely(step: Promise<void>): Promise<void> {
  try {
    await step;
  } catch (error) {
    console.error(JSON.stringify({ event: "webhooks-error", error: errorMessage(error) }));
  }
}

export async function scheduled(controller: ScheduledController, env: Env): Promise<void> {
  const now = Date.now();
  switch (controller.cron) {
    case SCHEDULES.reconcile:
      await runReconcile(env, now);
      break;
    case SCHEDULES.dailyReport:
      // The scheduled time, not the clock: a late or retried run still reports the same day.
      // Queued only: the next minute's run delivers it.
      await queueDailyReport(env.DB, await receiversOf(webhookReceivers(env)), controller.scheduledTime);
      break;
    case SCHEDULES.tally:
      await runTally(env, now);
      await safely(runWebhooks(env, now));
      break;
    default:
      throw new Error(`No job for cron schedule "${controller.cron}": add it to SCHEDULES in functions/cron.ts`);
  }
}
