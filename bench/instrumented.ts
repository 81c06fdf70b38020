/**
 * The real Worker for the load benchmark, with its bindings wrapped so every call is counted from the
 * bindings' own results (D1 meta), a switch that makes D1 fail for a while, and a diagnostic in-memory
 * rate limiter (BENCH_LIMITER). The production code runs unchanged inside; only /__bench/* is added, and
 * this entry is never deployed.
 */
import worker from "../functions";
import { rowsOf, type SignatureMessage } from "../src/signing/queue-sender";

const counts = {
  d1Statements: 0,
  d1RowsWritten: 0,
  d1RowsRead: 0,
  /** Time D1 itself spent executing (meta.duration): the single writer's busy time. */
  d1Ms: 0,
  kvReads: 0,
  kvWrites: 0,
  queueSends: 0,
  queueMessages: 0,
  queueRows: 0,
  rateLimitCalls: 0,
};
let d1FailsUntil = 0;

function d1Outage(): void {
  if (Date.now() < d1FailsUntil) throw new Error("D1_ERROR: injected outage");
}

function recordMeta(meta: D1Meta | undefined): void {
  counts.d1Statements += 1;
  counts.d1RowsWritten += meta?.rows_written ?? 0;
  counts.d1RowsRead += meta?.rows_read ?? 0;
  counts.d1Ms += meta?.duration ?? 0;
}

function countedStatement(statement: D1PreparedStatement): D1PreparedStatement {
  return new Proxy(statement, {
    get(target, prop) {
      if (prop === "__inner") return target;
      if (prop === "bind") return (...values: unknown[]) => countedStatement(target.bind(...values));
      if (prop === "run" || prop === "all") {
        return async () => {
          d1Outage();
          const result = await target[prop]();
          recordMeta(result.meta);
          return result;
        };
      }
      if (prop === "first" || prop === "raw") {
        return async (...args: never[]) => {
          d1Outage();
          counts.d1Statements += 1; // first() and raw() do not return meta
          return (target[prop] as (...a: never[]) => unknown)(...args);
        };
      }
      return Reflect.get(target, prop);
    },
  });
}

function countedD1(db: D1Database): D1Database {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => countedStatement(target.prepare(sql));
      if (prop === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          d1Outage();
          const inner = statements.map((s) => (s as unknown as { __inner: D1PreparedStatement }).__inner);
          const results = await target.batch(inner);
          for (const result of results) recordMeta(result.meta);
          return results;
        };
      }
      return Reflect.get(target, prop);
    },
  });
}

function countedKV(kv: KVNamespace): KVNamespace {
  return new Proxy(kv, {
    get(target, prop) {
      const value = Reflect.get(target, prop) as unknown;
      if (typeof value !== "function") return value;
      const method = value as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => {
        if (prop === "get" || prop === "getWithMetadata" || prop === "list") counts.kvReads += 1;
        if (prop === "put" || prop === "delete") counts.kvWrites += 1;
        return method.apply(target, args);
      };
    },
  });
}

function countedQueue(queue: Queue<SignatureMessage>): Queue<SignatureMessage> {
  return {
    send(body, options) {
      counts.queueSends += 1;
      counts.queueMessages += 1;
      counts.queueRows += rowsOf(body).length;
      return queue.send(body, options);
    },
    sendBatch(messages, options) {
      const list = [...messages];
      counts.queueSends += 1;
      counts.queueMessages += list.length;
      counts.queueRows += list.reduce((n, m) => n + rowsOf(m.body).length, 0);
      return queue.sendBatch(list, options);
    },
  } as Queue<SignatureMessage>;
}

function countedRateLimit(limiter: RateLimit): RateLimit {
  return {
    limit(options) {
      counts.rateLimitCalls += 1;
      return limiter.limit(options);
    },
  } as RateLimit;
}

/**
 * A diagnostic stand-in for the rate-limiting binding (`BENCH_LIMITER=memory`): the same limits and
 * fixed wall-clock windows, counted in the isolate's memory. On Cloudflare the binding answers from a
 * cache in the location; locally each call is a round trip to a SQLite-backed Durable Object in the same
 * workerd, so a run with this stand-in shows what the local emulation adds to the sign path.
 */
function inMemoryRateLimit(limit: number, windowSeconds: number): RateLimit {
  const hits = new Map<string, number>();
  let window = 0;
  return {
    async limit({ key }) {
      const now = Math.floor(Date.now() / (windowSeconds * 1000));
      if (now !== window) {
        window = now;
        hits.clear();
      }
      const count = hits.get(key) ?? 0;
      if (count >= limit) return { success: false };
      hits.set(key, count + 1);
      return { success: true };
    },
  } as RateLimit;
}

function rateLimitBindings(env: Env): Pick<Env, "SIGN_LIMIT_PETITION" | "SIGN_LIMIT_GLOBAL"> {
  if ((env as { BENCH_LIMITER?: string }).BENCH_LIMITER !== "memory") return env;
  const windowSeconds = Number(env.RATE_LIMIT_WINDOW_SECONDS);
  return {
    SIGN_LIMIT_PETITION: inMemoryRateLimit(Number(env.RATE_LIMIT_PETITION), windowSeconds),
    SIGN_LIMIT_GLOBAL: inMemoryRateLimit(Number(env.RATE_LIMIT_GLOBAL), windowSeconds),
  };
}

/** Wrapped once per isolate: the Worker keeps per-binding state (the shared sendBatch) across requests. */
const wrapped = new WeakMap<object, Env>();
function counted(env: Env): Env {
  let result = wrapped.get(env);
  if (!result) {
    const limits = rateLimitBindings(env);
    result = {
      ...env,
      DB: countedD1(env.DB),
      KV: countedKV(env.KV),
      SIGNATURE_QUEUE: countedQueue(env.SIGNATURE_QUEUE as Queue<SignatureMessage>),
      SIGN_LIMIT_PETITION: countedRateLimit(limits.SIGN_LIMIT_PETITION),
      SIGN_LIMIT_GLOBAL: countedRateLimit(limits.SIGN_LIMIT_GLOBAL),
    };
    wrapped.set(env, result);
  }
  return result;
}

async function benchRoute(request: Request, env: Env): Promise<Response> {
  const url = new URL(request.url);
  switch (url.pathname) {
    case "/__bench/counts":
      if (request.method === "DELETE") for (const key of Object.keys(counts)) counts[key as keyof typeof counts] = 0;
      return Response.json(counts);
    case "/__bench/d1-outage":
      d1FailsUntil = Date.now() + Number(url.searchParams.get("seconds") ?? 0) * 1000;
      return Response.json({ until: d1FailsUntil });
    case "/__bench/stored": {
      // Uncounted: the bench's own bookkeeping is not the Worker's cost.
      const { results, meta } = await env.DB.prepare("SELECT count(*) AS n FROM signatures").all<{ n: number }>();
      const tallied = await env.DB.prepare("SELECT coalesce(sum(count), 0) AS n FROM petition_tallies").first<number>(
        "n",
      );
      return Response.json({ stored: results[0]?.n ?? 0, tallied, databaseBytes: meta.size_after });
    }
    default:
      return new Response("not found", { status: 404 });
  }
}

export default {
  fetch(request, env, ctx) {
    if (new URL(request.url).pathname.startsWith("/__bench/")) return benchRoute(request, env);
    return worker.fetch(request, counted(env), ctx);
  },
  scheduled(controller, env) {
    return worker.scheduled(controller, counted(env));
  },
  queue(batch, env) {
    return worker.queue(batch, counted(env));
  },
} satisfies ExportedHandler<Env, SignatureMessage>;
