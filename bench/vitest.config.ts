/** `npm run bench`: the benchmarks run in workerd against local D1, like the tests, but print figures. */
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => ({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations("migrations"),
          ADMIN_TOKEN: "bench-admin-token",
          HASH_KEY: "bench-hash-key",
          // A current key and a retired one, as during a rotation (32 bytes each, base64url).
          ENCRYPTION_KEYS:
            "test2:MjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjI,test1:MTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTE",
          UPSTASH_REDIS_REST_URL: "",
          UPSTASH_REDIS_REST_TOKEN: "",
        },
      },
    }),
  ],
  test: {
    include: ["bench/**/*.bench.ts"],
    setupFiles: ["./test/helpers/apply-migrations.ts"],
    testTimeout: 600_000,
  },
}));
