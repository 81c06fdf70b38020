/** Reads the Worker's vars and secrets into the options the core takes. */
import { type SigningLimits, signingLimits } from "../src/ratelimit/signing-limits";
import type { PetitionCacheOptions } from "../src/store/petition-cache";

function positiveInt(value: string | undefined, fallback: number): number {
  const parsed = Number.parseInt(value ?? "", 10);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
}

export function petitionCacheOptions(env: Env): PetitionCacheOptions {
  return { db: env.DB, kv: env.KV, ttlSeconds: positiveInt(env.PETITION_CACHE_SECONDS, 15) };
}

export function signingLimitsFor(env: Env): SigningLimits {
  const windowSeconds = positiveInt(env.RATE_LIMIT_WINDOW_SECONDS, 60);
  const upstash =
    env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN
      ? {
          url: env.UPSTASH_REDIS_REST_URL,
          token: env.UPSTASH_REDIS_REST_TOKEN,
          timeoutMs: positiveInt(env.UPSTASH_TIMEOUT_MS, 300),
        }
      : undefined;
  return signingLimits({
    perPetition: {
      policy: { name: "petition", limit: positiveInt(env.RATE_LIMIT_PETITION, 20), windowSeconds },
      binding: env.SIGN_LIMIT_PETITION,
    },
    global: {
      policy: { name: "global", limit: positiveInt(env.RATE_LIMIT_GLOBAL, 60), windowSeconds },
      binding: env.SIGN_LIMIT_GLOBAL,
    },
    upstash,
  });
}

/** Comma-separated positive integers, e.g. "1000,10000"; anything else is ignored. */
function integerList(value: string | undefined): number[] {
  return (value ?? "")
    .split(",")
    .map((item) => Number(item.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
}

export function milestoneThresholds(env: Env): number[] {
  return integerList(env.TALLY_MILESTONES);
}

export function webhookReceivers(env: Env): string[] {
  return (env.REPORT_WEBHOOK_URLS ?? "")
    .split(",")
    .map((url) => url.trim())
    .filter((url) => URL.canParse(url));
}

export function tallyIntervalSeconds(env: Env): number {
  return positiveInt(env.TALLY_INTERVAL_SECONDS, 60);
}
