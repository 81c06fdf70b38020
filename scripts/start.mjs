#!/usr/bin/env node
// `npm start`: everything a fresh clone needs to run locally. Writes .dev.vars when missing (random
// dev-only secrets), applies the D1 migrations to the local database, seeds the demo petition,
// then runs `wrangler dev`, serves the demo host page, runs the cron triggers on their schedule, and
// prints the URLs to try once the Worker answers.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { allowDemoHost, startDemoHost } from "./demo-host.mjs";
import { localDevVars } from "./dev-vars.mjs";
import { localCfEnv } from "./local-cf.mjs";
import { runCronsLocally } from "./local-cron.mjs";

const PORT = Number(process.env.PORT ?? 8787);
const BASE = `http://localhost:${PORT}`;
/** The demo campaign page's port; the seed allows 8788, another is added when the Worker is up. */
const DEMO_PORT = Number(process.env.DEMO_PORT ?? 8788);
const INSPECTOR_PORT = Number(process.env.INSPECTOR_PORT ?? 9229);
const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CI: "true",
  // DEV_COUNTRY=BR npm start: requests located in Brazil, as request.cf would say in production.
  ...localCfEnv(".wrangler/local-cf.json", process.env.DEV_COUNTRY),
};
// The project's own wrangler, run directly (not through npx) so Ctrl-C and kill reach it.
const WRANGLER = "node_modules/.bin/wrangler";

const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(`Node.js 22.12 or newer is needed (wrangler 4); this is ${process.version}.`);
  process.exit(1);
}

/** @param {string[]} args */
function run(args) {
  const result = spawnSync(WRANGLER, args, { stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function ensureDevVars() {
  if (existsSync(".dev.vars")) return;
  writeFileSync(".dev.vars", localDevVars(readFileSync(".dev.vars.example", "utf8"), BASE), { mode: 0o600 });
  console.log("Wrote .dev.vars with fresh local-only secrets.");
}

/** @param {string} name */
function devVar(name) {
  return readFileSync(".dev.vars", "utf8").match(new RegExp(`^${name}=(.*)$`, "m"))?.[1] ?? "";
}

/** @param {import("node:child_process").ChildProcess} child */
async function waitForWorker(child) {
  for (let attempt = 0; attempt < 240 && child.exitCode === null; attempt++) {
    try {
      const res = await fetch(`${BASE}/v1/petitions/demo`);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

ensureDevVars();
run(["d1", "migrations", "apply", "DB", "--local"]);
run(["d1", "execute", "DB", "--local", "--file", "scripts/seed-demo.sql"]);

const dev = spawn(
  WRANGLER,
  ["dev", "--port", String(PORT), "--inspector-port", String(INSPECTOR_PORT), "--test-scheduled"],
  { stdio: "inherit", env },
);
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) process.on(signal, () => dev.kill(signal));
dev.on("exit", (code) => process.exit(code ?? 0));

/** wrangler.toml's cron triggers (one line: `crons = [...]`). */
function cronTriggers() {
  const line = readFileSync("wrangler.toml", "utf8").match(/^crons\s*=\s*\[(.*)\]/m)?.[1] ?? "";
  return [...line.matchAll(/"([^"]+)"/g)].map((match) => match[1] ?? "");
}

if (await waitForWorker(dev)) {
  const crons = cronTriggers();
  runCronsLocally(crons, async (cron) => {
    await fetch(`${BASE}/__scheduled?cron=${encodeURIComponent(cron)}`);
  });
  const mode = readFileSync("wrangler.toml", "utf8").match(/^SIGNATURE_WRITE_MODE\s*=\s*"(\w+)"/m)?.[1];
  const queueWarning =
    devVar("SIGNATURE_WRITE_MODE") === "queue" || mode === "queue"
      ? "\n    Note: SIGNATURE_WRITE_MODE=queue keeps queued signatures in wrangler dev's memory: a restart loses\n    those not yet stored. Locally, prefer auto (the default) or direct.\n"
      : "";
  const token = devVar("ADMIN_TOKEN");
  const demoOrigins = [`http://localhost:${DEMO_PORT}`, `http://127.0.0.1:${DEMO_PORT}`];
  const demoHost = await allowDemoHost({ workerOrigin: BASE, adminToken: token, hostOrigins: demoOrigins })
    .then(() => startDemoHost({ port: DEMO_PORT, workerOrigin: BASE, slug: "demo" }))
    .then(
      () => `http://localhost:${DEMO_PORT}/   (a campaign site embedding the form with embed.js)`,
      (/** @type {Error} */ error) => `not started: ${error.message}`,
    );
  console.log(`
  Petition Edge is running locally.

    Console          ${BASE}/admin       (sign in with the admin token below)
    Petition page    ${BASE}/p/demo
    API docs         ${BASE}/docs        (OpenAPI: ${BASE}/openapi.json)
    Demo petition    ${BASE}/v1/petitions/demo
    Sign form        ${BASE}/embed/demo
    Embedded form    ${demoHost}
    Sign (JSON)      curl -X POST ${BASE}/v1/petitions/demo/signatures \\
                       -H 'content-type: application/json' \\
                       -d '{"email":"you@example.org","name":"You","country":"BR"}'
    Crons            ${crons.join(", ")} run on their schedule (the tally every minute);
                     now: curl '${BASE}/__scheduled?cron=*+*+*+*+*'
    Admin token      ${token}   (from .dev.vars; local only)
    Dev outbox       ${BASE}/dev/outbox   (confirmation emails of petitions with confirmation "email")
${queueWarning}`);
}
