/** What several browser tests share: petitions made through the API, a campaign site, the console's sign-in, the tally, axe. */
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject } from "vitest";
import { listenOnLoopback } from "../support/free-port";

const workerUrl = inject("workerUrl");
const adminToken = inject("adminToken");

export async function createPetition(settings: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${workerUrl}/v1/petitions`, {
    method: "POST",
    headers: { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({ title: "A petition", summary: "Its summary.", goal: 100, ...settings }),
  });
  if (!response.ok) throw new Error(`could not create ${settings.slug}: ${response.status} ${await response.text()}`);
}

/** A campaign site on a loopback origin of its own, serving one page: its <body> is given. */
export function campaignSite(): { origin: () => string; serve: (body: string) => void } {
  let body = "";
  const server = createServer((_request, response) => {
    response
      .writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" })
      .end(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A campaign site</title></head><body>${body}</body></html>`,
      );
  });
  let origin = "";
  beforeAll(async () => {
    origin = `http://127.0.0.1:${await listenOnLoopback(server)}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { origin: () => origin, serve: (page) => (body = page) };
}

/** axe-core's own script, evaluated in the page (CSP governs the page's scripts, not the test's). */
const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
type AxeRunner = {
  run(
    context: Document,
    options: { runOnly: string[] },
  ): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>;
};

/** What `npm start` prints for running the tally by hand: wrangler dev's scheduled trigger. */
export async function runTally(): Promise<void> {
  const res = await fetch(`${workerUrl}/__scheduled?cron=*+*+*+*+*`);
  expect(res.ok).toBe(true);
}

/** axe-core's WCAG 2.1 A and AA rules and its best practices, run in the page as it stands: no violations. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const { violations } = await (window as unknown as { axe: AxeRunner }).axe.run(document, {
      runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    });
    return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
  expect(violations, name).toEqual([]);
}

export async function signIn(page: Page): Promise<void> {
  await page.goto(`${workerUrl}/admin/sign-in`);
  await page.getByLabel("Admin token").fill(adminToken);
  await page.keyboard.press("Enter");
  await page.waitForURL(`${workerUrl}/admin`);
}
