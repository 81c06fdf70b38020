/**
 * The one rule for "does this petition take signatures at instant t": not a draft, and either before
 * its closes_at or open with no closing time. Closing a petition records closes_at, so the rule can
 * be asked about the past: a queued signature is judged at the instant the edge accepted it.
 * migrations/0005's trigger states it once more in SQL that cannot import this; a test checks they agree.
 */
import type { Petition } from "../schemas";

export function isAcceptingSignatures(petition: Pick<Petition, "status" | "closes_at">, at: Date): boolean {
  if (petition.status === "draft") return false;
  return petition.closes_at === null ? petition.status === "open" : petition.closes_at > at.toISOString();
}

/**
 * The same rule as a SQL condition on the petitions row `alias`, at `instant`: an SQL expression
 * giving an ISO 8601 text (a bound parameter, or a conversion of a unix-ms column).
 */
export function acceptingSignaturesSql(alias: string, instant: string): string {
  return `(${alias}.status != 'draft' AND (${alias}.closes_at > ${instant} OR (${alias}.closes_at IS NULL AND ${alias}.status = 'open')))`;
}

/** An ISO 8601 text (as closes_at is stored) from a unix-ms SQL expression. */
export function isoFromUnixMsSql(unixMs: string): string {
  return `strftime('%Y-%m-%dT%H:%M:%fZ', ${unixMs} / 1000.0, 'unixepoch')`;
}
