import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** `npm run test:deploy`: npm run deploy (against a fake Cloudflare API), npm run doctor and npm start's .dev.vars, in Node. */
export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    include: ["test/deploy/**/*.node.ts"],
    // Each test runs wrangler several times; two files at once would only slow both.
    fileParallelism: false,
    testTimeout: 300_000,
  },
});
