/**
 * Reads the Worker's vars and secrets into the options the core takes. The only module that reads a
 * secret (test/architecture.test.ts holds routes to that); each var's default lives in wrangler.toml's
 * [vars] alone, and a missing or malformed setting is a 503 problem naming it.
 */

import { type ConfigCheck, checkConfiguration } from "../src/config/checks";
import {
  type AccessConfig,
  accessSetting,
  integerList,
  oneOf,
  type PositiveIntVar,
  positiveIntSetting,
} from "../src/config/settings";
import { type Keyring, keyringFrom } from "../src/crypto/sealing";
import {
  countedMailer,
  devOutboxMailer,
  EMAIL_TRANSPORTS,
  type EmailTransport,
  httpMailer,
  type Mailer,
  sendEmailBindingMailer,
} from "../src/email/mailer";
import { log } from "../src/log";
import { OSDI_PATH, osdiUrls } from "../src/osdi/resources";
import type { ApiKey } from "../src/partners/api-keys";
import { problems } from "../src/problems";
import { partnerLimits } from "../src/ratelimit/partner-limits";
import { type NetworkLimits, networkCeiling, type SigningLimits, signingLimits } from "../src/ratelimit/signing-limits";
import type { UpstashConfig } from "../src/ratelimit/upstash";
import type { NetworkChallenge } from "../src/signing/challenge";
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
import { CONSOLE_BASE } from "./console/auth";

export type { AccessConfig };

function positiveInt(env: Env, name: PositiveIntVar): number {
  return positiveIntSetting(name, env[name]);
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

/**
 * The challenge offered to public signers over their network's limits: the organisation's Turnstile
 * widget (TURNSTILE_SITE_KEY, checked with TURNSTILE_SECRET_KEY) and the network's ceiling of
 * challenged signatures (RATE_LIMIT_CHALLENGED, the SIGN_LIMIT_CHALLENGED binding). Either key unset:
 * none, and a refusal is final.
 */
export function networkChallengeFor(env: Env): NetworkChallenge | undefined {
  const siteKey = env.TURNSTILE_SITE_KEY.trim();
  const secret = env.TURNSTILE_SECRET_KEY;
  if (!siteKey || !secret) return undefined;
  const policy = {
    name: "challenged",
    limit: positiveInt(env, "RATE_LIMIT_CHALLENGED"),
    windowSeconds: positiveInt(env, "RATE_LIMIT_WINDOW_SECONDS"),
  };
  return {
    siteKey,
    turnstile: { secret, verifyUrl: env.TURNSTILE_VERIFY_URL },
    ceiling: networkCeiling({ policy, binding: env.SIGN_LIMIT_CHALLENGED }, upstashConfig(env)),
  };
}

/** The limits of a keyed signer: its own key's signatures per minute. */
export function partnerLimitsFor(env: Env, key: ApiKey): SigningLimits {
  return partnerLimits(key, upstashConfig(env));
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
    consoleUrl: `${publicOrigin(env, "http://localhost")}${CONSOLE_BASE}`,
    timeoutMs: 5000,
    retryScheduleMs: secondsList(env, "WEBHOOK_RETRY_SECONDS").map((seconds) => seconds * 1000),
    maxMessages: 100,
    async destination(endpoint) {
      if (endpoint.url !== null) return { url: endpoint.url, key: await endpointKey(key, endpoint.id) };
      const url = configured.get(endpoint.id);
      if (!url) return null;
      if (!secret) {
        log.warn("webhooks", { endpoint: endpoint.id, skipped: "WEBHOOK_SECRET is not set" });
        return null;
      }
      return { url, key: keyFromSecretText(secret) };
    },
  };
}

/** Neither ACCESS var set: the console signs in with ADMIN_TOKEN. Both set: it trusts Access only. One: 503. */
export function accessConfig(env: Env): AccessConfig | undefined {
  return accessSetting(env.ACCESS_TEAM_DOMAIN, env.ACCESS_AUD);
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

function transportMailer(env: Env): Mailer {
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
    mailer: countedMailer(env.DB, transportMailer(env)),
    tokenSecret,
    baseUrl: env.PUBLIC_BASE_URL,
    ttlMs: positiveInt(env, "CONFIRMATION_TTL_DAYS") * 86_400_000,
  };
}

/**
 * The status page's configuration item: `npm run doctor`'s checks over the Worker's own vars and
 * secrets (wrangler.toml's resources aside, which a running Worker has already been deployed with).
 */
export function configurationChecks(env: Env): Promise<ConfigCheck[]> {
  return checkConfiguration({ ...env });
}
