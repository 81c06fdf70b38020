import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { listenOnLoopback } from "./free-port";
import { readBody } from "./webhook-receiver";

export interface FakeCloudflareApi {
  /** For CLOUDFLARE_API_BASE_URL. */
  url: string;
  accountId: string;
  /** What changed on the account, in order: "create d1 NAME", "migrate NAME: FILE", "upload WORKER …". */
  events: string[];
  /** A Worker's bindings of resources and secrets as "BINDING=resource name", sorted. */
  bindings(worker: string): string;
  stop(): Promise<void>;
}

interface Binding {
  type: string;
  name: string;
  [field: string]: unknown;
}

interface Request {
  params: string[];
  query: URLSearchParams;
  /** The JSON object sent, or {} (a Worker upload is multipart: see `body`). */
  json: Record<string, string | undefined>;
  body: string;
}

/** A route answers its `result`, or a Failure. */
type Route = [method: string, path: RegExp, answer: (request: Request) => unknown];

const ACCOUNT = "0123456789abcdef0123456789abcdef";

class Failure {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly message: string,
  ) {}
}

/** The bindings in a Worker upload's multipart metadata part. */
function uploadedBindings(body: string): Binding[] {
  const metadata = body.match(/name="metadata"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([^\r\n]*)\r\n/)?.[1];
  return metadata ? (JSON.parse(metadata).bindings ?? []) : [];
}

/**
 * A stand-in for the Cloudflare API as one account holds it: KV namespaces, D1 databases (the migrations
 * applied to each recorded; other queries answer no rows), queues and their consumers, and Workers with
 * their bindings. It answers the calls `wrangler deploy`, `wrangler d1` and `wrangler queues` make; any
 * other call fails and shows in `events` as "unhandled", so a new call in a new wrangler is seen, not guessed.
 */
export async function startFakeCloudflareApi(): Promise<FakeCloudflareApi> {
  const events: string[] = [];
  const namespaces: { id: string; title: string }[] = [];
  const databases: { uuid: string; name: string; migrations: string[] }[] = [];
  const queues: {
    queue_id: string;
    queue_name: string;
    consumers: { consumer_id: string; type: string; script: string }[];
  }[] = [];
  const workers = new Map<string, Binding[]>();

  const missingWorker = new Failure(404, 10007, "This Worker does not exist on your account.");
  const database = (key: string) => databases.find((db) => db.uuid === key || db.name === key);
  const queue = (key: string) => queues.find((q) => q.queue_id === key || q.queue_name === key);
  const describe = (bindings: Binding[]) =>
    bindings
      .filter((binding) => ["kv_namespace", "d1", "queue", "inherit", "secret_text"].includes(binding.type))
      .map((binding) => {
        if (binding.type === "inherit") return `${binding.name}=inherited`;
        if (binding.type === "secret_text") return `${binding.name}=secret`;
        const title = namespaces.find((namespace) => namespace.id === binding.namespace_id)?.title;
        return `${binding.name}=${title ?? database(String(binding.id))?.name ?? binding.queue_name}`;
      })
      .sort()
      .join(" ");

  /** The API refuses a Worker bound to a namespace, database or queue the account does not have. */
  const unknownResources = (bindings: Binding[]) => {
    const missing = bindings.filter(
      (binding) =>
        (binding.type === "kv_namespace" && !namespaces.some((namespace) => namespace.id === binding.namespace_id)) ||
        (binding.type === "d1" && !database(String(binding.id))) ||
        (binding.type === "queue" && !queue(String(binding.queue_name))),
    );
    if (missing.length === 0) return undefined;
    return new Failure(400, 10021, `no such resource for ${missing.map((binding) => binding.name).join(", ")}`);
  };

  const routes: Route[] = [
    ["GET", /^\/user\/tokens\/verify$/, () => ({ status: "active" })],

    ["GET", /^\/account\/storage\/kv\/namespaces$/, () => namespaces],
    [
      "POST",
      /^\/account\/storage\/kv\/namespaces$/,
      ({ json }) => {
        const namespace = { id: randomUUID().replaceAll("-", ""), title: json.title ?? "" };
        namespaces.push(namespace);
        events.push(`create kv ${namespace.title}`);
        return namespace;
      },
    ],

    [
      "GET",
      /^\/account\/d1\/database$/,
      ({ query }) => databases.filter((db) => !query.get("name") || db.name === query.get("name")),
    ],
    [
      "POST",
      /^\/account\/d1\/database$/,
      ({ json }) => {
        const db = { uuid: randomUUID(), name: json.name ?? "", migrations: [] };
        databases.push(db);
        events.push(`create d1 ${db.name}`);
        return { uuid: db.uuid, name: db.name, version: "production" };
      },
    ],
    [
      "GET",
      /^\/account\/d1\/database\/([^/]+)$/,
      ({ params: [key = ""] }) => {
        const db = database(key);
        if (!db) return new Failure(404, 7404, "The database could not be found");
        return { uuid: db.uuid, name: db.name, version: "production", num_tables: 0, file_size: 0 };
      },
    ],
    [
      "POST",
      /^\/account\/d1\/database\/([^/]+)\/query$/,
      ({ params: [key = ""], json }) => {
        const db = database(key);
        if (!db) return new Failure(404, 7404, "The database could not be found");
        const sql = json.sql ?? "";
        // wrangler records each migration it applies in d1_migrations, and reads that table to know what is left.
        for (const [, name = ""] of sql.matchAll(
          /INSERT INTO "?d1_migrations"?\s*\(name\)\s*values\s*\('([^']+)'\)/gi,
        )) {
          db.migrations.push(name);
          events.push(`migrate ${db.name}: ${name}`);
        }
        const applied = /SELECT\s+\*\s+FROM\s+"?d1_migrations"?/i.test(sql) ? db.migrations : [];
        const rows = applied.map((name, index) => ({ id: index + 1, name, applied_at: "2026-01-01 00:00:00" }));
        return [{ results: rows, success: true, meta: { duration: 1, changes: 0 } }];
      },
    ],

    [
      "GET",
      /^\/account\/queues$/,
      ({ query }) => queues.filter((q) => !query.has("name") || query.getAll("name").includes(q.queue_name)),
    ],
    [
      "POST",
      /^\/account\/queues$/,
      ({ json }) => {
        const created = { queue_id: randomUUID(), queue_name: json.queue_name ?? "", consumers: [] };
        queues.push(created);
        events.push(`create queue ${created.queue_name}`);
        return created;
      },
    ],
    [
      "GET",
      /^\/account\/queues\/([^/]+)$/,
      ({ params: [key = ""] }) => queue(key) ?? new Failure(404, 11000, "Queue does not exist"),
    ],
    ["GET", /^\/account\/queues\/([^/]+)\/consumers$/, ({ params: [key = ""] }) => queue(key)?.consumers ?? []],
    [
      "POST",
      /^\/account\/queues\/([^/]+)\/consumers$/,
      ({ params: [key = ""], json }) => {
        const target = queue(key);
        const consumer = { consumer_id: randomUUID(), type: "worker", script: json.script_name ?? "" };
        target?.consumers.push(consumer);
        const deadLetters = json.dead_letter_queue ? ` (dead letters to ${json.dead_letter_queue})` : "";
        events.push(`consume ${target?.queue_name}${deadLetters}`);
        return consumer;
      },
    ],
    ["PUT", /^\/account\/queues\/([^/]+)\/consumers\/([^/]+)$/, ({ params: [, id] }) => ({ consumer_id: id })],

    [
      "GET",
      /^\/account\/workers\/services\/([^/]+)$/,
      ({ params: [name = ""] }) => {
        if (!workers.has(name)) return new Failure(404, 10090, "This Worker does not exist on your account.");
        const script = { id: name, tag: name, last_deployed_from: "wrangler" };
        return { id: name, default_environment: { environment: "production", script } };
      },
    ],
    [
      "PUT",
      /^\/account\/workers\/scripts\/([^/]+)$/,
      ({ params: [name = ""], body }) => {
        const unknown = unknownResources(uploadedBindings(body));
        if (unknown) return unknown;
        workers.set(name, uploadedBindings(body));
        events.push(`upload ${name} ${describe(workers.get(name) ?? [])}`);
        return { id: name, etag: "etag", startup_time_ms: 1 };
      },
    ],
    [
      "POST",
      /^\/account\/workers\/scripts\/([^/]+)\/versions$/,
      ({ params: [name = ""], body }) => {
        const uploaded = uploadedBindings(body);
        const unknown = unknownResources(uploaded);
        if (unknown) return unknown;
        events.push(`version ${name} ${describe(uploaded)}`);
        // Inherited bindings, and secrets (kept unless given), stay what the Worker had.
        const previous = workers.get(name) ?? [];
        const given = new Set(uploaded.map((binding) => binding.name));
        const bindings = [
          ...uploaded.map((binding) =>
            binding.type === "inherit" ? (previous.find((old) => old.name === binding.name) ?? binding) : binding,
          ),
          ...previous.filter((old) => old.type === "secret_text" && !given.has(old.name)),
        ];
        workers.set(name, bindings);
        return { id: randomUUID(), number: 2, resources: { script: { etag: "etag" }, bindings }, startup_time_ms: 1 };
      },
    ],
    [
      "GET",
      /^\/account\/workers\/scripts\/([^/]+)\/settings$/,
      ({ params: [name = ""] }) => (workers.has(name) ? { bindings: workers.get(name) } : missingWorker),
    ],
    [
      "GET",
      /^\/account\/workers\/scripts\/([^/]+)\/secrets$/,
      ({ params: [name = ""] }) => (workers.has(name) ? [] : missingWorker),
    ],
    ["GET", /^\/account\/workers\/scripts\/([^/]+)\/deployments$/, () => ({ deployments: [] })],
    ["POST", /^\/account\/workers\/scripts\/([^/]+)\/deployments$/, () => ({ id: randomUUID() })],
    ["PATCH", /^\/account\/workers\/scripts\/([^/]+)\/script-settings$/, () => ({})],
    ["POST", /^\/account\/workers\/scripts\/([^/]+)\/subdomain$/, () => ({ enabled: true, previews_enabled: false })],
    ["PUT", /^\/account\/workers\/scripts\/([^/]+)\/schedules$/, () => ({ schedules: [] })],
    [
      "GET",
      /^\/account\/workers\/workers\/([^/]+)$/,
      ({ params: [name] }) => ({ id: name, subdomain: { enabled: true, previews_enabled: false } }),
    ],
    ["GET", /^\/account\/workers\/subdomain$/, () => ({ subdomain: "example" })],
  ];

  function resultOf(method: string, path: string, request: Omit<Request, "params">): unknown {
    const route = routes.find(([routeMethod, pattern]) => routeMethod === method && pattern.test(path));
    if (!route) {
      events.push(`unhandled ${method} ${path}`);
      return new Failure(404, 7000, `the fake Cloudflare API has no ${method} ${path}`);
    }
    return route[2]({ ...request, params: (path.match(route[1]) ?? []).slice(1).map(decodeURIComponent) });
  }

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://api");
    const path = url.pathname.replace(/^\/client\/v4/, "").replace(`/accounts/${ACCOUNT}`, "/account");
    const body = await readBody(req);
    const json = /^\s*\{/.test(body) ? JSON.parse(body) : {};
    const result = resultOf(req.method ?? "GET", path, { query: url.searchParams, json, body });
    if (result instanceof Failure) {
      const errors = [{ code: result.code, message: result.message }];
      res.writeHead(result.status, { "content-type": "application/json" });
      res.end(JSON.stringify({ success: false, errors, messages: [], result: null }));
      return;
    }
    const count = Array.isArray(result) ? result.length : 0;
    const info = { page: 1, per_page: 100, count, total_count: count, total_pages: 1 };
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ success: true, errors: [], messages: [], result, result_info: info }));
  }

  const server = createServer((req, res) => {
    answer(req, res).catch((error: Error) => {
      events.push(`unhandled ${req.method} ${req.url}: ${error.message}`);
      res.writeHead(500).end();
    });
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}/client/v4`,
    accountId: ACCOUNT,
    events,
    bindings: (worker) => describe(workers.get(worker) ?? []),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
