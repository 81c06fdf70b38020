/** Every D1 statement about partner API keys. */

/** A key as stored: JSON columns still text. Never the secret, which is not stored at all. */
export interface ApiKeyRow {
  id: string;
  name: string;
  petitions: string | null;
  scopes: string;
  rate_limit_per_minute: number;
  created_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
}

const COLUMNS = "id, name, petitions, scopes, rate_limit_per_minute, created_at, revoked_at, last_used_at";

export function insertApiKey(db: D1Database, key: ApiKeyRow, secretHash: string): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO api_keys (id, name, secret_hash, petitions, scopes, rate_limit_per_minute, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(key.id, key.name, secretHash, key.petitions, key.scopes, key.rate_limit_per_minute, key.created_at);
}

/** The key a secret hashes to, revoked or not (the caller refuses revoked ones): one unique-index lookup. */
export function findApiKeyBySecretHash(db: D1Database, secretHash: string): Promise<ApiKeyRow | null> {
  return db.prepare(`SELECT ${COLUMNS} FROM api_keys WHERE secret_hash = ?`).bind(secretHash).first<ApiKeyRow>();
}

/** Every key with the signatures it brought (the tally's figure, see tally_sources), newest first. */
export async function listApiKeys(db: D1Database): Promise<(ApiKeyRow & { signatures: number })[]> {
  const { results } = await db
    .prepare(
      `SELECT ${COLUMNS.split(", ")
        .map((column) => `k.${column}`)
        .join(", ")},
              coalesce((SELECT sum(t.count) FROM petition_source_tallies t WHERE t.api_key_id = k.id), 0) AS signatures
       FROM api_keys k ORDER BY k.created_at DESC, k.id`,
    )
    .all<ApiKeyRow & { signatures: number }>();
  return results;
}

/** Revokes a key once: changes a row only when this call revoked it (not when unknown, or revoked before). */
export function revokeApiKey(db: D1Database, id: string, now: number): D1PreparedStatement {
  return db.prepare(`UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`).bind(now, id);
}

export function apiKeyExists(db: D1Database, id: string): Promise<boolean> {
  return db
    .prepare(`SELECT 1 AS found FROM api_keys WHERE id = ?`)
    .bind(id)
    .first<number>("found")
    .then((found) => found === 1);
}

/** Records a use (to the minute); the audit list gets a "used" line when the key was idle for an hour. */
export function recordApiKeyUse(db: D1Database, id: string, now: number): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `INSERT INTO audit_events (at, actor, action, subject)
         SELECT ?1, ?2, 'api-key.used', ?2 FROM api_keys
         WHERE id = ?2 AND (last_used_at IS NULL OR last_used_at < ?1 - 3600000)`,
      )
      .bind(now, id),
    db.prepare(`UPDATE api_keys SET last_used_at = ? WHERE id = ?`).bind(now, id),
  ];
}
