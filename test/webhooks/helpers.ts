/** Webhook test helpers: the loopback receiver's record, Standard Webhooks verification as a receiver does it, endpoints through the API. */
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { ADMIN, call } from "../helpers";

export interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export const receiverUrl = (path: string) => `${env.TEST_WEBHOOK_RECEIVER_URL}${path}`;

/** What the receiver was sent at `path` (any query). */
export async function receivedAt(path: string): Promise<Received[]> {
  const all: Received[] = await (await fetch(`${env.TEST_WEBHOOK_RECEIVER_URL}/__requests`)).json();
  return all.filter((r) => r.path.split("?")[0] === path);
}

export async function outage(path: string, status: number | null): Promise<void> {
  const query = new URLSearchParams({ path, ...(status ? { status: String(status) } : {}) });
  await fetch(`${env.TEST_WEBHOOK_RECEIVER_URL}/__outage?${query}`, { method: status ? "PUT" : "DELETE" });
}

/**
 * The Standard Webhooks check, written from the spec: base64 HMAC-SHA256 of "id.timestamp.body" under
 * the secret's bytes (whsec_ and base64; other text: its UTF-8 bytes), compared with each v1 signature.
 */
export async function verifies(request: Received, secret: string): Promise<boolean> {
  const id = request.headers["webhook-id"];
  const timestamp = request.headers["webhook-timestamp"];
  const signatures = request.headers["webhook-signature"]?.split(" ") ?? [];
  if (!id || !timestamp || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const keyBytes = secret.startsWith("whsec_")
    ? Uint8Array.from(atob(secret.slice(6)), (c) => c.charCodeAt(0))
    : new TextEncoder().encode(secret);
  const key = await crypto.subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(
    await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${id}.${timestamp}.${request.body}`)),
  );
  const expected = `v1,${btoa(String.fromCharCode(...mac))}`;
  return signatures.includes(expected);
}

export async function subscribe(body: Record<string, unknown>): Promise<{ id: string; secret: string }> {
  const res = await call("/v1/admin/webhooks", {
    method: "POST",
    headers: { ...ADMIN, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

/** Events of a signature batch message, by idempotency key. */
export function eventsOf(requests: Received[]): Record<string, any>[] {
  return requests.flatMap((r) => {
    const body = JSON.parse(r.body);
    return Array.isArray(body) ? body : [body];
  });
}

/** As if the endpoint's retry wait had passed. */
export async function makeDue(id: string): Promise<void> {
  await env.DB.prepare(`UPDATE webhook_endpoints SET next_attempt_at = 0 WHERE id = ?`).bind(id).run();
}
