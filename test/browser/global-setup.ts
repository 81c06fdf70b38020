/**
 * The browser suite's world: a local Worker with the demo petition, and the demo host page on
 * another loopback origin, which the demo petition is told to let frame it.
 */
import { mkdir } from "node:fs/promises";
import type { TestProject } from "vitest/node";
import { allowDemoHost, startDemoHost } from "../../scripts/demo-host.mjs";
import { freePort } from "../support/free-port";
import { startLocalWorker } from "./local-worker";

declare module "vitest" {
  export interface ProvidedContext {
    workerUrl: string;
    hostUrl: string;
    adminToken: string;
  }
}

export const ARTIFACTS_DIR = "test-artifacts";

export default async function setup(project: TestProject) {
  const stops: (() => Promise<void>)[] = [];
  const teardown = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    // The console test runs the tally cron through /__scheduled, as npm start allows.
    const worker = await startLocalWorker({ testScheduled: true });
    stops.push(worker.stop);
    const hostPort = await freePort();
    const host = await startDemoHost({ port: hostPort, workerOrigin: worker.url, slug: "demo" });
    stops.push(host.close);
    const hostUrl = `http://127.0.0.1:${hostPort}`;

    await allowDemoHost({ workerOrigin: worker.url, adminToken: worker.adminToken, hostOrigins: [hostUrl] });

    project.provide("workerUrl", worker.url);
    project.provide("adminToken", worker.adminToken);
    project.provide("hostUrl", hostUrl);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
