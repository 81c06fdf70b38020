/**
 * Logs are one JSON line per event, {level, event, request_id, ...}, the request id from cf-ray (or
 * random, or the invocation's own for cron and queue), and no line carries a signer's email, name or IP.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { app } from "../../functions/app";
import { log, withRequestId } from "../../src/log";
import { createPetition, failingD1, recordConsole } from "../helpers/index";
import { recordingQueue } from "../helpers/queue";

const SIGNER = { email: "ottoline.quibble@example.org", name: "Ottoline Quibble", ip: "203.0.113.77" };

async function sign(slug: string, ray: string | null, overrides: Partial<Env> = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.request(
    `/v1/petitions/${slug}/signatures`,
    {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "cf-connecting-ip": SIGNER.ip,
        ...(ray ? { "cf-ray": ray } : {}),
      },
      body: JSON.stringify({ email: SIGNER.email, name: SIGNER.name, country: "BR", consent: true }),
    },
    { ...env, ...overrides },
    ctx,
  );
  // Emails go out after the answer (waitUntil): their log lines too.
  await waitOnExecutionContext(ctx);
  return res;
}

function parsed(lines: string[]): Record<string, unknown>[] {
  return lines.map((line) => JSON.parse(line));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("structured logs", () => {
  it("a sign request, a failing one and a failed confirmation email log JSON lines with the request id and nothing personal", async () => {
    const open = await createPetition();
    const verified = await createPetition({ confirmation: "email" });
    const logged = recordConsole();

    expect((await sign(open.slug, "8c2d1f3a4b5c6d7e-LHR")).status).toBe(201);
    const { queue } = recordingQueue({ failing: true });
    const failed = await sign(open.slug, "8c2d1f3a4b5c6d7f-LHR", {
      SIGNATURE_WRITE_MODE: "auto",
      SIGNATURE_QUEUE: queue,
      DB: failingD1(),
    });
    expect(failed.status).toBe(503);
    const emailDown = { EMAIL_API_URL: `${env.TEST_EMAIL_API_URL}/emails?status=500` };
    expect((await sign(verified.slug, "8c2d1f3a4b5c6d80-LHR", emailDown)).status).toBe(201);

    const lines = parsed(logged);
    for (const line of lines) {
      expect(line).toMatchObject({ level: expect.stringMatching(/^(info|warn|error)$/), event: expect.any(String) });
      expect(Object.keys(line).slice(0, 3)).toEqual(["level", "event", "request_id"]);
    }
    const events = lines.map((line) => [line.event, line.request_id]);
    expect(events).toContainEqual(["signature-write-failed", "8c2d1f3a4b5c6d7f-LHR"]);
    expect(events).toContainEqual(["signature-queue-unavailable", "8c2d1f3a4b5c6d7f-LHR"]);
    expect(events).toContainEqual(["confirmation-email-failed", "8c2d1f3a4b5c6d80-LHR"]);

    const text = logged.join("\n");
    for (const personal of [SIGNER.email, "ottoline", "Quibble", SIGNER.ip, "203.0.113"])
      expect(text.toLowerCase()).not.toContain(personal.toLowerCase());
  });

  it("a request without cf-ray gets a random id, the same on every line it logs", async () => {
    const petition = await createPetition();
    const logged = recordConsole();
    const { queue } = recordingQueue({ failing: true });
    await sign(petition.slug, null, { SIGNATURE_WRITE_MODE: "auto", SIGNATURE_QUEUE: queue, DB: failingD1() });
    const ids = new Set(parsed(logged).map((line) => line.request_id));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("masks an email address that reaches a log line inside another system's error text", () => {
    const logged = recordConsole();
    withRequestId("ray-1", () =>
      log.error("confirmation-email-failed", { error: "550 <Ottoline.Quibble+x@Example.org> refused" }),
    );
    expect(parsed(logged)).toEqual([
      { level: "error", event: "confirmation-email-failed", request_id: "ray-1", error: "550 <[email]> refused" },
    ]);
  });
});

describe("Workers Logs", () => {
  it("wrangler.toml sends our lines to Workers Logs and keeps invocation logs (request headers, the IP among them) off", () => {
    expect(env.TEST_WRANGLER_TOML.observability).toMatchObject({
      enabled: true,
      logs: { enabled: true, invocation_logs: false },
    });
  });
});
