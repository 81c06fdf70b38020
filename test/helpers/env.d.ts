declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    /** wrangler.toml as parsed by vitest.config.ts (the parts tests read). */
    TEST_WRANGLER_TOML: {
      triggers: { crons: string[] };
      ratelimits: { name: string; simple: { limit: number; period: number } }[];
      vars: Record<string, string>;
      observability: { enabled: boolean; logs: { enabled: boolean; invocation_logs: boolean } };
    };
    TEST_UPSTASH_URL: string;
    TEST_UPSTASH_TOKEN: string;
    TEST_UPSTASH_SKIP_REASON: string;
    TEST_BLACKHOLE_URL: string;
    TEST_WEBHOOK_RECEIVER_URL: string;
    TEST_EMAIL_API_URL: string;
    TEST_TURNSTILE_PASSING_TOKEN: string;
    TEST_TURNSTILE_SINGLE_USE_PREFIX: string;
    TEST_TURNSTILE_UNAVAILABLE_URL: string;
    TEST_PROPERTY_SEED: string;
    TEST_ACCESS_TEAM_URL: string;
    TEST_ACCESS_PRIVATE_JWK: string;
    TEST_ACCESS_KEY_ID: string;
  }
}
