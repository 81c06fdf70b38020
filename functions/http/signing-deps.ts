/**
 * What the sign use-case needs from a request, whichever route signs (the sign route, the batch
 * import, the OSDI helper): the caller's limits and attribution, the configured writer, keys and
 * counts. One place, so every way in signs alike.
 */
import type { Context } from "hono";
import { OWNER_LIMITS } from "../../src/ratelimit/partner-limits";
import type { SigningDeps } from "../../src/signing/sign";
import { cachedPublishedCount } from "../../src/tally/published-count";
import {
  confirmationOptions,
  hashKey,
  keyring,
  networkChallengeFor,
  partnerLimitsFor,
  petitionCacheOptions,
  signatureWriter,
  signingLimitsFor,
  turnstileOptions,
} from "../config";
import { attributedKey, type Caller } from "./callers";

export async function signingDeps(c: Context, caller: Caller | undefined): Promise<SigningDeps> {
  const waitUntil = (work: Promise<unknown>) => c.executionCtx.waitUntil(work);
  return {
    hashKey: hashKey(c.env),
    keyring: await keyring(c.env),
    limiter: !caller
      ? signingLimitsFor(c.env)
      : caller.kind === "partner"
        ? partnerLimitsFor(c.env, caller.key)
        : OWNER_LIMITS,
    keyHolder: caller ? { apiKeyId: attributedKey(caller) } : undefined,
    clientIp: c.req.header("cf-connecting-ip"),
    writer: () => signatureWriter(c.env, c.executionCtx),
    turnstile: turnstileOptions(c.env),
    // The challenge is a person's way past the network's limits; a key holder has its key's own.
    challenge: caller ? undefined : networkChallengeFor(c.env),
    confirmation: () => ({ ...confirmationOptions(c.env), defer: waitUntil }),
    // Cached as long as the petition's settings: counts change once per tally run anyway.
    publishedCount: (petition) =>
      cachedPublishedCount(c.env.KV, c.env.DB, petition, { ttlSeconds: petitionCacheOptions(c.env).ttlSeconds }),
    waitUntil,
    edgeCountry: c.req.raw.cf?.country as string | undefined,
    now: new Date(),
  };
}
