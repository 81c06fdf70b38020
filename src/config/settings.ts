/**
 * How a var's text becomes a setting: one parser per kind, shared by the Worker's reader of its vars and
 * secrets (functions/config.ts) and by the configuration checks (./checks.ts), so that a value the checks
 * pass is one the Worker takes. A malformed value is the 503 problem naming it.
 */
import { problems } from "../problems";

/** The vars that hold a count or a duration (wrangler.toml [vars] gives each its value). */
export const POSITIVE_INT_VARS = [
  "D1_CALLS_PER_BULK_STEP",
  "PETITION_CACHE_SECONDS",
  "RATE_LIMIT_WINDOW_SECONDS",
  "RATE_LIMIT_PETITION",
  "RATE_LIMIT_GLOBAL",
  "RATE_LIMIT_CHALLENGED",
  "UPSTASH_TIMEOUT_MS",
  "TALLY_INTERVAL_SECONDS",
  "DIRECT_WRITE_BUDGET_MS",
  "RETENTION_DAYS",
  "CONFIRMATION_TTL_DAYS",
] as const;
export type PositiveIntVar = (typeof POSITIVE_INT_VARS)[number];

export function positiveIntSetting(name: PositiveIntVar, value: string | undefined): number {
  if (!/^\s*[1-9]\d*\s*$/.test(value ?? "")) throw problems.notConfigured(`Set ${name} to a positive integer.`);
  return Number(value);
}

/** Comma-separated positive integers, e.g. "1000,10000"; anything else is ignored. */
export function integerList(value: string | undefined): number[] {
  return (value ?? "")
    .split(",")
    .map((item) => Number(item.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
}

/** A var that names one of a few choices; anything else fails loudly rather than guessing. */
export function oneOf<T extends string>(name: string, value: string | undefined, choices: readonly T[]): T {
  if (!choices.includes(value as T)) throw problems.notConfigured(`Set ${name} to one of ${choices.join(", ")}.`);
  return value as T;
}

/** Cloudflare Access in front of the console: the team's URL (the JWT's issuer) and the application's audience tag. */
export interface AccessConfig {
  teamUrl: string;
  audience: string;
}

/**
 * ACCESS_TEAM_DOMAIN and ACCESS_AUD. Neither set: undefined (the console signs in with ADMIN_TOKEN).
 * Both set: Access. One set, or a team that is no URL: the 503 problem, never a quiet fall-back to the
 * token form the operator meant to replace.
 */
export function accessSetting(teamDomain: string | undefined, aud: string | undefined): AccessConfig | undefined {
  const team = teamDomain?.trim();
  const audience = aud?.trim();
  if (!team && !audience) return undefined;
  // "myteam.cloudflareaccess.com" as the dashboard shows it, or with its scheme.
  const teamUrl = team && URL.parse(team.includes("://") ? team : `https://${team}`);
  if (!teamUrl || !audience) {
    throw problems.notConfigured(
      "Set both ACCESS_TEAM_DOMAIN (https://<team>.cloudflareaccess.com) and ACCESS_AUD, or neither.",
    );
  }
  return { teamUrl: teamUrl.origin, audience };
}

/** The hosts a Worker run by `npm start` or `wrangler dev` answers on; dev-only pages answer nowhere else. */
export const LOCAL_HOSTS: ReadonlySet<string> = new Set(["localhost", "127.0.0.1", "[::1]"]);
