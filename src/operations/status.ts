/**
 * The operator's status (GET /v1/admin/status, the console's status page): are signatures being
 * counted? Item by item, each green, amber or red by the threshold it states, from one batch of small
 * D1 reads (src/store/status.ts) and the KV list of dead letters: cheap enough to poll every minute.
 * docs/operations.md explains each item and what to do about it.
 */
import type { ConfigCheck } from "../config/checks";
import { errorMessage } from "../error-message";
import { isoTime } from "../iso-time";
import { KEY_ROTATION_BATCH } from "../privacy/key-rotation";
import { deadLetterCount } from "../signing/dead-letters";
import { COUNT_CAP, readStatusFigures, type StatusFigures } from "../store/status";
import { KEPT_DAYS } from "../webhooks/minute";

export const LEVELS = ["green", "amber", "red"] as const;
export type Level = (typeof LEVELS)[number];

export type Figure = number | string | boolean | null;

export const STATUS_ITEM_IDS = [
  "tally",
  "untallied",
  "reconciliation",
  "queue",
  "webhooks",
  "encryption",
  "email",
  "configuration",
] as const;
export type StatusItemId = (typeof STATUS_ITEM_IDS)[number];

export interface StatusItem {
  id: StatusItemId;
  title: string;
  status: Level;
  /** A sentence with the figures that decided the status. */
  summary: string;
  /** When the item is green, amber and red. */
  threshold: string;
  figures: Record<string, Figure>;
  /** One line per endpoint, key or setting that needs a look. */
  details: string[];
}

export interface StatusInputs {
  now: number;
  /** ENCRYPTION_KEYS' ids, the current one first; null when the secret cannot be read. */
  keyIds: string[] | null;
  /** `npm run doctor`'s checks (src/config/checks.ts) over the Worker's settings. */
  configuration: ConfigCheck[];
}

export interface OperatorStatus {
  /** The worst item's. */
  status: Level;
  checked_at: string;
  items: StatusItem[];
  /** Kept dead-lettered batches, as the console's petitions page shows them. */
  dead_letters: { batches: number; signatures: number };
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** The tally cron runs every minute: amber once a few runs are missed, red once counts are clearly stale. */
const TALLY_AMBER_MS = 3 * MINUTE_MS;
const TALLY_RED_MS = 10 * MINUTE_MS;
/** The recount starts nightly at 03:00 UTC: amber once one night is missed, red after two. */
const RECONCILE_AMBER_MS = 26 * HOUR_MS;
const RECONCILE_RED_MS = 50 * HOUR_MS;
/** One minute's delivery to an endpoint: 100 messages of 100 events. */
const WEBHOOK_BACKLOG_AMBER = 10_000;

type ItemReading = Pick<StatusItem, "status" | "summary" | "figures"> & { details?: string[] };

interface ItemDefinition<Source> {
  id: StatusItemId;
  title: string;
  threshold: string;
  read: (source: Source) => ItemReading;
}

const worst = (levels: Level[]): Level => LEVELS[Math.max(0, ...levels.map((level) => LEVELS.indexOf(level)))]!;

const byAge = (ageMs: number, amberMs: number, redMs: number): Level =>
  ageMs >= redMs ? "red" : ageMs >= amberMs ? "amber" : "green";

const count = (n: number) => n.toLocaleString("en");
const minutes = (ms: number) => `${ms / MINUTE_MS} minutes`;
const hours = (ms: number) => `${ms / HOUR_MS} hours`;
const capped = (n: number) => (n >= COUNT_CAP ? `${count(COUNT_CAP)} or more` : count(n));

function ago(ms: number): string {
  if (ms < MINUTE_MS) return `${Math.max(0, Math.round(ms / 1000))} s`;
  if (ms < HOUR_MS) return `${Math.round(ms / MINUTE_MS)} min`;
  if (ms < 48 * HOUR_MS) return `${Math.round(ms / HOUR_MS)} h`;
  return `${Math.round(ms / (24 * HOUR_MS))} days`;
}

type D1Source = { figures: StatusFigures; now: number; keyIds: string[] | null };

const tally: ItemDefinition<D1Source> = {
  id: "tally",
  title: "Tally runs",
  threshold: `Green while the last run (every minute) finished under ${minutes(TALLY_AMBER_MS)} ago; amber under ${minutes(TALLY_RED_MS)}; red after that, or before any run.`,
  read: ({ figures: { tally }, now }) => {
    const figures = { last_run_at: isoTime(tally.ran_at || null), last_counted_at: isoTime(tally.updated_at || null) };
    if (!tally.ran_at) return { status: "red", summary: "No tally run has finished yet.", figures };
    const age = now - tally.ran_at;
    return {
      status: byAge(age, TALLY_AMBER_MS, TALLY_RED_MS),
      summary: `The last run finished ${ago(age)} ago.`,
      figures,
    };
  },
};

const untallied: ItemDefinition<D1Source> = {
  id: "untallied",
  title: "Signatures stored but not yet tallied",
  threshold: `By the oldest waiting signature's age since it was accepted: green under ${minutes(TALLY_AMBER_MS)} (the next run counts it), amber under ${minutes(TALLY_RED_MS)}, red after that. Counted up to ${count(COUNT_CAP)}.`,
  read: ({ figures: { tally }, now }) => {
    const figures = { untallied: tally.untallied, oldest_accepted_at: isoTime(tally.oldest_untallied_at) };
    if (tally.oldest_untallied_at === null)
      return { status: "green", summary: "Every stored signature is counted.", figures };
    const age = now - tally.oldest_untallied_at;
    return {
      status: byAge(age, TALLY_AMBER_MS, TALLY_RED_MS),
      summary: `${capped(tally.untallied)} stored signatures wait for the next run; the oldest was accepted ${ago(age)} ago.`,
      figures,
    };
  },
};

const reconciliation: ItemDefinition<D1Source> = {
  id: "reconciliation",
  title: "Nightly reconciliation",
  threshold: `Green when the last recount (nightly at 03:00 UTC) completed under ${hours(RECONCILE_AMBER_MS)} ago and found no drift; amber when it found drift (repaired), when it is ${hours(RECONCILE_AMBER_MS)} to ${hours(RECONCILE_RED_MS)} old, or before the first one completes; red after ${hours(RECONCILE_RED_MS)}.`,
  read: ({ figures: { recount }, now }) => {
    const underWay = recount.state !== "idle";
    const figures = {
      last_completed_at: isoTime(recount.completed_at),
      drifted_rows: recount.completed_drifted,
      under_way: underWay,
    };
    const details = underWay ? [`A recount is under way: ${count(recount.drifted)} drifted rows repaired so far.`] : [];
    if (recount.completed_at === null)
      return { status: "amber", summary: "No recount has completed yet.", figures, details };
    const age = now - recount.completed_at;
    const drifted = recount.completed_drifted ?? 0;
    const level = byAge(age, RECONCILE_AMBER_MS, RECONCILE_RED_MS);
    return {
      status: worst([level, drifted > 0 ? "amber" : "green"]),
      summary: `The last recount completed ${ago(age)} ago and repaired ${count(drifted)} drifted tally rows.`,
      figures,
      details,
    };
  },
};

const webhooks: ItemDefinition<D1Source> = {
  id: "webhooks",
  title: "Webhook delivery",
  threshold: `Red while an endpoint is disabled after failing (its events wait ${KEPT_DAYS} days for a resume); amber while an active endpoint is failing (retried on schedule) or has more than ${count(WEBHOOK_BACKLOG_AMBER)} signatures and events waiting; green otherwise.`,
  read: ({ figures: { endpoints } }) => {
    const active = endpoints.filter((e) => e.state === "active");
    const failing = active.filter((e) => e.failures > 0);
    const gaveUp = endpoints.filter((e) => e.state === "disabled" && e.failures > 0);
    const backlog = Math.max(0, ...active.map((e) => e.waiting_at_most));
    const figures = {
      endpoints: endpoints.length,
      active: active.length,
      paused: endpoints.filter((e) => e.state === "paused").length,
      disabled: endpoints.filter((e) => e.state === "disabled").length,
      failing: failing.length,
      largest_backlog_at_most: backlog,
    };
    const details = [
      ...failing.map(
        (e) =>
          `${e.id}: failing since ${isoTime(e.failing_since)} (${e.last_error ?? "error"}), ${e.failures} attempts so far.`,
      ),
      ...gaveUp.map((e) => `${e.id}: disabled. ${e.disabled_reason ?? ""}`.trim()),
    ];
    if (endpoints.length === 0) return { status: "green", summary: "No webhook endpoints.", figures };
    const status: Level =
      gaveUp.length > 0 ? "red" : failing.length > 0 || backlog > WEBHOOK_BACKLOG_AMBER ? "amber" : "green";
    return {
      status,
      summary: `${figures.active} active, ${figures.paused} paused, ${figures.disabled} disabled, ${failing.length} failing; at most ${count(backlog)} signatures and events wait for the furthest behind.`,
      figures,
      details,
    };
  },
};

const encryption: ItemDefinition<D1Source> = {
  id: "encryption",
  title: "Encryption keys",
  threshold: `Red when ENCRYPTION_KEYS cannot be read, or rows are sealed under a key it no longer lists; amber while rows are still sealed under an old key (or none), which the minute's rotation reseals; green otherwise. Looks at up to ${count(COUNT_CAP)} rows per table past the rotation's cursor.`,
  read: ({ figures: { sealing }, keyIds }) => {
    if (!keyIds || !sealing)
      return {
        status: "red",
        summary: "ENCRYPTION_KEYS cannot be read: signing answers 503 (see Configuration).",
        figures: { current_key: null },
      };
    const tables = Object.values(sealing);
    const stale = tables.reduce((sum, t) => sum + t.stale, 0);
    const unknown = tables.reduce((sum, t) => sum + t.unknown_key, 0);
    const [current, ...retired] = keyIds;
    const figures = {
      current_key: current ?? null,
      retired_keys: retired.join(",") || null,
      rows_under_old_key: stale,
      rows_under_unknown_key: unknown,
    };
    const details = [
      ...(unknown > 0
        ? [
            `${capped(unknown)} rows are sealed under a key that is not in ENCRYPTION_KEYS: they cannot be opened, and rotation stops at them. Put the key back.`,
          ]
        : []),
      ...(retired.length > 0 && stale === 0
        ? [
            `Every row is under ${current}: the retired keys (${retired.join(", ")}) can go once no queued signature older than the new key can arrive (about 5 days).`,
          ]
        : []),
    ];
    const summary =
      stale > 0
        ? `New rows are sealed under ${current}; ${capped(stale)} rows are still under an old key or none (the minute's rotation reseals ${count(KEY_ROTATION_BATCH)} per table).`
        : `Every row is sealed under ${current}.`;
    return { status: unknown > 0 ? "red" : stale > 0 ? "amber" : "green", summary, figures, details };
  },
};

const email: ItemDefinition<D1Source> = {
  id: "email",
  title: "Outbound email",
  threshold:
    "Red when emails failed in this hour and the last and none went out; amber when any failed in the last 24 hours; green otherwise.",
  read: ({ figures: { email } }) => {
    const figures = {
      sent_24h: email.sent_day,
      failed_24h: email.failed_day,
      sent_last_hour: email.sent_hour,
      failed_last_hour: email.failed_hour,
    };
    const status: Level =
      email.failed_hour > 0 && email.sent_hour === 0 ? "red" : email.failed_day > 0 ? "amber" : "green";
    return {
      status,
      summary: `Last 24 hours: ${count(email.sent_day)} sent, ${count(email.failed_day)} failed.`,
      figures,
    };
  },
};

const queue: ItemDefinition<{ batches: number; signatures: number }> = {
  id: "queue",
  title: "Queue and dead letters",
  threshold:
    "Red while a dead-lettered batch is kept (its signatures count only once replayed); green otherwise. The queue's backlog (accepted, not yet stored) cannot be read from a Worker: the Cloudflare dashboard shows it under Queues.",
  read: (dead) => ({
    status: dead.batches > 0 ? "red" : "green",
    summary:
      dead.batches > 0
        ? `${count(dead.signatures)} accepted signatures in ${count(dead.batches)} dead-lettered batches are kept: replay them (POST /v1/admin/dead-letters/replay).`
        : "No dead-lettered batch is kept.",
    figures: { dead_letter_batches: dead.batches, dead_letter_signatures: dead.signatures },
  }),
};

const configuration: ItemDefinition<ConfigCheck[]> = {
  id: "configuration",
  title: "Configuration",
  threshold:
    "The worst of `npm run doctor`'s checks over the Worker's vars and secrets: red when one must be fixed before serving (a secret missing, short or not random, a malformed var, settings that contradict each other, personal data or keys that would travel in clear); amber when a feature is off or degraded by the settings (confirmation emails, webhooks, the challenge); green otherwise.",
  read: (checks) => {
    const needingAttention = checks.filter((check) => check.status !== "green");
    return {
      status: worst(needingAttention.map((check) => check.status)),
      summary:
        needingAttention.length > 0
          ? `${needingAttention.length} of ${checks.length} checks need attention.`
          : `All ${checks.length} checks pass.`,
      figures: { warnings: needingAttention.length, checks: checks.length },
      details: needingAttention.map((check) => `${check.subject}: ${check.reason}`),
    };
  },
};

/** A store that failed: the items it feeds say so (red) instead of the whole status failing. */
class Unanswered {
  constructor(
    readonly store: string,
    readonly error: string,
  ) {}
}

const unanswered = (store: string) => (error: unknown) => new Unanswered(store, errorMessage(error));

function itemFrom<Source>(definition: ItemDefinition<Source>, source: Source | Unanswered): StatusItem {
  const reading: ItemReading =
    source instanceof Unanswered
      ? { status: "red", summary: `${source.store} did not answer: ${source.error}`, figures: {} }
      : definition.read(source);
  const { id, title, threshold } = definition;
  return { id, title, threshold, ...reading, details: reading.details ?? [] };
}

export async function operatorStatus(db: D1Database, kv: KVNamespace, inputs: StatusInputs): Promise<OperatorStatus> {
  const [figures, dead] = await Promise.all([
    readStatusFigures(db, inputs.keyIds, inputs.now).catch(unanswered("D1")),
    // The console's petitions page reads dead_letters: a failing KV fails the status as it always has.
    deadLetterCount(kv),
  ]);
  const fromD1 = figures instanceof Unanswered ? figures : { figures, now: inputs.now, keyIds: inputs.keyIds };
  const items = [
    itemFrom(tally, fromD1),
    itemFrom(untallied, fromD1),
    itemFrom(reconciliation, fromD1),
    itemFrom(queue, dead),
    itemFrom(webhooks, fromD1),
    itemFrom(encryption, fromD1),
    itemFrom(email, fromD1),
    itemFrom(configuration, inputs.configuration),
  ];
  return {
    status: worst(items.map((item) => item.status)),
    checked_at: isoTime(inputs.now),
    items,
    dead_letters: dead,
  };
}
