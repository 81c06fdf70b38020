/**
 * Reads the Worker's vars and secrets into the options the core takes. The only module that reads a
 * secret (test/architecture.test.ts holds routes to that); each var's default lives in wrangler.toml's
 * [vars] alone, and a missing or malformed setting is a 503 problem naming it.
 */

import { type Keyring, keyringFrom } from "../src/crypto/sealing";
import {
  devOutboxMailer,
  EMAIL_TRANSPORTS,
  type EmailTransport,
  httpMailer,
  type Mailer,
  sendEmailBindingMailer,
} from "../src/email/mailer";
import { OSDI_PATH, osdiUrls } from "../src/osdi/resources";
import type { ApiKey } from "../src/partners/api-keys";
import { problems } from "../src/problems";
import { partnerLimits } from "../src/ratelimit/partner-limits";
import { type NetworkLimits, type SigningLimits, signingLimits } from "../src/ratelimit/signing-limits";
import type { UpstashConfig } from "../src/ratelimit/upstash";
import type { ConfirmationOptions } from "../src/signing/confirmation";
import { type SignatureMessage, signatureSender, type WaitUntil } from "../src/signing/queue-sender";
import {
  autoWriter,
  directWriter,
  queueWriter,
  type SignatureWriter,
  WRITE_MODES,
  type WriteMode,
} from "../src/signing/write-modes";
import { CallBudget } from "../src/store/call-budget";
import type { PetitionCacheOptions } from "../src/store/petition-cache";
import type { DeliveryOptions } from "../src/webhooks/delivery";
import { type ConfiguredReceiver, configuredReceivers } from "../src/webhooks/endpoints";
import { endpointKey, keyFromSecretText } from "../src/webhooks/standard-webhooks";

/** The vars that hold a count or a duration (wrangler.toml [vars] gives each its value). */
type PositiveIntVar =
  | "D1_CALLS_PER_BULK_STEP"
  | "PETITION_CACHE_SECONDS"
  | "RATE_LIMIT_WINDOW_SECONDS"
  | "RATE_LIMIT_PETITION"
  | "RATE_LIMIT_GLOBAL"
  | "UPSTASH_TIMEOUT_MS"
  | "TALLY_INTERVAL_SECONDS"
  | "DIRECT_WRITE_BUDGET_MS"
  | "RETENTION_DAYS"
  | "CONFIRMATION_TTL_DAYS";

function positiveInt(env: Env, name: PositiveIntVar): number {
  const value = env[name];
  if (!/^\s*[1-9]\d*\s*$/.test(value ?? "")) throw problems.notConfigured(`Set ${name} to a positive integer.`);
  return Number(value);
}

/** A secret that must be set; unset, the same 503 problem, naming it, wherever it is needed. */
function requiredSecret(name: "HASH_KEY", value: string | undefined): string {
  if (!value) throw problems.notConfigured(`Set the ${name} secret.`);
  return value;
}

/** HASH_KEY: keys the dedupe, network and confirmation-link hashes. */
export function hashKey(env: Env): string {
  return requiredSecret("HASH_KEY", env.HASH_KEY);
}

/** ENCRYPTION_KEYS as a keyring; unset or malformed, a 503 problem naming it (sealing fails closed). */
export function keyring(env: Env): Promise<Keyring> {
  return keyringFrom(env.ENCRYPTION_KEYS);
}

/** ADMIN_TOKEN when set: where partner keys are accepted too, an unset token only means no owner. */
export function adminTokenIfSet(env: Env): string | undefined {
  return env.ADMIN_TOKEN || undefined;
}

/** ADMIN_TOKEN: the admin API's and the console's key; unset, both fail closed with the admin-disabled problem. */
export function adminToken(env: Env): string {
  if (!env.ADMIN_TOKEN) throw problems.adminDisabled();
  return env.ADMIN_TOKEN;
}

/** Turnstile's siteverify: the secret (unset: petitions that ask for a challenge fail closed) and where to ask. */
export function turnstileOptions(env: Env): { secret: string | undefined; verifyUrl: string } {
  return { secret: env.TURNSTILE_SECRET_KEY, verifyUrl: env.TURNSTILE_VERIFY_URL };
}

/** A fresh budget of D1 calls for one invocation's bulk step (D1 allows 1,000 queries per invocation on Workers Paid). */
export function bulkCallBudget(env: Env): CallBudget {
  return new CallBudget(positiveInt(env, "D1_CALLS_PER_BULK_STEP"));
}

export function petitionCacheOptions(env: Env): PetitionCacheOptions {
  return { db: env.DB, kv: env.KV, ttlSeconds: positiveInt(env, "PETITION_CACHE_SECONDS") };
}

/** Upstash Redis for global, precise limits; unset, each limit's local backend decides. */
function upstashConfig(env: Env): UpstashConfig | undefined {
  return env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN
    ? {
        url: env.UPSTASH_REDIS_REST_URL,
        token: env.UPSTASH_REDIS_REST_TOKEN,
        timeoutMs: positiveInt(env, "UPSTASH_TIMEOUT_MS"),
      }
    : undefined;
}

/** The limits of a public signer: per network, per petition and overall. */
export function signingLimitsFor(env: Env): NetworkLimits {
  const windowSeconds = positiveInt(env, "RATE_LIMIT_WINDOW_SECONDS");
  const upstash = upstashConfig(env);
  return signingLimits({
    perPetition: {
      policy: { name: "petition", limit: positiveInt(env, "RATE_LIMIT_PETITION"), windowSeconds },
      binding: env.SIGN_LIMIT_PETITION,
    },
    global: {
      policy: { name: "global", limit: positiveInt(env, "RATE_LIMIT_GLOBAL"), windowSeconds },
      binding: env.SIGN_LIMIT_GLOBAL,
    },
    upstash,
  });
}

/** The limits of a keyed signer: its own key's signatures per minute. */
export function partnerLimitsFor(env: Env, key: ApiKey): SigningLimits {
  return partnerLimits(key, upstashConfig(env));
}

/** Comma-separated positive integers, e.g. "1000,10000"; anything else is ignored. */
function integerList(value: string | undefined): number[] {
  return (value ?? "")
    .split(",")
    .map((item) => Number(item.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
}

/** A list of positive seconds; empty or malformed, the 503 problem naming it. */
function secondsList(env: Env, name: "WEBHOOK_RETRY_SECONDS"): number[] {
  const list = integerList(env[name]);
  if (list.length === 0) throw problems.notConfigured(`Set ${name} to comma-separated positive integers.`);
  return list;
}

export function milestoneThresholds(env: Env): number[] {
  return integerList(env.TALLY_MILESTONES);
}

export function tallyIntervalSeconds(env: Env): number {
  return positiveInt(env, "TALLY_INTERVAL_SECONDS");
}

/** A var that names one of a few choices; anything else fails loudly rather than guessing. */
function oneOf<T extends string>(name: string, value: string | undefined, choices: readonly T[]): T {
  if (!choices.includes(value as T)) throw problems.notConfigured(`Set ${name} to one of ${choices.join(", ")}.`);
  return value as T;
}

export function writeMode(env: Env): WriteMode {
  return oneOf("SIGNATURE_WRITE_MODE", env.SIGNATURE_WRITE_MODE, WRITE_MODES);
}

/** After D1 failed or was slow, how long auto mode sends straight to the queue. */
const AUTO_COOLDOWN_MS = 5000;

export function signatureWriter(env: Env, ctx: { waitUntil: WaitUntil }): SignatureWriter {
  const waitUntil: WaitUntil = (promise) => ctx.waitUntil(promise);
  const sender = () => signatureSender(env.SIGNATURE_QUEUE as Queue<SignatureMessage>);
  switch (writeMode(env)) {
    case "direct":
      return directWriter(env.DB);
    case "queue":
      return queueWriter(sender(), waitUntil);
    case "auto":
      return autoWriter(env.DB, sender(), waitUntil, {
        budgetMs: positiveInt(env, "DIRECT_WRITE_BUDGET_MS"),
        cooldownMs: AUTO_COOLDOWN_MS,
      });
  }
}

/**
 * The queue whatever SIGNATURE_WRITE_MODE says: for callers who asked not to wait for D1 (OSDI's
 * `background_request`). The signature is safe once the queue holds it, as in `queue` mode.
 */
export function queuedSignatureWriter(env: Env, ctx: { waitUntil: WaitUntil }): SignatureWriter {
  return queueWriter(signatureSender(env.SIGNATURE_QUEUE as Queue<SignatureMessage>), (promise) =>
    ctx.waitUntil(promise),
  );
}

/**
 * Where absolute links point (OSDI's `_links`, `browser_url`): PUBLIC_BASE_URL when set, else the
 * origin the request came to, so a deployment without the var still links to itself.
 */
export function publicOrigin(env: Env, requestUrl: string): string {
  const base = URL.parse(env.PUBLIC_BASE_URL ?? "");
  return (base ?? new URL(requestUrl)).origin;
}

/** REPORT_WEBHOOK_URLS, comma-separated; anything that is no URL is left out. */
function reportWebhookUrls(env: Env): string[] {
  return (env.REPORT_WEBHOOK_URLS ?? "")
    .split(",")
    .map((url) => url.trim())
    .filter((url) => URL.canParse(url));
}

export function configuredWebhookReceivers(env: Env): Promise<ConfiguredReceiver[]> {
  return configuredReceivers(reportWebhookUrls(env));
}

/**
 * How the webhook machinery reaches each endpoint: an API endpoint at its URL, signed with the key
 * derived from HASH_KEY; a configured one at its REPORT_WEBHOOK_URLS entry, signed with WEBHOOK_SECRET
 * (unset: it waits, and the log says why). Payloads link to PUBLIC_BASE_URL's OSDI resources.
 */
export async function webhookDeliveryOptions(env: Env, now: number): Promise<DeliveryOptions> {
  const configured = new Map((await configuredWebhookReceivers(env)).map((r) => [r.id, r.url]));
  const secret = env.WEBHOOK_SECRET || undefined;
  const key = hashKey(env);
  return {
    now,
    keyring: await keyring(env),
    urls: osdiUrls(`${publicOrigin(env, "http://localhost")}${OSDI_PATH}`),
    timeoutMs: 5000,
    retryScheduleMs: secondsList(env, "WEBHOOK_RETRY_SECONDS").map((seconds) => seconds * 1000),
    maxMessages: 100,
    async destination(endpoint) {
      if (endpoint.url !== null) return { url: endpoint.url, key: await endpointKey(key, endpoint.id) };
      const url = configured.get(endpoint.id);
      if (!url) return null;
      if (!secret) {
        console.warn(
          JSON.stringify({ event: "webhooks", endpoint: endpoint.id, skipped: "WEBHOOK_SECRET is not set" }),
        );
        return null;
      }
      return { url, key: keyFromSecretText(secret) };
    },
  };
}

/** Cloudflare Access in front of the console: the team's URL (the JWT's issuer) and the application's audience tag. */
export interface AccessConfig {
  teamUrl: string;
  audience: string;
}

/**
 * Neither set: the console signs in with ADMIN_TOKEN. Both set: it trusts Access only. One set, or a
 * team that is no URL: 503, never a quiet fall-back to the token form the operator meant to replace.
 */
export function accessConfig(env: Env): AccessConfig | undefined {
  const team = env.ACCESS_TEAM_DOMAIN?.trim();
  const audience = env.ACCESS_AUD?.trim();
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

/** RETENTION_DAYS: how long after a petition closes its signatures keep their personal fields. */
export function retentionDays(env: Env): number {
  return positiveInt(env, "RETENTION_DAYS");
}

export function emailTransport(env: Env): EmailTransport {
  return oneOf("EMAIL_TRANSPORT", env.EMAIL_TRANSPORT, EMAIL_TRANSPORTS);
}

const notConfigured = (what: string) =>
  problems.notConfigured(`${what}: this petition verifies signatures by email (README: Verified signatures).`);

function mailerFor(env: Env): Mailer {
  switch (emailTransport(env)) {
    case "http":
      if (!env.EMAIL_API_URL || !env.EMAIL_API_KEY || !env.EMAIL_FROM)
        throw notConfigured("Set EMAIL_API_URL, EMAIL_FROM and the EMAIL_API_KEY secret");
      return httpMailer({ url: env.EMAIL_API_URL, key: env.EMAIL_API_KEY, from: env.EMAIL_FROM });
    case "send_email": {
      // Bound only once wrangler.toml's [[send_email]] block is uncommented, so not in the generated Env.
      const binding = (env as Env & { EMAIL?: SendEmail }).EMAIL;
      if (!binding || !env.EMAIL_FROM) throw notConfigured("Bind send_email as EMAIL and set EMAIL_FROM");
      return sendEmailBindingMailer(binding, env.EMAIL_FROM);
    }
    case "dev-outbox":
      return devOutboxMailer(env.KV);
  }
}

/** Everything confirmation emails need; a 503 problem when something is missing (never an unverified signature). */
export function confirmationOptions(env: Env): ConfirmationOptions {
  const tokenSecret = hashKey(env);
  if (!URL.canParse(env.PUBLIC_BASE_URL)) throw notConfigured("Set PUBLIC_BASE_URL, where /confirm links point");
  return {
    db: env.DB,
    mailer: mailerFor(env),
    tokenSecret,
    baseUrl: env.PUBLIC_BASE_URL,
    ttlMs: positiveInt(env, "CONFIRMATION_TTL_DAYS") * 86_400_000,
  };
}
