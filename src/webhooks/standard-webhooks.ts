/**
 * The Standard Webhooks wire format (standardwebhooks.com): `webhook-id`, `webhook-timestamp` and
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed by the secret's bytes,
 * which organisers hold as `whsec_<base64>`. Any Standard Webhooks verifier library accepts these.
 */
import { hmacSha256 } from "../crypto/keyed-hash";

const SECRET_PREFIX = "whsec_";

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

/**
 * An API endpoint's signing key, derived from HASH_KEY and its id: nothing secret is stored, so a copy
 * of D1 signs nothing, and the organiser is shown it once at creation.
 */
export async function endpointKey(hashKey: string, endpointId: string): Promise<Uint8Array> {
  return hmacSha256(hashKey, `webhook-secret\u0000${endpointId}`);
}

export function secretText(key: Uint8Array): string {
  return `${SECRET_PREFIX}${base64(key)}`;
}

/** A configured secret (WEBHOOK_SECRET) as key bytes: `whsec_<base64>` decoded, any other text as its UTF-8 bytes. */
export function keyFromSecretText(secret: string): Uint8Array {
  if (secret.startsWith(SECRET_PREFIX))
    return Uint8Array.from(atob(secret.slice(SECRET_PREFIX.length)), (c) => c.charCodeAt(0));
  return new TextEncoder().encode(secret);
}

/** The three headers for one message. */
export async function signedHeaders(
  key: Uint8Array,
  id: string,
  timestamp: number,
  body: string,
): Promise<Record<string, string>> {
  const cryptoKey = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(
    await crypto.subtle.sign("HMAC", cryptoKey, new TextEncoder().encode(`${id}.${timestamp}.${body}`)),
  );
  return { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": `v1,${base64(mac)}` };
}
