/** Partner keys for tests: created through the admin API, as an organiser would. */
import { expect } from "vitest";
import { ADMIN, call, freshIp } from "../helpers";

export interface CreatedKey {
  id: string;
  secret: string;
}

export async function createKey(overrides: Record<string, unknown> = {}): Promise<CreatedKey> {
  const res = await call("/v1/admin/api-keys", {
    method: "POST",
    headers: { ...ADMIN, "Content-Type": "application/json" },
    body: JSON.stringify({ name: "Partner", scopes: ["signatures:write", "signatures:read"], ...overrides }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

/** A signature forwarded by a partner's server: one network for all of them. */
export function signWithKey(
  slug: string,
  body: unknown,
  auth: Record<string, string>,
  ip = "203.0.113.9",
): Promise<Response> {
  return call(`/v1/petitions/${slug}/signatures`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "cf-connecting-ip": ip, ...auth },
    body: JSON.stringify(body),
  });
}

export const bearer = (key: CreatedKey) => ({ Authorization: `Bearer ${key.secret}` });
export const osdiToken = (key: CreatedKey) => ({ "OSDI-API-Token": key.secret });
export { freshIp };
