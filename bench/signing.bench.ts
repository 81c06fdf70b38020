/**
 * The hot path end to end inside workerd: signatures through the Worker's fetch handler into local D1,
 * with 50 in flight at once, 10% of them repeats, each from its own network (so the rate limiter
 * answers yes, as it does for real crowds). Prints throughput and latency percentiles.
 */
import { env, exports } from "cloudflare:workers";
import { expect, it } from "vitest";

const SIGNATURES = 5_000;
const IN_FLIGHT = 50;

it("signing throughput", async () => {
  const created = await exports.default.fetch("https://bench.test/v1/petitions", {
    method: "POST",
    headers: { Authorization: "Bearer bench-admin-token", "Content-Type": "application/json" },
    body: JSON.stringify({ slug: "bench-signing", title: "Bench", summary: "Bench", goal: 1_000_000 }),
  });
  expect(created.status).toBe(201);

  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < SIGNATURES) {
      const i = next++;
      const email = i % 10 === 9 ? `signer${i - 1}@example.org` : `signer${i}@example.org`;
      const started = performance.now();
      const res = await exports.default.fetch("https://bench.test/v1/petitions/bench-signing/signatures", {
        method: "POST",
        headers: { "Content-Type": "application/json", "cf-connecting-ip": `10.${(i >> 8) & 255}.${i & 255}.1` },
        body: JSON.stringify({ email, name: "Bench Signer", country: "BR", consent: true }),
      });
      await res.arrayBuffer();
      latencies.push(performance.now() - started);
      expect(res.status).toBe(201);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const seconds = (performance.now() - started) / 1000;

  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);
  const stored = await env.DB.prepare("SELECT count(*) AS n FROM signatures").first<number>("n");
  console.log(
    `\nSigning ${SIGNATURES.toLocaleString("en")} times, ${IN_FLIGHT} in flight, 10% repeats (local workerd + D1, one process):\n` +
      `  ${(SIGNATURES / seconds).toFixed(0)} signatures/s; latency p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms; rows stored ${stored}\n`,
  );
  expect(stored).toBe(SIGNATURES * 0.9);
});
