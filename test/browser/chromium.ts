/** Debian's Chromium through playwright-core, one fresh profile per launch; shared by the browser suites. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
/** Every wait in a test is bounded by this. */
export const STEP_TIMEOUT_MS = 10_000;

interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh profile each time (playwright takes --user-data-dir as launchPersistentContext's first argument). */
async function launch(javaScriptEnabled: boolean, viewport: { width: number; height: number }): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), "petition-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    javaScriptEnabled,
    viewport,
    acceptDownloads: true,
  });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** A browser for the tests of one describe block, closed after them. */
export function browserFor(javaScriptEnabled: boolean, viewport = { width: 720, height: 1000 }): () => BrowserContext {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launch(javaScriptEnabled, viewport);
  });
  afterAll(async () => browser?.close());
  return () => browser!.context;
}
