/** Share tracking's referral codes (README: Languages and share tracking). */
import { toBase64Url } from "../crypto/base64url";
import { ReferralCode, type ShareChannel } from "../schemas";

/**
 * A new code for one share: 64 random bits, never derived from who shares (no email hash, no id), so
 * a shared link cannot be traced back to a person; nothing stores it beside the sharer either.
 */
export function mintReferralCode(): string {
  return ReferralCode.parse(toBase64Url(crypto.getRandomValues(new Uint8Array(8))));
}

/** The petition's link as shared on `channel`: the signature it brings records both. */
export function sharedLink(url: string, code: string, channel: ShareChannel): string {
  const link = new URL(url);
  link.searchParams.set("ref", code);
  link.searchParams.set("ch", channel);
  return link.href;
}
