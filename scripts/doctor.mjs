#!/usr/bin/env node
// `npm run doctor [-- --env-file FILE] [--config wrangler.toml]`: checks a configuration before it serves,
// and exits 1 if any check is red. The settings are what wrangler gives the Worker: wrangler.toml's [vars]
// under .dev.vars (npm start's local configuration), or under the env files given, e.g. the production
// secrets `npm run deploy -- --secrets-file .prod.vars` will upload. The checks are src/config/checks.ts,
// run in workerd by scripts/doctor-worker.ts; nothing here judges a value.
import { existsSync } from "node:fs";
import { parseArgs, styleText } from "node:util";
import { unstable_getVarsForDev, unstable_readConfig, unstable_startWorker } from "wrangler";
import { localCfEnv } from "./local-cf.mjs";

const { values: options } = parseArgs({
  options: {
    config: { type: "string", default: "wrangler.toml" },
    "env-file": { type: "string", multiple: true },
    help: { type: "boolean", short: "h" },
  },
});
if (options.help) {
  console.log("npm run doctor [-- --env-file FILE ...] [--config wrangler.toml]   (default: .dev.vars)");
  process.exit(0);
}

const envFiles = options["env-file"];
for (const file of envFiles ?? []) {
  if (!existsSync(file)) {
    console.error(`No such env file: ${file}`);
    process.exit(2);
  }
}
const config = unstable_readConfig({ config: options.config });
const vars = unstable_getVarsForDev(config.configPath, envFiles, config.vars, undefined, true);
const settings = Object.fromEntries(Object.entries(vars).map(([name, binding]) => [name, binding.value]));
const sources = envFiles ?? [".dev.vars", ".env"].filter((file) => existsSync(file)).slice(0, 1);

// No Request.cf fetch from workers.cloudflare.com: the checks do not read it.
Object.assign(process.env, localCfEnv(".wrangler/local-cf.json"));
const worker = await unstable_startWorker({
  entrypoint: "scripts/doctor-worker.ts",
  compatibilityDate: config.compatibility_date,
  dev: { server: { port: 0 }, inspector: false, watch: false, logLevel: "error" },
});
/** @type {{ subject: string, status: "green" | "amber" | "red", reason: string }[]} */
let checks;
try {
  const response = await worker.fetch("http://doctor/", {
    method: "POST",
    body: JSON.stringify({ settings, wrangler: config }),
  });
  if (!response.ok) throw new Error(`the checks failed: ${response.status} ${await response.text()}`);
  checks = /** @type {any} */ (await response.json());
} finally {
  await worker.dispose();
}

const from = sources.length > 0 ? sources.join(" + ") : "no env file (secrets count as unset)";
console.log(`\nChecking ${options.config} + ${from}\n`);
const width = Math.max(...checks.map((check) => check.subject.length));
for (const { subject, status, reason } of checks) {
  console.log(
    `  ${styleText(status === "amber" ? "yellow" : status, status.padEnd(5))}  ${subject.padEnd(width)}  ${reason}`,
  );
}
const count = (/** @type {string} */ status) => checks.filter((check) => check.status === status).length;
const reds = count("red");
console.log(
  `\n${reds} red, ${count("amber")} amber, ${count("green")} green.${reds > 0 ? " Fix the red ones before this configuration serves." : ""}\n`,
);
process.exit(reds > 0 ? 1 : 0);
