/**
 * Keyed hashes (HMAC-SHA-256) of personal data. Without HASH_KEY nobody can test whether an address
 * or a network is in the database by hashing guesses, which a plain SHA-256 would allow.
 */
import { toBase64Url } from "./base64url";

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function importKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    keys.set(secret, key);
  }
  return key;
}

/** Each purpose hashes in its own domain, so an email hash can never equal a network hash or a link's signature. */
export type HashPurpose = "email" | "email-domain" | "network" | "confirmation" | "api-key";

export async function keyedHash(secret: string, purpose: HashPurpose, value: string): Promise<string> {
  return toBase64Url(await hmacSha256(secret, `${purpose}\u0000${value}`));
}

export async function hmacSha256(secret: string, message: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", await importKey(secret), encoder.encode(message)));
}
