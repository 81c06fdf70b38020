/**
 * Structured logs for Workers Logs: one JSON line per event, `{level, event, request_id, ...fields}`.
 * Fields are counts, ids and error texts, never a signer's email, name or IP (docs/operations.md
 * lists every event); an address that slips into an error's text is masked all the same.
 * The request id belongs to the invocation (an HTTP request, a cron run, a queue batch), so core
 * code logs without being handed it.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export type LogLevel = "info" | "warn" | "error";

/** What an event carries besides its name; the three keys every line has are not among them. */
export type LogFields = Record<string, unknown> & { level?: never; event?: never; request_id?: never };

const invocation = new AsyncLocalStorage<string>();

/** Runs `work` so that every line it logs, awaited or left to waitUntil, carries `requestId`. */
export function withRequestId<T>(requestId: string, work: () => T): T {
  return invocation.run(requestId, work);
}

/** The id of the invocation running now; undefined outside one. */
export function currentRequestId(): string | undefined {
  return invocation.getStore();
}

export function newRequestId(): string {
  return crypto.randomUUID();
}

/** A handler whose every call is an invocation of its own (a cron run, a queue batch: no cf-ray). */
export function withOwnRequestId<A extends unknown[], R>(handler: (...args: A) => R): (...args: A) => R {
  return (...args) => withRequestId(newRequestId(), () => handler(...args));
}

const EMAIL_ADDRESS = /[^\s@"'<>()[\],;:]+@[^\s@"'<>()[\],;:]+\.[a-z]{2,}/gi;

/** Error texts come from other systems (an email API, a binding): an address in one is not passed on. */
const maskAddresses = (_key: string, value: unknown) =>
  typeof value === "string" ? value.replace(EMAIL_ADDRESS, "[email]") : value;

const CONSOLE_METHOD = { info: "log", warn: "warn", error: "error" } as const;

function write(level: LogLevel, event: string, fields: LogFields): void {
  const line = { level, event, request_id: currentRequestId() ?? null, ...fields };
  console[CONSOLE_METHOD[level]](JSON.stringify(line, maskAddresses));
}

export const log = {
  info: (event: string, fields: LogFields = {}) => write("info", event, fields),
  warn: (event: string, fields: LogFields = {}) => write("warn", event, fields),
  error: (event: string, fields: LogFields = {}) => write("error", event, fields),
};
