import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** `npm run bench`: the load benchmark runs in Node and drives `wrangler dev` over HTTP. */
export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    include: ["bench/**/*.load.ts"],
    testTimeout: 900_000,
    // One bench at a time: two sharing the machine's cores would measure each other.
    fileParallelism: false,
  },
});
