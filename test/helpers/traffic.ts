/**
 * Synthetic traffic for the fraud-wave tests: signatures with a time, a network, an email domain and a
 * source, stored as the queue consumer stores them (1,000 rows a statement, in time order), from a
 * seeded generator so every run sees the same traffic.
 */
import { env } from "cloudflare:workers";
import { insertSignatures, type SignatureRow } from "../../src/store/signatures";
import { sealedRow } from "./index";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** One synthetic signature. `wave` marks the fraud (kept in referral_code, which detection never reads). */
export interface Synthetic {
  at: number;
  network: string;
  email: string;
  source?: string | null;
  wave?: boolean;
}

/** mulberry32: a small seeded generator, uniform in [0, 1). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A network as the signatures table holds it: a stand-in for the keyed hash of a /24, as long as one. */
export const network = (i: number) => `net-${i}`.padEnd(43, "_");

/** Where people's addresses are, roughly: big webmail first, then a long tail of small domains. */
const DOMAINS: [string, number][] = [
  ["gmail.com", 0.35],
  ["yahoo.com", 0.12],
  ["outlook.com", 0.12],
  ["hotmail.com", 0.08],
  ["icloud.com", 0.06],
];

/** An address at a domain drawn as people's are spread. */
export function organicEmail(random: () => number, local: string): string {
  let draw = random();
  for (const [domain, share] of DOMAINS) {
    if (draw < share) return `${local}@${domain}`;
    draw -= share;
  }
  return `${local}@mail${Math.floor(random() * 300)}.example`;
}

/** Sources as an organic petition's signatures carry them: mostly none, some newsletter, some embed. */
export function organicSource(random: () => number): string | null {
  const draw = random();
  return draw < 0.7 ? null : draw < 0.9 ? "newsletter" : "embed";
}

/** `n` people signing between `from` and `to` from `networks` networks (numbered from `firstNetwork`). */
export function organic(
  random: () => number,
  n: number,
  spread: { from: number; to: number; networks: number; firstNetwork?: number; prefix: string },
): Synthetic[] {
  return Array.from({ length: n }, (_, i) => ({
    at: Math.floor(spread.from + random() * (spread.to - spread.from)),
    network: network((spread.firstNetwork ?? 0) + Math.floor(random() * spread.networks)),
    email: organicEmail(random, `${spread.prefix}${i}`),
    source: organicSource(random),
  }));
}

/** Stores the signatures on a petition in time order, 1,000 a statement; ids follow time, as when they arrive. */
export async function storeTraffic(petitionId: number, traffic: readonly Synthetic[]): Promise<void> {
  const sorted = [...traffic].sort((a, b) => a.at - b.at);
  for (let start = 0; start < sorted.length; start += 1000) {
    const rows: SignatureRow[] = await Promise.all(
      sorted.slice(start, start + 1000).map((s) =>
        sealedRow({
          petitionId,
          dedupeKey: `person:${s.email}`,
          email: s.email,
          country: "FR",
          networkHash: s.network,
          source: s.source ?? null,
          referralCode: s.wave ? "wave" : null,
          createdAt: s.at,
        }),
      ),
    );
    await insertSignatures(env.DB, rows, "skip");
  }
}

/** The UTC hour (unix ms at its start) `hoursAgo` whole hours before now's. */
export const hourStart = (hoursAgo: number) => (Math.floor(Date.now() / HOUR) - hoursAgo) * HOUR;
