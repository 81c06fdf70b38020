/**
 * The scheduled handler. Every minute: aggregate, publish to KV, look for fraud waves, then webhooks, a
 * batch of key rotation, one of confirmation reminders and purges and a step of retention (whose failures
 * never hold up the tally), then continue the bulk steps an earlier invocation left under way. Nightly:
 * reconcile, purge old erasure and removal records and fraud flags. Daily: queue the
 * organisers' report. A test checks SCHEDULES against wrangler.toml's crons.
 */

import { errorMessage } from "../src/error-message";
import { log } from "../src/log";
import { KEY_ROTATION_BATCH, rotateKeys } from "../src/privacy/key-rotation";
import { continuePendingRemovals } from "../src/privacy/removal";
import { applyRetention } from "../src/privacy/retention";
import { confirmationUpkeep } from "../src/signing/confirmation";
import type { CallBudget } from "../src/store/call-budget";
import { purgeEmailOutcomes } from "../src/store/email-outcomes";
import { purgeFlags } from "../src/store/fraud-waves";
import { purgeRemovals } from "../src/store/removals";
import { purgeErasures } from "../src/store/signatures";
import { recordTallyRun } from "../src/store/tallies";
import { aggregate } from "../src/tally/aggregate";
import { detectFraudWaves, forgetOldSlices } from "../src/tally/fraud-waves";
import { publishTally } from "../src/tally/publish";
import { RECONCILE_CHUNKS, reconcile } from "../src/tally/reconcile";
import { queueDailyReport } from "../src/webhooks/events";
import { webhooksMinute } from "../src/webhooks/minute";
import {
  bulkCallBudget,
  configuredWebhookReceivers,
  confirmationOptions,
  keyring,
  milestoneThresholds,
  retentionDays,
  webhookDeliveryOptions,
} from "./config";

/** Held signatures reminded, and expired ones purged, per minute at most. */
const CONFIRMATION_BATCH = 100;

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
  await recordTallyRun(env.DB, now);
  log.info("tally", { ...result, published_petitions: published.petitions });
}

/** Fraud-wave detection over what the tally just counted (it flags, and never removes a signature), then a step of forgetting old slices. */
async function runFraudWaves(env: Env, now: number): Promise<void> {
  // As many signatures a run as the tally counts in one (10 batches of 20,000).
  const result = await detectFraudWaves(env.DB, { now, maxIds: 20_000, maxSteps: 10 });
  const forgotten = await forgetOldSlices(env.DB, now);
  if (result.flagged + forgotten > 0) log.info("fraud-waves", { ...result, forgotten_slices: forgotten });
}

/** The webhook endpoints: only the minute's run delivers, after the tally it reports on. */
async function runWebhooks(env: Env, now: number): Promise<void> {
  const outcome = await webhooksMinute(
    env.DB,
    await configuredWebhookReceivers(env),
    await webhookDeliveryOptions(env, now),
  );
  if (outcome.messages + outcome.failed > 0) log.info("webhooks", outcome);
}

/**
 * How long erasure and removal records are kept: longer than a queued signature can wait to be stored
 * (10 retries with backoff, then 100 dead-letter retries 15 minutes apart: about 26 hours).
 */
export const REMOVAL_RECORDS_KEPT_DAYS = 30;

/** Works on the recount within `budget`: the nightly run starts one, the minute's runs only continue it. */
async function runReconcile(env: Env, now: number, budget: CallBudget, start: boolean): Promise<void> {
  const { complete, chunks, drift } = await reconcile(env.DB, { now, ...RECONCILE_CHUNKS, start, budget });
  if (chunks === 0) return;
  for (const d of drift.petitions) log.warn("tally-drift", { petition: d.label, was: d.was, now: d.now });
  for (const d of drift.countries) log.warn("tally-drift", { country: d.label, was: d.was, now: d.now });
  log.info("reconcile", {
    complete,
    chunks,
    drifted_petitions: drift.petitions.length,
    drifted_countries: drift.countries.length,
    drifted_petition_countries: drift.petitionCountries.length,
    drifted_hours: drift.hours.length,
  });
}

async function runNightly(env: Env, now: number): Promise<void> {
  await runReconcile(env, now, bulkCallBudget(env), true);
  // Repaired petitions were marked changed, so this publishes just them; the global tally always.
  await publishTally(env.DB, env.KV, new Date(now), { global: true });
  const forgetBefore = now - REMOVAL_RECORDS_KEPT_DAYS * 86_400_000;
  await purgeErasures(env.DB, forgetBefore);
  await purgeRemovals(env.DB, forgetBefore);
  await purgeEmailOutcomes(env.DB, forgetBefore);
  await purgeFlags(env.DB, forgetBefore);
}

/**
 * After the minute's own work, one budget of D1 calls for what earlier invocations left under way:
 * removals first (an organiser waits on them), then the recount (its repairs are published next minute).
 */
async function continueBulkSteps(env: Env, now: number): Promise<void> {
  const budget = bulkCallBudget(env);
  for (const removal of await continuePendingRemovals(env.DB, now, budget))
    log.info("removal", { id: removal.id, removed: removal.removed, completed: !!removal.completedAt });
  await runReconcile(env, now, budget, false);
}

/** One bounded batch of key rotation a minute; a run that finds nothing to do reads only new rows. */
async function runKeyRotation(env: Env): Promise<void> {
  const progress = await rotateKeys(env.DB, await keyring(env), KEY_ROTATION_BATCH);
  if (progress.resealed > 0) log.info("key-rotation", { ...progress });
}

/** Reminders and purges of signatures waiting for confirmation, a bounded batch of each. */
async function runConfirmationUpkeep(env: Env, now: number): Promise<void> {
  const upkeep = await confirmationUpkeep(
    env.DB,
    await keyring(env),
    () => confirmationOptions(env),
    now,
    CONFIRMATION_BATCH,
  );
  if (upkeep.reminded + upkeep.purged > 0) log.info("confirmations", { ...upkeep });
}

/** One bounded step of anonymising the signatures of petitions closed RETENTION_DAYS ago. */
async function runRetention(env: Env, now: number): Promise<void> {
  const progress = await applyRetention(env.DB, retentionDays(env), new Date(now));
  if (progress) log.info("retention", { ...progress });
}

/** Trouble after the tally is logged, never thrown: the tally has already been published by then. */
async function safely(event: string, step: Promise<void>): Promise<void> {
  try {
    await step;
  } catch (error) {
    log.error(event, { error: errorMessage(error) });
  }
}

export async function scheduled(controller: ScheduledController, env: Env): Promise<void> {
  const now = Date.now();
  switch (controller.cron) {
    case SCHEDULES.reconcile:
      await runNightly(env, now);
      break;
    case SCHEDULES.dailyReport:
      // The scheduled time, not the clock: a late or retried run still reports the same day.
      // Queued only: the next minute's run delivers it.
      await queueDailyReport(env.DB, controller.scheduledTime);
      break;
    case SCHEDULES.tally:
      await runTally(env, now);
      // Before the webhooks, which announce what it flags.
      await safely("fraud-waves-error", runFraudWaves(env, now));
      await safely("webhooks-error", runWebhooks(env, now));
      await safely("key-rotation-error", runKeyRotation(env));
      await safely("confirmations-error", runConfirmationUpkeep(env, now));
      await safely("retention-error", runRetention(env, now));
      await continueBulkSteps(env, now);
      break;
    default:
      throw new Error(`No job for cron schedule "${controller.cron}": add it to SCHEDULES in functions/cron.ts`);
  }
}
