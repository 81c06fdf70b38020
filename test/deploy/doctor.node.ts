/** `npm run doctor` as an operator runs it, and the .dev.vars `npm start` writes, which it must pass. */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv, promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localDevVars } from "../../scripts/dev-vars.mjs";

const run = promisify(execFile);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "petition-edge-doctor-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs the doctor over wrangler.toml and an env file holding `text`; its exit code and output. */
async function doctor(text: string): Promise<{ code: number; output: string }> {
  const file = join(dir, "checked.vars");
  await writeFile(file, text);
  const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" };
  try {
    const { stdout } = await run(process.execPath, ["scripts/doctor.mjs", "--env-file", file], { env });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe("npm start's .dev.vars", () => {
  it("keeps the local settings out of .dev.vars.example: outbox, localhost links, fresh secrets", async () => {
    const example = await readFile(".dev.vars.example", "utf8");
    const vars = parseEnv(localDevVars(example, "http://localhost:8787"));
    expect(vars).toMatchObject({ EMAIL_TRANSPORT: "dev-outbox", PUBLIC_BASE_URL: "http://localhost:8787" });
    expect(vars.ADMIN_TOKEN?.length).toBeGreaterThanOrEqual(16);
    expect(vars.ENCRYPTION_KEYS).toMatch(/^local1:[\w-]{43}$/);
    expect(vars.WEBHOOK_SECRET).toMatch(/^[\w-]{43}$/);
    // Each run its own secrets.
    expect(parseEnv(localDevVars(example, "http://localhost:8787")).HASH_KEY).not.toBe(vars.HASH_KEY);
  });
});

describe("npm run doctor", () => {
  it("passes npm start's configuration, every check green", async () => {
    const { code, output } = await doctor(
      localDevVars(await readFile(".dev.vars.example", "utf8"), "http://localhost:8787"),
    );
    expect(output).toMatch(/Checking wrangler\.toml \+ .*checked\.vars/);
    expect(output).toMatch(/\n0 red, 0 amber, \d+ green\./);
    expect(code).toBe(0);
  });

  it("fails on a red check and says which and why", async () => {
    const { code, output } = await doctor(
      "ADMIN_TOKEN=short\nHASH_KEY=Jv3Xq8Lz1Nw6Rt4Yb9Kd2Hs7Mc5Pf0Gu_Ae-Wi3Ox8\nEMAIL_TRANSPORT=dev-outbox\n",
    );
    expect(output).toMatch(/red\s+ADMIN_TOKEN\s+5 characters, fewer than 16/);
    expect(output).toMatch(/red\s+EMAIL_TRANSPORT\s+dev-outbox is for npm start/);
    expect(output).toMatch(/\n3 red, /);
    expect(output).not.toContain("Jv3Xq8Lz1Nw6");
    expect(code).toBe(1);
  });
});
