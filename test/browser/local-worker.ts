/**
 * A throwaway `wrangler dev` for the browser tests and the load benchmark: its own port and
 * --persist-to directory, the migrations applied (and by default the demo petition seeded) there, and
 * its own secrets from an env file, so neither a developer's .dev.vars nor .wrangler/state is touched
 * or used (no Upstash, no Turnstile), and a local Request.cf object without a country (scripts/local-cf.mjs).
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { localCfEnv } from "../../scripts/local-cf.mjs";
import { freePort } from "../support/free-port";

export interface LocalWorker {
  url: string;
  adminToken: string;
  stop(): Promise<void>;
}

const WRANGLER = join(process.cwd(), "node_modules", "wrangler", "bin", "wrangler.js");
const ENV = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" };
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;

const run = promisify(execFile);
const wrangler = (args: string[]) => run(process.execPath, [WRANGLER, ...args], { env: ENV });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** wrangler runs workerd as a child of a child: signals go to the whole process group it leads. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // The group is already gone.
  }
}

async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  signalGroup(child, "SIGTERM");
  if (await Promise.race([exited.then(() => true), sleep(STOP_TIMEOUT_MS).then(() => false)])) return;
  signalGroup(child, "SIGKILL");
  await exited;
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited during startup:\n${output()}`);
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  throw new Error(`wrangler dev did not answer within ${READY_TIMEOUT_MS} ms:\n${output()}`);
}

export interface LocalWorkerOptions {
  /** The wrangler config (default wrangler.toml); its migrations are applied. */
  config?: string;
  /** An entry point instead of the config's `main` (wrangler dev's positional script). */
  entry?: string;
  /** Vars on top of the config's, e.g. SIGNATURE_WRITE_MODE. */
  vars?: Record<string, string>;
  /** Seed the demo petition (scripts/seed-demo.sql); default true. */
  seedDemo?: boolean;
  /** Serve /__scheduled so a caller can run cron triggers. */
  testScheduled?: boolean;
}

export async function startLocalWorker(options: LocalWorkerOptions = {}): Promise<LocalWorker> {
  const dir = await mkdtemp(join(tmpdir(), "petition-edge-worker-"));
  const adminToken = randomBytes(18).toString("base64url");
  const envFile = join(dir, "secrets.env");
  const secrets = {
    ADMIN_TOKEN: adminToken,
    HASH_KEY: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEYS: `local1:${randomBytes(32).toString("base64url")}`,
  };
  await writeFile(
    envFile,
    Object.entries(secrets)
      .map(([name, value]) => `${name}=${value}\n`)
      .join(""),
  );
  const config = ["--config", options.config ?? "wrangler.toml"];
  await wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", dir, ...config]);
  if (options.seedDemo ?? true) {
    await wrangler([
      "d1",
      "execute",
      "DB",
      "--local",
      "--persist-to",
      dir,
      ...config,
      "--file",
      "scripts/seed-demo.sql",
    ]);
  }

  const [port, inspectorPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  const args = ["dev", ...(options.entry ? [options.entry] : []), ...config, "--ip", "127.0.0.1"];
  args.push("--port", String(port), "--inspector-port", String(inspectorPort));
  args.push("--persist-to", dir, "--env-file", envFile, "--show-interactive-dev-session=false");
  for (const [name, value] of Object.entries(options.vars ?? {})) args.push("--var", `${name}:${value}`);
  if (options.testScheduled) args.push("--test-scheduled");
  const child = spawn(process.execPath, [WRANGLER, ...args], {
    env: { ...ENV, ...localCfEnv(join(dir, "cf.json")) },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  child.on("error", (error) => (output += `\n${error.message}`));

  // If the run dies without stopping it, wrangler dev must not outlive it.
  const killOnExit = () => signalGroup(child, "SIGKILL");
  process.once("exit", killOnExit);
  const stop = async () => {
    process.off("exit", killOnExit);
    await stopProcessGroup(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(url, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, adminToken, stop };
}
