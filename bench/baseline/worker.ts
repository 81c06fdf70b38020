/**
 * The naive baseline the load benchmark compares against: what a first petition Worker often looks
 * like. One D1 INSERT and a KV read-modify-write counter per request; no validation, no rate limit,
 * no dedupe. Concurrent requests overwrite each other's counter increments, which the bench counts.
 */
interface BaselineEnv {
  DB: D1Database;
  KV: KVNamespace;
}

export default {
  async fetch(request, env) {
    if (request.method !== "POST") {
      // The bench's own bookkeeping: rows stored against what the counter says.
      const stored = await env.DB.prepare("SELECT count(*) AS n FROM signatures").first<number>("n");
      return Response.json({ stored, counter: Number((await env.KV.get("count")) ?? 0) });
    }
    const { email, name, country } = await request.json<{ email: string; name: string; country: string }>();
    await env.DB.prepare("INSERT INTO signatures (email, name, country, created_at) VALUES (?, ?, ?, ?)")
      .bind(email, name, country, Date.now())
      .run();
    const count = Number((await env.KV.get("count")) ?? 0) + 1;
    await env.KV.put("count", String(count));
    return Response.json({ count }, { status: 201 });
  },
} satisfies ExportedHandler<BaselineEnv>;
