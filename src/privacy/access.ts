/**
 * An access request: everything held about the person behind an email, on every petition, signed or
 * waiting for confirmation, decrypted. Found as dedupe finds them (the canonical address's keyed hash).
 */

import { type Keyring, openPersonalFields } from "../crypto/sealing";
import { personKey } from "../signing/canonical-email";
import { pendingOfPerson } from "../store/pending-signatures";
import { type StoredSignature, signaturesOfPerson } from "../store/signatures";

/** A stored or held signature, with its petition. */
type Held = StoredSignature & { slug: string; title: string };

export interface HeldRecord {
  petition: { slug: string; title: string };
  email: string;
  name: string | null;
  postcode: string | null;
  country: string;
  consent: boolean;
  locale: string | null;
  source: string | null;
  signed_at: string;
}

export interface AccessReport {
  signatures: HeldRecord[];
  /** Waiting for confirmation by email; deleted at `expires_at` if not confirmed. */
  pending: (HeldRecord & { expires_at: string })[];
}

async function record(keyring: Keyring, held: Held): Promise<HeldRecord> {
  return {
    petition: { slug: held.slug, title: held.title },
    ...(await openPersonalFields(keyring, held)),
    country: held.country,
    consent: held.consent === 1,
    locale: held.locale,
    source: held.source,
    signed_at: new Date(held.created_at).toISOString(),
  };
}

export async function accessRequest(
  db: D1Database,
  hashKey: string,
  keyring: Keyring,
  email: string,
): Promise<AccessReport> {
  const dedupeKey = await personKey(hashKey, email);
  const [signatures, pending] = await Promise.all([signaturesOfPerson(db, dedupeKey), pendingOfPerson(db, dedupeKey)]);
  return {
    signatures: await Promise.all(signatures.map((held) => record(keyring, held))),
    pending: await Promise.all(
      pending.map(async (held) => ({
        ...(await record(keyring, held)),
        expires_at: new Date(held.expires_at).toISOString(),
      })),
    ),
  };
}
