/**
 * Partner API keys: what a key may do (scopes, petitions, a rate limit) and how a secret is made and
 * recognised. A secret is shown once at creation; D1 keeps only its keyed hash, so a leaked database
 * yields no usable key.
 */
import { toBase64Url } from "../crypto/base64url";
import { keyedHash } from "../crypto/keyed-hash";
import type { Scope } from "../schemas";
import type { ApiKeyRow } from "../store/api-keys";

export interface ApiKey {
  id: string;
  name: string;
  /** Slugs the key may act on; null: every petition. */
  petitions: string[] | null;
  scopes: Scope[];
  rateLimitPerMinute: number;
  createdAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

/** Secrets start so, which lets secret scanners (and people) recognise a leaked one. */
const SECRET_PREFIX = "pe_";

const randomText = (bytes: number) => toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));

/** A new key's public id and its secret: 256 random bits, never stored. */
export function newKeyCredentials(): { id: string; secret: string } {
  return { id: `key_${randomText(9)}`, secret: `${SECRET_PREFIX}${randomText(32)}` };
}

export function secretHash(hashKey: string, secret: string): Promise<string> {
  return keyedHash(hashKey, "api-key", secret);
}

export function apiKeyFromRow(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    petitions: row.petitions === null ? null : (JSON.parse(row.petitions) as string[]),
    scopes: JSON.parse(row.scopes) as Scope[],
    rateLimitPerMinute: row.rate_limit_per_minute,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

export function apiKeyToRow(key: ApiKey): ApiKeyRow {
  return {
    id: key.id,
    name: key.name,
    petitions: key.petitions === null ? null : JSON.stringify(key.petitions),
    scopes: JSON.stringify(key.scopes),
    rate_limit_per_minute: key.rateLimitPerMinute,
    created_at: key.createdAt,
    revoked_at: key.revokedAt,
    last_used_at: key.lastUsedAt,
  };
}

/** Whether the key may act on this petition (its list, or every petition). */
export function mayActOn(key: ApiKey, slug: string): boolean {
  return key.petitions === null || key.petitions.includes(slug);
}
