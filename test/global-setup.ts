/**
 * Starts the real servers the Worker tests talk to, on loopback, once per run: Debian's redis-server
 * behind an Upstash-REST bridge, a server that never answers (for the Upstash timeout failover), a
 * webhook receiver that records what the cron delivers (another stands in for the email API), a fake
 * Turnstile siteverify, and a fake Cloudflare Access team publishing its keys.
 */
import type { TestProject } from "vitest/node";
import { startFakeAccessTeam } from "./support/access-team";
import { startBlackholeServer } from "./support/blackhole-server";
import { startRedisServer } from "./support/redis-server";
import { startFakeSiteverify } from "./support/turnstile-siteverify";
import { startUpstashBridge } from "./support/upstash-bridge";
import { startWebhookReceiver } from "./support/webhook-receiver";

declare module "vitest" {
  export interface ProvidedContext {
    upstashUrl: string;
    upstashToken: string;
    upstashSkipReason: string;
    blackholeUrl: string;
    webhookReceiverUrl: string;
    emailApiUrl: string;
    turnstileVerifyUrl: string;
    turnstileSecret: string;
    turnstilePassingToken: string;
    turnstileSingleUsePrefix: string;
    turnstileUnavailableUrl: string;
    accessTeamUrl: string;
    accessPrivateJwk: string;
    accessKeyId: string;
  }
}

const UPSTASH_TOKEN = "test-upstash-token";
const TURNSTILE_SECRET = "test-turnstile-secret";

export default async function setup(project: TestProject) {
  const stops: (() => Promise<void>)[] = [];

  const blackhole = await startBlackholeServer();
  stops.push(blackhole.stop);
  project.provide("blackholeUrl", blackhole.url);

  const receiver = await startWebhookReceiver();
  stops.push(receiver.stop);
  project.provide("webhookReceiverUrl", receiver.url);

  // The HTTP email API is a receiver too: it records what confirmation emails the Worker sends.
  const emailApi = await startWebhookReceiver();
  stops.push(emailApi.stop);
  project.provide("emailApiUrl", emailApi.url);

  const siteverify = await startFakeSiteverify(TURNSTILE_SECRET);
  stops.push(siteverify.stop);
  project.provide("turnstileVerifyUrl", siteverify.url);
  project.provide("turnstileSecret", TURNSTILE_SECRET);
  project.provide("turnstilePassingToken", siteverify.passingToken);
  project.provide("turnstileSingleUsePrefix", siteverify.singleUsePrefix);
  project.provide("turnstileUnavailableUrl", siteverify.unavailableUrl);

  const accessTeam = await startFakeAccessTeam();
  stops.push(accessTeam.stop);
  project.provide("accessTeamUrl", accessTeam.url);
  project.provide("accessPrivateJwk", accessTeam.privateJwk);
  project.provide("accessKeyId", accessTeam.keyId);

  const redis = await startRedisServer();
  if (redis) {
    stops.push(redis.stop);
    const bridge = await startUpstashBridge(redis.port, UPSTASH_TOKEN);
    stops.push(bridge.stop);
    project.provide("upstashUrl", bridge.url);
    project.provide("upstashSkipReason", "");
  } else if (process.env.CI) {
    throw new Error(
      "redis-server is not installed; CI must run the Upstash rate-limit tests (apt-get install redis-server).",
    );
  } else {
    project.provide("upstashUrl", "");
    project.provide(
      "upstashSkipReason",
      "redis-server is not installed (apt-get install redis-server): Upstash backend tests skipped",
    );
  }
  project.provide("upstashToken", UPSTASH_TOKEN);

  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}
