import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort } from "./free-port";
import { connect } from "./resp";

export interface RedisServer {
  port: number;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 10_000;

function findRedisServer(): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(delimiter).filter(Boolean), "/usr/bin"];
  for (const dir of dirs) {
    const candidate = join(dir, "redis-server");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory.
    }
  }
  return undefined;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  // No pid: it never started. Exit or signal code set: already gone.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  // Nothing is persisted, so there is nothing to lose by not shutting down gracefully.
  child.kill("SIGKILL");
  await exited;
}

/** Resolves once the server answers PING; rejects early if the process dies (e.g. the port was taken). */
async function waitUntilReady(child: ChildProcess, port: number, output: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`redis-server exited during startup:\n${output()}`);
    }
    try {
      const connection = await connect(port);
      try {
        if ((await connection.command(["PING"])) === "PONG") return;
      } finally {
        connection.close();
      }
    } catch {
      // Not listening yet (or still loading): try again shortly.
    }
    await sleep(25);
  }
  throw new Error(`redis-server did not answer PING within ${STARTUP_TIMEOUT_MS} ms:\n${output()}`);
}

/**
 * Starts a throwaway Debian `redis-server` on a free loopback port, without persistence, in its own
 * temp dir. Resolves null when redis-server is not installed so callers can skip Redis-backed tests.
 */
export async function startRedisServer(): Promise<RedisServer | null> {
  const binary = findRedisServer();
  if (!binary) return null;

  const dir = await mkdtemp(join(tmpdir(), "redis-test-"));
  const port = await freePort();
  const child = spawn(
    binary,
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  // Without a listener a spawn failure would crash the test runner instead of failing the start.
  child.on("error", (error) => (output += `\n${error.message}`));

  // If the test run dies without calling stop(), leave neither redis-server nor its dir behind.
  const killOnExit = () => {
    child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", killOnExit);
  const stop = async () => {
    process.off("exit", killOnExit);
    await stopProcess(child);
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await waitUntilReady(child, port, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, stop };
}
