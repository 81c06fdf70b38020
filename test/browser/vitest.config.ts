import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** `npm run test:browser`: Debian's Chromium against a local `wrangler dev`, in Node (not workerd). */
export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    include: ["test/browser/**/*.browser.ts"],
    globalSetup: ["test/browser/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
