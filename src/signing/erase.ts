/**
 * Erasure on request: every signature of one person, across petitions, removed with the tally
 * adjusted in the same transaction. The person is found by the same keyed hash that dedupes them.
 */
import { erasureStatements } from "../store/tallies";
import { canonicalEmail } from "./canonical-email";
import { keyedHash } from "./keyed-hash";

export async function eraseSignatures(db: D1Database, hashKey: string, email: string, now: number): Promise<number> {
  const dedupeKey = await keyedHash(hashKey, "email", canonicalEmail(email));
  const results = await db.batch(erasureStatements(db, dedupeKey, now));
  return results.at(-1)!.results.length;
}
