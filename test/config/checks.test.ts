/** The configuration checks behind `npm run doctor`: each red and amber case, over wrangler.toml's own [vars]. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type CheckStatus, checkConfiguration, type Settings, type WranglerConfig } from "../../src/config/checks";

const toml = env.TEST_WRANGLER_TOML as typeof env.TEST_WRANGLER_TOML & WranglerConfig;
const key = (fill: string) => btoa(fill.repeat(32).slice(0, 32)).replaceAll("=", "");

/** A production configuration: wrangler.toml's [vars], the required secrets and an https origin. */
const production: Settings = {
  ...toml.vars,
  ADMIN_TOKEN: "Qm7x-Vd2Lp9sKw4Zr8Tn1Hb6",
  HASH_KEY: "Jv3Xq8Lz1Nw6Rt4Yb9Kd2Hs7Mc5Pf0Gu_Ae-Wi3Ox8",
  ENCRYPTION_KEYS: `k2:${key("MjIy")}`,
  PUBLIC_BASE_URL: "https://petitions.example.org",
};

async function checked(overrides: Settings = {}, wrangler: WranglerConfig | undefined = toml) {
  return checkConfiguration({ ...production, ...overrides }, wrangler);
}

async function verdict(subject: string, overrides: Settings, wrangler?: WranglerConfig) {
  const found = (await checked(overrides, wrangler ?? toml)).find((check) => check.subject === subject);
  if (!found) throw new Error(`no check of ${subject}`);
  return found;
}

/** [overrides, the status, a word the reason must hold] for one subject. */
type Case = [Settings, CheckStatus, RegExp];

async function expectCases(subject: string, cases: Case[], wrangler?: WranglerConfig) {
  for (const [overrides, status, reason] of cases) {
    const result = await verdict(subject, overrides, wrangler);
    expect({ overrides, status: result.status }).toEqual({ overrides, status });
    expect(result.reason).toMatch(reason);
  }
}

describe("configuration checks", () => {
  it("pass wrangler.toml as it is with production secrets: only the unconfigured email is amber", async () => {
    const results = await checked();
    const notGreen = results.filter((check) => check.status !== "green").map((check) => check.subject);
    expect(notGreen).toEqual(["EMAIL_TRANSPORT"]);
    // Every binding of a resource is checked, none holds a placeholder id.
    expect(results.map((check) => check.subject)).toEqual(expect.arrayContaining(["D1 binding DB", "KV binding KV"]));
  });

  it("want an ADMIN_TOKEN of 16 or more random-looking characters", async () => {
    await expectCases("ADMIN_TOKEN", [
      [{ ADMIN_TOKEN: undefined }, "red", /unset/],
      [{ ADMIN_TOKEN: "  " }, "red", /unset/],
      [{ ADMIN_TOKEN: "Qm7x-Vd2Lp9sKw4" }, "red", /15 characters/],
      [{ ADMIN_TOKEN: "aaaaaaaaaaaaaaaaaaaaaaaa" }, "red", /random/],
      [{ ADMIN_TOKEN: "passwordpassword" }, "red", /random/],
      [{ ADMIN_TOKEN: "1234567890123456" }, "red", /random/],
      [{ ADMIN_TOKEN: "abcdefghijklmnopqrstuvwxyz" }, "red", /random/],
      [{ ADMIN_TOKEN: "9f3b2c81d0e47a65" }, "green", /16 random-looking characters/],
    ]);
  });

  it("want a HASH_KEY of 32 or more random-looking bytes", async () => {
    await expectCases("HASH_KEY", [
      [{ HASH_KEY: undefined }, "red", /unset: signing answers 503/],
      [{ HASH_KEY: "Jv3Xq8Lz1Nw6Rt4Yb9Kd2Hs7Mc5Pf0G" }, "red", /31 bytes/],
      [{ HASH_KEY: "0123456789012345678901234567890123456789" }, "red", /random/],
      [{ HASH_KEY: "é".repeat(16) }, "red", /random/],
    ]);
  });

  it("read ENCRYPTION_KEYS with the Worker's keyring: id:base64url-32-bytes, unique ids", async () => {
    await expectCases("ENCRYPTION_KEYS", [
      [{ ENCRYPTION_KEYS: undefined }, "red", /Set the ENCRYPTION_KEYS secret/],
      [{ ENCRYPTION_KEYS: key("MTEx") }, "red", /needs an id/],
      [{ ENCRYPTION_KEYS: `k1:${key("MTEx")},k1:${key("MjIy")}` }, "red", /"k1" appears twice/],
      [{ ENCRYPTION_KEYS: "k1:not*base64" }, "red", /not base64url/],
      [{ ENCRYPTION_KEYS: `k1:${key("MTEx").slice(0, 40)}` }, "red", /must be 32 bytes/],
      [{ ENCRYPTION_KEYS: `k2:${key("MjIy")},k1:${key("MTEx")}` }, "green", /2 keys; new rows are sealed with "k2"/],
    ]);
  });

  it("know the write modes, and that queue and auto need the queue binding", async () => {
    await expectCases("SIGNATURE_WRITE_MODE", [
      [{ SIGNATURE_WRITE_MODE: "fast" }, "red", /one of direct, queue, auto/],
      [{ SIGNATURE_WRITE_MODE: "direct" }, "green", /direct/],
    ]);
    const unbound = { ...toml, queues: { producers: [] } };
    await expectCases("SIGNATURE_WRITE_MODE", [[{ SIGNATURE_WRITE_MODE: "auto" }, "red", /SIGNATURE_QUEUE/]], unbound);
  });

  it("want counts and durations as positive integers", async () => {
    await expectCases("counts and durations", [
      [{ RETENTION_DAYS: "0" }, "red", /RETENTION_DAYS/],
      [
        { DIRECT_WRITE_BUDGET_MS: "1s", UPSTASH_TIMEOUT_MS: undefined },
        "red",
        /UPSTASH_TIMEOUT_MS, DIRECT_WRITE_BUDGET_MS/,
      ],
      [{ WEBHOOK_RETRY_SECONDS: "soon" }, "red", /WEBHOOK_RETRY_SECONDS/],
    ]);
  });

  it("compare the Upstash limits with the rate-limit bindings", async () => {
    await expectCases("RATE_LIMIT_* and [[ratelimits]]", [
      [{ RATE_LIMIT_PETITION: "5" }, "amber", /RATE_LIMIT_PETITION is 5 per 60 s, SIGN_LIMIT_PETITION 20 per 60 s/],
      [{ RATE_LIMIT_WINDOW_SECONDS: "10" }, "amber", /RATE_LIMIT_GLOBAL is 60 per 10 s/],
    ]);
    const withLimits = (ratelimits: WranglerConfig["ratelimits"]) => ({ ...toml, ratelimits });
    const petitionLimit = toml.ratelimits.find((limit) => limit.name === "SIGN_LIMIT_PETITION");
    await expectCases(
      "RATE_LIMIT_* and [[ratelimits]]",
      [[{}, "red", /no \[\[ratelimits\]\] binding SIGN_LIMIT_GLOBAL/]],
      {
        ...withLimits(petitionLimit ? [petitionLimit] : []),
      },
    );
    const odd = toml.ratelimits.map((limit) => ({ ...limit, simple: { limit: 20, period: 30 } }));
    await expectCases("RATE_LIMIT_* and [[ratelimits]]", [[{}, "red", /period must be 10 or 60/]], withLimits(odd));
  });

  it("want both Upstash settings or neither, over https", async () => {
    const url = "https://eu1-example.upstash.io";
    await expectCases("UPSTASH_REDIS_REST_URL, _TOKEN", [
      [{ UPSTASH_REDIS_REST_URL: url }, "red", /UPSTASH_REDIS_REST_TOKEN is unset/],
      [{ UPSTASH_REDIS_REST_TOKEN: "AXyz" }, "red", /UPSTASH_REDIS_REST_URL is unset/],
      [{ UPSTASH_REDIS_REST_URL: "http://eu1-example.upstash.io", UPSTASH_REDIS_REST_TOKEN: "AXyz" }, "red", /https/],
      [{ UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: "AXyz" }, "green", /on/],
    ]);
  });

  it("want the challenge's site key with the Turnstile secret, or neither; the secret alone serves petitions' own keys", async () => {
    const secret = "0x4AAAAAAATurnstileSecret";
    await expectCases("TURNSTILE_SITE_KEY, TURNSTILE_SECRET_KEY", [
      [{}, "green", /off: networks over their limits get 429/],
      [{ TURNSTILE_SITE_KEY: "0x4AAAAAAAOrgKey" }, "red", /TURNSTILE_SECRET_KEY is unset.*set both, or neither/],
      [{ TURNSTILE_SECRET_KEY: secret }, "green", /petitions with a turnstile_site_key only/],
      [{ TURNSTILE_SITE_KEY: "<script>", TURNSTILE_SECRET_KEY: secret }, "red", /no Turnstile site key/],
      [{ TURNSTILE_SITE_KEY: "0x4AAAAAAAOrgKey", TURNSTILE_SECRET_KEY: secret }, "green", /challenged/],
    ]);
    await expectCases("RATE_LIMIT_* and [[ratelimits]]", [
      [{ RATE_LIMIT_CHALLENGED: "100" }, "amber", /RATE_LIMIT_CHALLENGED is 100 per 60 s, SIGN_LIMIT_CHALLENGED 400/],
    ]);
    await expectCases("counts and durations", [[{ RATE_LIMIT_CHALLENGED: "many" }, "red", /RATE_LIMIT_CHALLENGED/]]);
  });

  it("want an https PUBLIC_BASE_URL unless the Worker is local", async () => {
    await expectCases("PUBLIC_BASE_URL", [
      [{ PUBLIC_BASE_URL: "" }, "amber", /unset/],
      [{ PUBLIC_BASE_URL: "petitions.example.org" }, "red", /no http\(s\) URL/],
      [{ PUBLIC_BASE_URL: "http://petitions.example.org" }, "red", /not https/],
      [{ PUBLIC_BASE_URL: "http://localhost:8787" }, "green", /local/],
    ]);
  });

  it("want every setting of the chosen email transport", async () => {
    const http = { EMAIL_API_URL: "https://api.mail.example/emails", EMAIL_FROM: "Petitions <p@example.org>" };
    await expectCases("EMAIL_TRANSPORT", [
      [{ EMAIL_TRANSPORT: "smtp" }, "red", /one of http, send_email, dev-outbox/],
      [{ EMAIL_FROM: "p@example.org" }, "red", /http without EMAIL_API_URL, EMAIL_API_KEY/],
      [http, "red", /without EMAIL_API_KEY/],
      [{ ...http, EMAIL_API_KEY: "re_123", EMAIL_API_URL: "http://api.mail.example" }, "red", /https/],
      [{ ...http, EMAIL_API_KEY: "re_123" }, "green", /http, from Petitions/],
      [{ EMAIL_TRANSPORT: "send_email", EMAIL_FROM: "p@example.org" }, "red", /uncomment \[\[send_email\]\]/],
      [{ EMAIL_TRANSPORT: "dev-outbox" }, "red", /npm start/],
      [{ EMAIL_TRANSPORT: "dev-outbox", PUBLIC_BASE_URL: "http://127.0.0.1:8787" }, "green", /local outbox/],
    ]);
    const bound = { ...toml, send_email: [{ name: "EMAIL" }] };
    await expectCases(
      "EMAIL_TRANSPORT",
      [
        [{ EMAIL_TRANSPORT: "send_email" }, "red", /without EMAIL_FROM/],
        [{ EMAIL_TRANSPORT: "send_email", EMAIL_FROM: "p@example.org" }, "green", /send_email/],
      ],
      bound,
    );
  });

  it("want both Access settings or neither", async () => {
    await expectCases("ACCESS_TEAM_DOMAIN, ACCESS_AUD", [
      [{ ACCESS_TEAM_DOMAIN: "team.cloudflareaccess.com" }, "red", /Set both/],
      [{ ACCESS_AUD: "4714c1358e65fe4b408ad6d432a5f878f08194bdb4752441fd56faefa9b2b6f2" }, "red", /Set both/],
      [{ ACCESS_TEAM_DOMAIN: "team.cloudflareaccess.com", ACCESS_AUD: "aud" }, "green", /https:\/\/team/],
    ]);
  });

  it("say which report webhooks wait or are ignored, without showing their URLs", async () => {
    const hook = "https://hooks.slack.com/services/T0/B0/secret-part";
    await expectCases("REPORT_WEBHOOK_URLS", [
      [{ REPORT_WEBHOOK_URLS: `${hook},hooks.example.org` }, "amber", /entry 2 ignored: no URL/],
      [{ REPORT_WEBHOOK_URLS: hook }, "amber", /WEBHOOK_SECRET .* is unset: messages to 1 receiver wait/],
      [{ REPORT_WEBHOOK_URLS: hook, WEBHOOK_SECRET: "whsec" }, "green", /1 receiver, signed/],
    ]);
    const reasons = (await checked({ REPORT_WEBHOOK_URLS: `${hook},x` })).map((check) => check.reason).join(" ");
    expect(reasons).not.toContain("secret-part");
  });

  it("refuse placeholder resource ids, and a database npm run deploy could not name", async () => {
    const zeros = {
      ...toml,
      d1_databases: [
        { binding: "DB", database_name: "petition-edge", database_id: "00000000-0000-0000-0000-000000000000" },
      ],
      kv_namespaces: [{ binding: "KV", id: "00000000000000000000000000000000" }],
    };
    await expectCases("D1 binding DB", [[{}, "red", /placeholder/]], zeros);
    await expectCases("KV binding KV", [[{}, "red", /placeholder/]], zeros);
    await expectCases("KV binding KV", [[{}, "red", /placeholder/]], {
      ...toml,
      kv_namespaces: [{ binding: "KV", id: "<your id>" }],
    });
    await expectCases("D1 binding DB", [[{}, "red", /database_name/]], { ...toml, d1_databases: [{ binding: "DB" }] });
    const real = { ...toml, d1_databases: [{ binding: "DB", database_id: "9123cb96-d35d-4da4-8a8a-6a3b70e4a40f" }] };
    await expectCases("D1 binding DB", [[{}, "green", /9123cb96/]], real);
  });

  it("never put a secret's value in a reason", async () => {
    const secrets = {
      ADMIN_TOKEN: "short-Token",
      HASH_KEY: "Short-Hash-Key",
      ENCRYPTION_KEYS: `k1:${key("MTEx")},k1:${key("MjIy")}`,
      UPSTASH_REDIS_REST_TOKEN: "AXyzUpstashToken",
      EMAIL_API_KEY: "re_EmailApiKey",
      WEBHOOK_SECRET: "whsec_Webhook",
      TURNSTILE_SECRET_KEY: "0x4AAAAAAATurnstileSecret",
    };
    const reasons = (await checked(secrets)).map((check) => check.reason).join("\n");
    for (const value of [...Object.values(secrets), key("MTEx"), key("MjIy")]) expect(reasons).not.toContain(value);
  });

  it("run over a Worker's env on a status page, its bindings standing for wrangler.toml", async () => {
    const results = await checkConfiguration({ ...env, SIGNATURE_WRITE_MODE: "queue" });
    expect(results.find((check) => check.subject === "SIGNATURE_WRITE_MODE")?.status).toBe("green");
    expect(results.some((check) => check.subject.startsWith("D1 binding"))).toBe(false);
  });
});
