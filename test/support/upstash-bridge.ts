import { createHash } from "node:crypto";
import http from "node:http";
import { listenOnLoopback } from "./free-port";
import { connect, RedisError, type RespConnection, type RespValue } from "./resp";

export interface UpstashBridge {
  url: string;
  stop(): Promise<void>;
}

type Command = (string | number)[];
type Reply = { result: unknown } | { error: string };

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// Upstash accepts this Lua shebang flag (@upstash/ratelimit sets it); open-source Redis rejects the
// whole script with "Unexpected flag in script shebang".
const UPSTASH_ONLY_SCRIPT_FLAGS = new Set(["allow-key-locking"]);

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

function withoutUpstashFlags(script: string): string {
  return script.replace(/^#!lua flags=([^\r\n]*)/, (_, flags: string) => {
    const kept = flags.split(",").filter((flag) => !UPSTASH_ONLY_SCRIPT_FLAGS.has(flag.trim()));
    return kept.length > 0 ? `#!lua flags=${kept.join(",")}` : "#!lua";
  });
}

/**
 * Stripping flags changes a script's SHA1, but clients call EVALSHA with the SHA1 of the script they
 * know. This remembers client SHA1 -> Redis SHA1 for every script it rewrote, so EVALSHA succeeds
 * after one EVAL exactly as on Upstash (and the first EVALSHA still gets NOSCRIPT).
 */
function scriptTranslator() {
  const redisShaOf = new Map<string, string>();
  const rewrite = (script: string) => {
    const rewritten = withoutUpstashFlags(script);
    if (rewritten !== script) redisShaOf.set(sha1(script), sha1(rewritten));
    return rewritten;
  };
  const isScriptLoad = (command: Command) =>
    String(command[0]).toLowerCase() === "script" && String(command[1]).toLowerCase() === "load";

  return {
    toRedis(command: Command): Command {
      const name = String(command[0]).toLowerCase();
      if (name === "evalsha" || name === "evalsha_ro") {
        return command.map((arg, i) => (i === 1 ? (redisShaOf.get(String(arg)) ?? arg) : arg));
      }
      const scriptAt = name === "eval" || name === "eval_ro" ? 1 : isScriptLoad(command) ? 2 : -1;
      return command.map((arg, i) => (i === scriptAt ? rewrite(String(arg)) : arg));
    },
    /** SCRIPT LOAD must answer with the SHA1 of the script the client sent. */
    fromRedis(command: Command, result: RespValue): RespValue {
      return isScriptLoad(command) && typeof result === "string" ? sha1(String(command[2])) : result;
    },
  };
}

function parseCommand(value: unknown): Command {
  if (!Array.isArray(value) || value.length === 0) throw new HttpError(400, "Command must be a non-empty JSON array");
  return value.map((arg) => {
    if (typeof arg === "string" || typeof arg === "number") return arg;
    // Like Upstash, other JSON scalars (e.g. booleans) are sent as their text.
    if (typeof arg === "boolean" || arg === null) return String(arg);
    throw new HttpError(400, "Command arguments must be JSON scalars");
  });
}

function parseCommands(value: unknown): Command[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new HttpError(400, "Body must be a non-empty array of commands");
  return value.map(parseCommand);
}

/**
 * With `Upstash-Encoding: base64`, Upstash base64-encodes every string in a result (numbers and
 * nulls stay as they are) except the status reply "OK"; @upstash/redis decodes accordingly.
 */
function base64Encode(value: unknown): unknown {
  if (typeof value === "string") return value === "OK" ? value : Buffer.from(value).toString("base64");
  if (Array.isArray(value)) return value.map(base64Encode);
  return value;
}

/** Redis error replies become `{ error }`; anything else (e.g. Redis unreachable) is the bridge's own failure. */
function settle(reply: Promise<RespValue>, toResult: (value: RespValue) => unknown = (value) => value): Promise<Reply> {
  return reply.then(
    (value) => ({ result: toResult(value) }),
    (error: unknown) => {
      if (error instanceof RedisError) return { error: error.message };
      throw error;
    },
  );
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError(400, "Body must be JSON");
  }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
}

/**
 * An HTTP server speaking the Upstash Redis REST API (as @upstash/redis uses it) in front of a real
 * Redis, so Workers under test can use the unmodified Upstash clients against it.
 */
export async function startUpstashBridge(redisPort: number, token: string): Promise<UpstashBridge> {
  const scripts = scriptTranslator();

  // A connection per request: MULTI/EXEC needs one to itself, and requests cannot block each other.
  async function withRedis<T>(run: (redis: RespConnection) => Promise<T>): Promise<T> {
    const redis = await connect(redisPort);
    try {
      return await run(redis);
    } finally {
      redis.close();
    }
  }

  const runOne = (redis: RespConnection, command: Command) =>
    settle(redis.command(scripts.toRedis(command)), (value) => scripts.fromRedis(command, value));

  async function multiExec(redis: RespConnection, commands: Command[]): Promise<{ status: number; body: unknown }> {
    // Send the whole transaction at once; a queueing error makes EXEC itself fail with EXECABORT.
    const [, , exec] = await Promise.all([
      settle(redis.command(["MULTI"])),
      Promise.all(commands.map((command) => settle(redis.command(scripts.toRedis(command))))),
      settle(redis.command(["EXEC"])),
    ]);
    if ("error" in exec) return { status: 400, body: exec };
    // EXEC answers null only after a failed WATCH, which cannot be issued inside the transaction.
    const results = exec.result as RespValue[];
    const body = commands.map((command, i): Reply => {
      const value = results[i] ?? null;
      return value instanceof RedisError ? { error: value.message } : { result: scripts.fromRedis(command, value) };
    });
    return { status: 200, body };
  }

  async function respond(path: string, body: unknown): Promise<{ status: number; body: unknown }> {
    switch (path) {
      case "/": {
        const reply = await withRedis((redis) => runOne(redis, parseCommand(body)));
        return { status: "error" in reply ? 400 : 200, body: reply };
      }
      case "/pipeline": {
        const commands = parseCommands(body);
        const replies = await withRedis((redis) => Promise.all(commands.map((command) => runOne(redis, command))));
        return { status: 200, body: replies };
      }
      case "/multi-exec": {
        const commands = parseCommands(body);
        return withRedis((redis) => multiExec(redis, commands));
      }
      default:
        throw new HttpError(404, `No such endpoint: ${path}`);
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.headers.authorization !== `Bearer ${token}`) throw new HttpError(401, "Unauthorized");
    if (req.method !== "POST") throw new HttpError(405, "Only POST is supported");
    const path = new URL(req.url ?? "/", "http://bridge").pathname;
    const { status, body } = await respond(path, await readJson(req));
    if (req.headers["upstash-encoding"] !== "base64") return send(res, status, body);
    const encode = (reply: Reply) => ("result" in reply ? { result: base64Encode(reply.result) } : reply);
    send(res, status, Array.isArray(body) ? body.map(encode) : encode(body as Reply));
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (!res.headersSent) send(res, status, { error: error instanceof Error ? error.message : String(error) });
    });
  });
  const port = await listenOnLoopback(server);

  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets from the clients would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
