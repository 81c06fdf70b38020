#!/usr/bin/env node
// `npm run deploy`: from a fresh account (after `wrangler login`) to a live Worker, and every deploy after.
// `wrangler deploy` provisions the resources wrangler.toml binds without an id (the KV namespace, the D1
// database and the queue the Worker sends to, by name) and finds them again later. Two must exist before it
// runs: the D1 database, because the migrations are applied first (new code never meets an old schema), and
// the dead-letter queue, which only a consumer reads (wrangler provisions the queues a Worker sends to and
// refuses to deploy a consumer of a missing one). So: create what is missing, migrate, deploy.
// Arguments go to `wrangler deploy`, e.g. `npm run deploy -- --secrets-file .prod.vars`.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parse } from "smol-toml";

const WRANGLER = "node_modules/.bin/wrangler";

/** @param {string[]} args  @param {{ quiet?: boolean }} [options] */
function wrangler(args, options = {}) {
  const result = spawnSync(WRANGLER, args, { stdio: options.quiet ? "pipe" : "inherit", encoding: "utf8" });
  return { ok: result.status === 0, stdout: result.stdout ?? "" };
}

/** @param {string[]} args */
function mustRun(args) {
  if (!wrangler(args).ok) process.exit(1);
}

/**
 * Called when a lookup did not find the resource. A lookup that failed for another reason (no login, no
 * permission) makes the creation fail too, and its error is what the operator sees.
 * @param {string} what  @param {string[]} args
 */
function create(what, args) {
  console.log(`Creating ${what}.`);
  mustRun(args);
}

/** The names of the account's D1 databases (one list call; `d1 info` would also ask for metrics). */
function databaseNames() {
  const { ok, stdout } = wrangler(["d1", "list", "--json"], { quiet: true });
  return new Set(ok ? JSON.parse(stdout).map((/** @type {{ name: string }} */ db) => db.name) : []);
}

const config = /** @type {any} */ (parse(readFileSync("wrangler.toml", "utf8")));

/** @type {{ binding: string, database_name?: string, database_id?: string }[]} */
const databases = config.d1_databases ?? [];
const unidentified = databases.filter((db) => !db.database_id);
const existing = unidentified.length > 0 ? databaseNames() : new Set();
for (const { binding, database_name: name } of unidentified) {
  if (!name) {
    console.error(`wrangler.toml: give the D1 binding ${binding} a database_name (or a database_id).`);
    process.exit(1);
  }
  if (!existing.has(name)) create(`the D1 database ${name}`, ["d1", "create", name]);
}

/** @type {string[]} */
const consumedQueues = (config.queues?.consumers ?? []).map((/** @type {{ queue: string }} */ c) => c.queue);
for (const queue of consumedQueues) {
  if (!wrangler(["queues", "info", queue], { quiet: true }).ok)
    create(`the queue ${queue}`, ["queues", "create", queue]);
}

for (const { binding } of databases) mustRun(["d1", "migrations", "apply", binding, "--remote"]);
mustRun(["deploy", ...process.argv.slice(2)]);
