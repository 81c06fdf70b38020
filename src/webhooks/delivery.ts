/**
 * The one delivery machinery, run by the minute's cron: each due endpoint is sent what waits past its
 * two cursors (events, then new signatures), message by message, in order; a message is delivered or
 * retried whole, so every event's idempotency key is the same on every attempt. Failures back off on
 * Standard Webhooks' schedule; a 410 or about a day of failures disables the endpoint. Signing and the
 * tally never wait on any of it: signature.created is read from the signatures table afterwards.
 */
import type { Keyring } from "../crypto/sealing";
import { errorMessage } from "../error-message";
import { log } from "../log";
import type { OsdiUrls } from "../osdi/resources";
import { type PetitionRecord, petitionsByIds } from "../store/petitions";
import { newestRowId } from "../store/signatures";
import {
  type EndpointRow,
  type EventRow,
  eventsAfter,
  passOver,
  recordDelivered,
  recordFailed,
  signaturesAfter,
} from "../store/webhooks";
import { createdEvent, isSingleEvent, removedEvent } from "./events";
import { signedHeaders } from "./standard-webhooks";

/** Events per message: Action Network's batches. */
export const MAX_EVENTS_PER_MESSAGE = 100;
/** Signature ids one read looks through for an endpoint's petitions, so a narrow endpoint never reads far. */
const SIGNATURE_WINDOW = 20_000;
/** A Worker keeps at most six connections open; more would only queue and time out unsent. */
const PARALLEL_ENDPOINTS = 6;

/** Where an endpoint's messages go and how they are signed (null: nowhere now, e.g. a removed configured URL). */
export interface Destination {
  url: string;
  key: Uint8Array;
}

export interface DeliveryOptions {
  now: number;
  keyring: Keyring;
  urls: OsdiUrls;
  /** The console's address (…/admin), which fraud.suspected links to. */
  consoleUrl: string;
  destination: (endpoint: EndpointRow) => Promise<Destination | null>;
  timeoutMs: number;
  /** Waits after the 1st, 2nd … failure in a row (WEBHOOK_RETRY_SECONDS); after the last the endpoint is disabled. */
  retryScheduleMs: readonly number[];
  /** Messages one endpoint is sent at most in one run. */
  maxMessages: number;
}

type Cursor = { signatures?: number; events?: number };

/** The next thing to do for an endpoint: send a message, or move a cursor past what it is not sent. */
/** One POST: its webhook-id, its body, and how many events it carries. */
interface Message {
  id: string;
  body: string;
  events: number;
}

type Step = { message: Message; cursor: Cursor } | { passOver: Cursor } | null;

interface EndpointView {
  row: EndpointRow;
  events: Set<string>;
  petitions: number[] | null;
  signatureCursor: number;
  eventCursor: number;
  /** The petitions this run has read, by id: each is read once however many messages name it. */
  petitionRecords: Map<number, PetitionRecord>;
}

/** Removals reach every endpoint that is sent signatures, subscribed to them or not: it holds the people. */
const reachesSignatureReceivers = (type: string) => type === "signature.erased" || type === "signature.invalidated";

function wants(view: EndpointView, event: EventRow): boolean {
  if (event.endpoint_id !== null) return event.endpoint_id === view.row.id;
  const subscribed =
    view.events.has(event.type) || (reachesSignatureReceivers(event.type) && view.events.has("signature.created"));
  if (!subscribed) return false;
  return view.petitions === null || event.petition_id === null || view.petitions.includes(event.petition_id);
}

async function nextEventStep(view: EndpointView, db: D1Database, options: DeliveryOptions): Promise<Step> {
  const events = await eventsAfter(db, view.eventCursor, MAX_EVENTS_PER_MESSAGE * 2);
  if (events.length === 0) return null;
  const firstWanted = events.findIndex((event) => wants(view, event));
  if (firstWanted === -1) return { passOver: { events: events.at(-1)!.id } };
  const first = events[firstWanted]!;
  if (isSingleEvent(first.type))
    return { message: { id: first.idempotency_key, body: first.payload, events: 1 }, cursor: { events: first.id } };
  // Consecutive removal events go together, up to a message's worth, skipping what the endpoint is not sent.
  const batch: EventRow[] = [];
  let upto = first.id;
  for (const event of events.slice(firstWanted)) {
    if (wants(view, event)) {
      if (isSingleEvent(event.type) || batch.length === MAX_EVENTS_PER_MESSAGE) break;
      batch.push(event);
    }
    upto = event.id;
  }
  const body = JSON.stringify(batch.map((event) => removedEvent(event, options.urls)));
  const message = { id: `batch_${batch[0]!.idempotency_key}_${batch.length}`, body, events: batch.length };
  return { message, cursor: { events: upto } };
}

async function nextSignatureStep(
  view: EndpointView,
  db: D1Database,
  newest: number,
  options: DeliveryOptions,
): Promise<Step> {
  if (!view.events.has("signature.created") || view.signatureCursor >= newest) return null;
  const upto = Math.min(newest, view.signatureCursor + SIGNATURE_WINDOW);
  const rows = await signaturesAfter(
    db,
    { cursor: view.signatureCursor, upto, limit: MAX_EVENTS_PER_MESSAGE },
    view.petitions,
  );
  if (rows.length === 0) return { passOver: { signatures: upto } };
  const missing = [...new Set(rows.map((row) => row.petition_id))].filter((id) => !view.petitionRecords.has(id));
  if (missing.length > 0)
    for (const [id, record] of await petitionsByIds(db, missing)) view.petitionRecords.set(id, record);
  const petitions = view.petitionRecords;
  const events = await Promise.all(
    rows.flatMap((row) => {
      const petition = petitions.get(row.petition_id);
      return petition ? [createdEvent(petition, row, options.keyring, options.urls)] : [];
    }),
  );
  // A full message ends at its last row; a short one had the whole window.
  const cursor = rows.length === MAX_EVENTS_PER_MESSAGE ? rows.at(-1)!.id : upto;
  return {
    message: {
      id: `batch_${events[0]!.idempotency_key}_${events.length}`,
      body: JSON.stringify(events),
      events: events.length,
    },
    cursor: { signatures: cursor },
  };
}

/** "HTTP 500" or the error's name: never a body or a URL (they may hold secrets). */
type Attempt = { ok: true } | { ok: false; error: string; gone: boolean };

async function post(destination: Destination, message: Message, options: DeliveryOptions): Promise<Attempt> {
  try {
    const headers = await signedHeaders(destination.key, message.id, Math.floor(options.now / 1000), message.body);
    const res = await fetch(destination.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body: message.body,
      // Personal data goes only where the organiser pointed: a redirect is a failure, not a new destination.
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    await res.body?.cancel();
    if (res.ok) return { ok: true };
    return { ok: false, error: `HTTP ${res.status}`, gone: res.status === 410 };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.name : "error", gone: false };
  }
}

/** What a failed attempt changes: the next attempt on the schedule, or the endpoint disabled. */
function failure(row: EndpointRow, attempt: { error: string; gone: boolean }, options: DeliveryOptions) {
  const { now, retryScheduleMs } = options;
  const wait = retryScheduleMs[row.failures];
  const disabledReason = attempt.gone
    ? "The receiver answered 410 Gone."
    : wait === undefined
      ? `Failing since ${new Date(row.failing_since ?? now).toISOString()}: gave up after ${retryScheduleMs.length + 1} attempts.`
      : null;
  return { error: attempt.error, now, nextAttemptAt: wait === undefined ? null : now + wait, disabledReason };
}

export interface EndpointOutcome {
  delivered: number;
  events: number;
  failed: boolean;
}

/** Sends an endpoint what waits, message by message, until none is left, one fails, or maxMessages. */
export async function deliverEndpoint(
  db: D1Database,
  row: EndpointRow,
  newestSignature: number,
  options: DeliveryOptions,
): Promise<EndpointOutcome> {
  const outcome: EndpointOutcome = { delivered: 0, events: 0, failed: false };
  const destination = await options.destination(row);
  if (!destination) return outcome;
  const view: EndpointView = {
    row,
    events: new Set(JSON.parse(row.events) as string[]),
    petitions: row.petitions === null ? null : (JSON.parse(row.petitions) as number[]),
    signatureCursor: row.signature_cursor,
    eventCursor: row.event_cursor,
    petitionRecords: new Map(),
  };
  // Events go first; once none wait, this run reads no more of them (new ones wait for the next run).
  let eventsDrained = false;
  for (let steps = 0; steps < options.maxMessages * 2; steps++) {
    const eventStep: Step = eventsDrained ? null : await nextEventStep(view, db, options);
    eventsDrained = eventStep === null;
    const step = eventStep ?? (await nextSignatureStep(view, db, newestSignature, options));
    if (!step) break;
    if ("passOver" in step) {
      await passOver(db, row.id, step.passOver).run();
    } else {
      const attempt = await post(destination, step.message, options);
      if (!attempt.ok) {
        await recordFailed(db, row.id, failure(row, attempt, options)).run();
        outcome.failed = true;
        break;
      }
      await recordDelivered(db, row.id, step.cursor, options.now).run();
      outcome.delivered += 1;
      outcome.events += step.message.events;
      if (outcome.delivered >= options.maxMessages) break;
    }
    const moved = "passOver" in step ? step.passOver : step.cursor;
    view.eventCursor = Math.max(view.eventCursor, moved.events ?? 0);
    view.signatureCursor = Math.max(view.signatureCursor, moved.signatures ?? 0);
  }
  return outcome;
}

/** Every due endpoint, six at a time; one endpoint's trouble is logged and never stops another's. */
export async function deliverAll(db: D1Database, endpoints: EndpointRow[], options: DeliveryOptions) {
  const newest = await newestRowId(db, "signatures");
  const totals = { endpoints: endpoints.length, messages: 0, events: 0, failed: 0 };
  for (let start = 0; start < endpoints.length; start += PARALLEL_ENDPOINTS) {
    const outcomes = await Promise.all(
      endpoints.slice(start, start + PARALLEL_ENDPOINTS).map((row) =>
        deliverEndpoint(db, row, newest, options).catch((error) => {
          log.error("webhook-endpoint-error", { endpoint: row.id, error: errorMessage(error) });
          return { delivered: 0, events: 0, failed: true };
        }),
      ),
    );
    for (const o of outcomes) {
      totals.messages += o.delivered;
      totals.events += o.events;
      if (o.failed) totals.failed += 1;
    }
  }
  return totals;
}
