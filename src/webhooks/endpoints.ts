/**
 * Webhook endpoints as organisers manage them: created through the API (a secret shown once), paused,
 * resumed, replayed, deleted; and those REPORT_WEBHOOK_URLS configures, kept in step with the variable.
 * Every change is recorded in the audit list.
 */
import { problems } from "../problems";
import { recordAudit } from "../store/audit";
import { petitionIdsBySlug, petitionSlugsByIds } from "../store/petitions";
import {
  backlogOf,
  deleteEndpoint,
  disableEndpoint,
  type EndpointRow,
  type EndpointState,
  findEndpoint,
  insertEndpoint,
  listEndpoints,
  rewindEndpoint,
  updateEndpoint,
} from "../store/webhooks";
import { REPORT_EVENTS } from "./events";
import { endpointKey, secretText } from "./standard-webhooks";

const CONFIGURED_PREFIX = "cfg_";
/** Backlogs are counted up to this many of each stream: beyond it the console says "more than". */
export const BACKLOG_COUNT_LIMIT = 10_000;

/** https only, but plain http to this machine (development): personal data never crosses a network in clear. */
export function isAllowedReceiver(url: string): boolean {
  const parsed = URL.parse(url);
  if (!parsed || parsed.username || parsed.password) return false;
  if (parsed.protocol === "https:") return true;
  return parsed.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(parsed.hostname);
}

export interface EndpointView {
  id: string;
  url: string | null;
  configured: boolean;
  events: string[];
  petitions: string[] | null;
  state: EndpointState;
  disabled_reason: string | null;
  backlog: number;
  last_success_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
  next_attempt_at: number | null;
  created_at: number;
}

async function viewOf(db: D1Database, row: EndpointRow, slugs: Map<number, string>): Promise<EndpointView> {
  const events = JSON.parse(row.events) as string[];
  const ids = row.petitions === null ? null : (JSON.parse(row.petitions) as number[]);
  return {
    id: row.id,
    url: row.url,
    configured: row.id.startsWith(CONFIGURED_PREFIX),
    events,
    petitions: ids && ids.flatMap((id) => slugs.get(id) ?? []),
    state: row.state,
    disabled_reason: row.disabled_reason,
    backlog: await backlogOf(db, row, events.includes("signature.created"), BACKLOG_COUNT_LIMIT),
    last_success_at: row.last_success_at,
    last_error: row.last_error,
    last_error_at: row.last_error_at,
    next_attempt_at: row.failures > 0 && row.state === "active" ? row.next_attempt_at : null,
    created_at: row.created_at,
  };
}

export async function listEndpointViews(db: D1Database): Promise<EndpointView[]> {
  const rows = await listEndpoints(db);
  const ids = rows.flatMap((row) => (row.petitions ? (JSON.parse(row.petitions) as number[]) : []));
  const slugs = await petitionSlugsByIds(db, [...new Set(ids)]);
  return Promise.all(rows.map((row) => viewOf(db, row, slugs)));
}

export async function endpointView(db: D1Database, id: string): Promise<EndpointView | null> {
  const row = await findEndpoint(db, id);
  if (!row) return null;
  const ids = row.petitions ? (JSON.parse(row.petitions) as number[]) : [];
  return viewOf(db, row, await petitionSlugsByIds(db, ids));
}

/** Slugs as stored ids; 422 naming each unknown one. */
async function petitionIdsOf(db: D1Database, slugs: string[] | null): Promise<string | null> {
  if (slugs === null) return null;
  const ids = await petitionIdsBySlug(db, slugs);
  const unknown = problems.unknownPetitions(slugs, ids);
  if (unknown) throw unknown;
  return JSON.stringify(slugs.map((slug) => ids.get(slug)));
}

export interface EndpointRequest {
  url: string;
  events: string[];
  petitions: string[] | null;
}

/** Creates an endpoint; its Standard Webhooks secret (derived from HASH_KEY, not stored) comes back this once. */
export async function createEndpoint(
  db: D1Database,
  hashKey: string,
  request: EndpointRequest,
  now: number,
): Promise<{ view: EndpointView; secret: string }> {
  if (!isAllowedReceiver(request.url))
    throw problems.validation([{ path: "url", message: "An https:// URL (plain http only to localhost)" }]);
  const petitions = await petitionIdsOf(db, request.petitions);
  const id = `wh_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  await db.batch([
    insertEndpoint(db, { id, url: request.url, events: JSON.stringify(request.events), petitions, createdAt: now }),
    recordAudit(db, { at: now, actor: "admin", action: "webhook.created", subject: id }),
  ]);
  const view = await endpointView(db, id);
  return { view: view!, secret: secretText(await endpointKey(hashKey, id)) };
}

/** Pause, resume (which also re-enables a disabled endpoint), new events or petitions; null when unknown. */
export async function changeEndpoint(
  db: D1Database,
  id: string,
  change: { state?: "active" | "paused"; events?: string[]; petitions?: string[] | null },
  now: number,
): Promise<EndpointView | null> {
  const petitions = change.petitions === undefined ? undefined : await petitionIdsOf(db, change.petitions);
  const action =
    change.state === "paused" ? "webhook.paused" : change.state === "active" ? "webhook.resumed" : "webhook.changed";
  const [updated] = await db.batch([
    updateEndpoint(db, id, { state: change.state, events: change.events && JSON.stringify(change.events), petitions }),
    recordAudit(db, { at: now, actor: "admin", action, subject: id }),
  ]);
  if ((updated?.meta.changes ?? 0) === 0) return null;
  return endpointView(db, id);
}

export async function removeEndpoint(db: D1Database, id: string, now: number): Promise<boolean> {
  const [deleted] = await db.batch([
    deleteEndpoint(db, id),
    recordAudit(db, { at: now, actor: "admin", action: "webhook.deleted", subject: id }),
  ]);
  return (deleted?.meta.changes ?? 0) > 0;
}

/** Sends again what was stored since `since` (within the 7 days kept); false when unknown. */
export async function replayEndpoint(db: D1Database, id: string, since: number, now: number): Promise<boolean> {
  const [rewound] = await db.batch([
    rewindEndpoint(db, id, since),
    recordAudit(db, { at: now, actor: "admin", action: "webhook.replayed", subject: id }),
  ]);
  return (rewound?.meta.changes ?? 0) > 0;
}

/** A configured receiver: named by its URL's hash, so D1 never holds the URL (Slack's, say, is a secret). */
export interface ConfiguredReceiver {
  id: string;
  url: string;
}

export async function configuredReceivers(urls: string[]): Promise<ConfiguredReceiver[]> {
  const encoder = new TextEncoder();
  return Promise.all(
    urls.map(async (url) => {
      const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(url)));
      const hex = Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("");
      return { id: `${CONFIGURED_PREFIX}${hex.slice(0, 16)}`, url };
    }),
  );
}

const REMOVED_FROM_CONFIG = "Removed from REPORT_WEBHOOK_URLS.";

/** Each configured URL an endpoint (milestones and daily reports); one no longer configured is disabled, and back if it returns. */
export async function syncConfiguredEndpoints(
  db: D1Database,
  receivers: ConfiguredReceiver[],
  now: number,
): Promise<void> {
  const configured = new Set(receivers.map((r) => r.id));
  const existing = (await listEndpoints(db)).filter((row) => row.id.startsWith(CONFIGURED_PREFIX));
  const statements = [
    ...receivers.map((r) =>
      insertEndpoint(db, {
        id: r.id,
        url: null,
        events: JSON.stringify(REPORT_EVENTS),
        petitions: null,
        createdAt: now,
      }),
    ),
    ...existing.filter((row) => !configured.has(row.id)).map((row) => disableEndpoint(db, row.id, REMOVED_FROM_CONFIG)),
    ...existing
      .filter((row) => configured.has(row.id) && row.disabled_reason === REMOVED_FROM_CONFIG)
      .map((row) => updateEndpoint(db, row.id, { state: "active" })),
  ];
  if (statements.length > 0) await db.batch(statements);
}
