/** Creating and revoking partner keys: what the admin API and the console do, each recorded in the audit list. */

import { problems } from "../problems";
import type { Scope } from "../schemas";
import { apiKeyExists, insertApiKey, revokeApiKey as revokeApiKeyStatement } from "../store/api-keys";
import { recordAudit, recordAuditIfChanged } from "../store/audit";
import { petitionIdsBySlug } from "../store/petitions";
import { type ApiKey, apiKeyToRow, newKeyCredentials, secretHash } from "./api-keys";
import { forgetKey } from "./key-lookup";

export interface ApiKeyRequest {
  name: string;
  petitions: string[] | null;
  scopes: Scope[];
  rateLimitPerMinute: number;
}

/**
 * Creates a key and records who did (the audit list): its secret comes back this once. Throws the
 * 422 problem naming each listed petition that does not exist.
 */
export async function createApiKey(
  db: D1Database,
  hashKey: string,
  request: ApiKeyRequest,
  now: number,
): Promise<{ key: ApiKey; secret: string }> {
  if (request.petitions) {
    const unknown = problems.unknownPetitions(request.petitions, await petitionIdsBySlug(db, request.petitions));
    if (unknown) throw unknown;
  }
  const { id, secret } = newKeyCredentials();
  const key: ApiKey = { ...request, id, createdAt: now, revokedAt: null, lastUsedAt: null };
  await db.batch([
    insertApiKey(db, apiKeyToRow(key), await secretHash(hashKey, secret)),
    recordAudit(db, { at: now, actor: "admin", action: "api-key.created", subject: id }),
  ]);
  return { key, secret };
}

/** Revokes a key (again is no change) and records it; false when there is no such key. */
export async function revokeApiKey(db: D1Database, id: string, now: number): Promise<boolean> {
  const [revoked] = await db.batch([
    revokeApiKeyStatement(db, id, now),
    recordAuditIfChanged(db, { at: now, actor: "admin", action: "api-key.revoked", subject: id }),
  ]);
  forgetKey(id);
  return (revoked?.meta.changes ?? 0) > 0 || (await apiKeyExists(db, id));
}
