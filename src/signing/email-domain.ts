/**
 * What a signature records of its email's domain, for the fraud-wave detection (src/tally/fraud-waves.ts):
 * the domain's keyed hash, so the cron can count signatures by domain without the sealed address, and
 * the domain itself only when it is a disposable-address service on the public list
 * (disposable-email-domains-js, the disposable-email-domains project's list, updated with the package):
 * such a service's name says nothing about who used it.
 */
import { disposableEmailBlocklist } from "disposable-email-domains-js";
import { keyedHash } from "../crypto/keyed-hash";
import { canonicalEmail } from "./canonical-email";

let disposableDomains: Set<string> | undefined;

/** Whether `domain` (lower case) is a disposable-address service on the public list. */
export function isDisposableDomain(domain: string): boolean {
  disposableDomains ??= new Set(disposableEmailBlocklist());
  return disposableDomains.has(domain);
}

export interface EmailDomainFields {
  /** HMAC (HASH_KEY) of the canonical address's domain: googlemail.com and gmail.com are one. */
  emailDomainHash: string;
  /** The domain when it is a disposable-address service, else null. */
  disposableDomain: string | null;
}

export async function emailDomainFields(hashKey: string, email: string): Promise<EmailDomainFields> {
  const address = canonicalEmail(email);
  const domain = address.slice(address.lastIndexOf("@") + 1);
  return {
    emailDomainHash: await keyedHash(hashKey, "email-domain", domain),
    disposableDomain: isDisposableDomain(domain) ? domain : null,
  };
}
