import { keyedHash } from "../crypto/keyed-hash";

/**
 * The network an address belongs to: IPv4 /24 or IPv6 /64. Abuse is judged per network because one
 * person can rotate addresses inside it, and storing only the network keeps the person's IP out.
 */
export function networkOf(ip: string | undefined): string {
  if (!ip) return "unknown";
  // An IPv4 address written as IPv6 (::ffff:a.b.c.d) is the same network as a.b.c.d.
  ip = ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  const v4 = ip.match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  if (ip.includes(":")) {
    const hextets = expandIpv6(ip);
    if (hextets) return `${hextets.slice(0, 4).join(":")}::/64`;
  }
  return "unknown";
}

/** What is stored and limited of a signer's address: its network's keyed hash, never the address. */
export function networkHashOf(key: string, ip: string | undefined): Promise<string> {
  return keyedHash(key, "network", networkOf(ip));
}

function expandIpv6(ip: string): string[] | null {
  const [head = "", tail, extra] = ip.split("::");
  if (extra !== undefined) return null;
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  const all = [...left, ...Array<string>(missing).fill("0"), ...right];
  if (!all.every((h) => /^[0-9a-f]{1,4}$/i.test(h))) return null;
  return all.map((h) => h.toLowerCase().replace(/^0+(?=.)/, ""));
}
