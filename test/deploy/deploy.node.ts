/**
 * `npm run deploy` on a fresh account and again on the same one, against a fake Cloudflare API
 * (test/support/fake-cloudflare-api.ts): the real wrangler, the real wrangler.toml, no real account.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeCloudflareApi, startFakeCloudflareApi } from "../support/fake-cloudflare-api";

const run = promisify(execFile);
const WORKER = "petition-edge";

let api: FakeCloudflareApi;
let dir: string;
beforeAll(async () => {
  api = await startFakeCloudflareApi();
  dir = await mkdtemp(join(tmpdir(), "petition-edge-deploy-"));
});
afterAll(async () => {
  await api.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Runs `npm run deploy` (its script) as an operator would, logged in to the fake account; returns what changed. */
async function deploy(args: string[] = []): Promise<string[]> {
  const before = api.events.length;
  const env = {
    ...process.env,
    CLOUDFLARE_API_BASE_URL: api.url,
    CLOUDFLARE_API_TOKEN: "fake-token",
    CLOUDFLARE_ACCOUNT_ID: api.accountId,
    WRANGLER_SEND_METRICS: "false",
    CI: "true",
  };
  try {
    await run(process.execPath, ["scripts/deploy.mjs", ...args], { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const output = (error as { stderr?: string }).stderr ?? "";
    throw new Error(`npm run deploy failed; the account saw:\n${api.events.join("\n")}\n${output.slice(-2000)}`);
  }
  return api.events.slice(before);
}

describe("npm run deploy", () => {
  it("on a fresh account: creates the database and queues, migrates, then deploys with every binding", async () => {
    const secrets = join(dir, "prod.vars");
    await writeFile(
      secrets,
      "ADMIN_TOKEN=Qm7x-Vd2Lp9sKw4Zr8Tn1Hb6\nHASH_KEY=Jv3Xq8Lz1Nw6Rt4Yb9Kd2Hs7Mc5Pf0Gu_Ae-Wi3Ox8\n",
    );
    const migrations = (await readdir("migrations")).filter((file) => file.endsWith(".sql")).sort();

    const events = await deploy(["--secrets-file", secrets]);

    expect(events).toEqual([
      "create d1 petition-edge",
      "create queue petition-signatures",
      "create queue petition-signatures-dlq",
      ...migrations.map((file) => `migrate petition-edge: ${file}`),
      "create kv petition-edge-kv",
      `upload ${WORKER} ADMIN_TOKEN=secret DB=petition-edge HASH_KEY=secret KV=petition-edge-kv SIGNATURE_QUEUE=petition-signatures`,
      "consume petition-signatures (dead letters to petition-signatures-dlq)",
      "consume petition-signatures-dlq",
    ]);
  });

  it("again: creates nothing, migrates nothing new, and the Worker keeps its resources", async () => {
    const events = await deploy();

    expect(events.filter((event) => /^(create|migrate|unhandled)/.test(event))).toEqual([]);
    expect(events).toContain(`version ${WORKER} DB=inherited KV=inherited SIGNATURE_QUEUE=inherited`);
    expect(api.bindings(WORKER)).toBe(
      "ADMIN_TOKEN=secret DB=petition-edge HASH_KEY=secret KV=petition-edge-kv SIGNATURE_QUEUE=petition-signatures",
    );
  });
});
