/**
 * What encryption at rest costs the sign path per signature: sealing email, name and postcode (three
 * AES-GCM encryptions) next to the dedupe key's HMAC the path already pays, opening them again (what
 * an export pays per row), and the bytes a row grows by. workerd's clock stands still while code runs
 * and moves on I/O, so each measurement ends with a D1 round trip, whose own time is subtracted.
 */
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { keyedHash } from "../src/crypto/keyed-hash";
import { keyringFrom, openPersonalFields, sealPersonalFields } from "../src/crypto/sealing";

const SIGNATURES = 20_000;
const ROUNDS = 3;
const SIGNER = { email: "maria.silva+petitions@example.org", name: "Maria da Silva Santos", postcode: "01310-100" };

/** Wall time of `work` in ms, read after an I/O (the clock only moves then), less that I/O's own time. */
async function timed(work: () => Promise<unknown>): Promise<number> {
  const tick = () => env.DB.prepare("SELECT 1").first();
  await tick();
  const ioStart = performance.now();
  await tick();
  const io = performance.now() - ioStart;
  const start = performance.now();
  await work();
  await tick();
  return performance.now() - start - io;
}

/** Median over ROUNDS of the microseconds per signature of `perSignature`, run SIGNATURES times in sequence. */
async function microsecondsPerSignature(perSignature: (i: number) => Promise<unknown>): Promise<number> {
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    rounds.push(
      await timed(async () => {
        for (let i = 0; i < SIGNATURES; i++) await perSignature(i);
      }),
    );
  }
  return (rounds.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]! * 1000) / SIGNATURES;
}

it("encryption's cost per signature", async () => {
  const keyring = await keyringFrom(env.ENCRYPTION_KEYS);
  const row = (i: number) => ({ petitionId: 1, dedupeKey: `dedupe-${i}` });
  const sealed = await sealPersonalFields(keyring, row(0), SIGNER);
  const stored = { petition_id: 1, dedupe_key: "dedupe-0", key_id: sealed.keyId, ...sealed };
  expect(await openPersonalFields(keyring, stored)).toEqual(SIGNER);

  const hmacUs = await microsecondsPerSignature((i) => keyedHash(env.HASH_KEY, "email", `${i}${SIGNER.email}`));
  const sealUs = await microsecondsPerSignature((i) => sealPersonalFields(keyring, row(i), SIGNER));
  const openUs = await microsecondsPerSignature(() => openPersonalFields(keyring, stored));
  const plainBytes = SIGNER.email.length + SIGNER.name.length + SIGNER.postcode.length;
  const sealedBytes = sealed.email.length + sealed.name!.length + sealed.postcode!.length + sealed.keyId.length;

  console.log(`\nEncryption at rest, per signature (${SIGNATURES.toLocaleString("en")} in sequence, median of ${ROUNDS}):
  seal email, name, postcode (sign path)   ${sealUs.toFixed(1).padStart(6)} µs
  open them (export, access request)       ${openUs.toFixed(1).padStart(6)} µs
  for scale: the dedupe key's HMAC         ${hmacUs.toFixed(1).padStart(6)} µs
  row size, personal fields               ${String(plainBytes).padStart(4)} B plain -> ${sealedBytes} B sealed, key id included`);
  console.log(`BENCH_RESULT ${JSON.stringify({ encryption: { sealUs, openUs, hmacUs, plainBytes, sealedBytes } })}`);
});
