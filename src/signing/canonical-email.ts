import { keyedHash } from "../crypto/keyed-hash";

/** Domains where the provider ignores dots in the local part and treats both names as one mailbox. */
const GMAIL_DOMAINS = new Set(["gmail.com", "googlemail.com"]);

/**
 * The one form of an address that identifies a person for dedupe: trimmed, lower-cased, "+tag"
 * removed (for every domain), and for Gmail the dots removed and googlemail.com folded into gmail.com.
 */
export function canonicalEmail(email: string): string {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf("@");
  let local = address.slice(0, at);
  let domain = address.slice(at + 1);

  const plus = local.indexOf("+");
  // "+tag@x" with nothing before the plus is not a tag: keep such an address whole.
  if (plus > 0) local = local.slice(0, plus);

  if (GMAIL_DOMAINS.has(domain)) {
    local = local.replaceAll(".", "");
    domain = "gmail.com";
  }
  return `${local}@${domain}`;
}

/** A person's dedupe key: the keyed hash of their canonical address, the same for signing, access and erasure. */
export function personKey(hashKey: string, email: string): Promise<string> {
  return keyedHash(hashKey, "email", canonicalEmail(email));
}
