import { readFile } from "node:fs/promises";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { parse } from "smol-toml";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const migrations = await readD1Migrations("migrations");
  // For tests that check the code against what wrangler.toml says (cron strings, rate limits).
  const wranglerToml = parse(await readFile("wrangler.toml", "utf8"));
  return {
    plugins: [
      cloudflareTest(({ inject }) => ({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            TEST_WRANGLER_TOML: JSON.parse(JSON.stringify(wranglerToml)),
            // Test-only secrets; real ones come from `wrangler secret put`.
            ADMIN_TOKEN: "test-admin-token",
            HASH_KEY: "test-hash-key-Vq3LxN8rTz5KwP2mJ7cY",
            // A current key and a retired one, as during a rotation (32 bytes each, base64url).
            ENCRYPTION_KEYS:
              "test2:MjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjI,test1:MTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTE",
            WEBHOOK_SECRET: "test-webhook-secret",
            // Tests opt in to Upstash per request; a developer's .dev.vars must not switch it on.
            UPSTASH_REDIS_REST_URL: "",
            UPSTASH_REDIS_REST_TOKEN: "",
            // Loopback servers from test/global-setup.ts.
            TEST_UPSTASH_URL: inject("upstashUrl"),
            TEST_UPSTASH_TOKEN: inject("upstashToken"),
            TEST_UPSTASH_SKIP_REASON: inject("upstashSkipReason"),
            TEST_BLACKHOLE_URL: inject("blackholeUrl"),
            TEST_WEBHOOK_RECEIVER_URL: inject("webhookReceiverUrl"),
            // Confirmation emails go to a loopback recorder through the HTTP transport.
            EMAIL_TRANSPORT: "http",
            EMAIL_API_URL: `${inject("emailApiUrl")}/emails`,
            EMAIL_API_KEY: "test-email-key",
            EMAIL_FROM: "Petitions <petitions@petitions.test>",
            PUBLIC_BASE_URL: "https://petitions.test",
            TEST_EMAIL_API_URL: inject("emailApiUrl"),
            // Turnstile is always the loopback fake here: tests never reach Cloudflare.
            TURNSTILE_VERIFY_URL: inject("turnstileVerifyUrl"),
            TURNSTILE_SECRET_KEY: inject("turnstileSecret"),
            TEST_TURNSTILE_PASSING_TOKEN: inject("turnstilePassingToken"),
            TEST_TURNSTILE_SINGLE_USE_PREFIX: inject("turnstileSingleUsePrefix"),
            TEST_TURNSTILE_UNAVAILABLE_URL: inject("turnstileUnavailableUrl"),
            // A fast-check seed to replay (test/signing/generated-bodies.test.ts prints the one it used); empty = a new one.
            TEST_PROPERTY_SEED: process.env.PROPERTY_SEED ?? "",
            // Console tests switch Access on per request, against this loopback team.
            TEST_ACCESS_TEAM_URL: inject("accessTeamUrl"),
            TEST_ACCESS_PRIVATE_JWK: inject("accessPrivateJwk"),
            TEST_ACCESS_KEY_ID: inject("accessKeyId"),
          },
        },
      })),
    ],
    test: {
      globalSetup: ["./test/global-setup.ts"],
      setupFiles: ["./test/helpers/apply-migrations.ts"],
    },
  };
});
