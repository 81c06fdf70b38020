/**
 * The token in a confirmation link: which held signature, until when, and a keyed signature over both
 * (HMAC with HASH_KEY, in its own domain), so nobody can make or alter one. It names no person. It
 * confirms once because confirming deletes the held signature it names.
 */
import { keyedHash } from "../crypto/keyed-hash";

export type TokenReading = { status: "valid"; pendingId: number } | { status: "invalid" } | { status: "expired" };

const TOKEN = /^(\d{1,15})\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/;
const encoder = new TextEncoder();

export async function confirmationToken(secret: string, pendingId: number, expiresAt: number): Promise<string> {
  const claims = `${pendingId}.${Math.floor(expiresAt / 1000)}`;
  return `${claims}.${await keyedHash(secret, "confirmation", claims)}`;
}

export async function readConfirmationToken(secret: string, token: string, now: number): Promise<TokenReading> {
  const match = TOKEN.exec(token);
  if (!match) return { status: "invalid" };
  const [, id, expires, signature] = match as unknown as [string, string, string, string];
  const expected = await keyedHash(secret, "confirmation", `${id}.${expires}`);
  if (!crypto.subtle.timingSafeEqual(encoder.encode(signature), encoder.encode(expected))) return { status: "invalid" };
  if (Number(expires) * 1000 <= now) return { status: "expired" };
  return { status: "valid", pendingId: Number(id) };
}
