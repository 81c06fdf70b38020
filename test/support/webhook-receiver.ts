import { createServer, type IncomingMessage } from "node:http";
import { listenOnLoopback } from "./free-port";

export interface RecordedRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface WebhookReceiver {
  url: string;
  stop(): Promise<void>;
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * A stand-in for organisers' webhook receivers (e.g. a Slack incoming webhook). It records every POST;
 * `?status=500` makes it fail, and so does `PUT /__outage?path=/x&status=503` for path /x until
 * `DELETE /__outage?path=/x` (a receiver that is down for a while). Tests read the record with
 * GET /__requests and clear it with DELETE.
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  let requests: RecordedRequest[] = [];
  const outages = new Map<string, number>();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://receiver");
    if (url.pathname === "/__requests") {
      if (req.method === "DELETE") requests = [];
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(requests));
      return;
    }
    if (url.pathname === "/__outage") {
      const path = url.searchParams.get("path") ?? "/";
      if (req.method === "DELETE") outages.delete(path);
      else outages.set(path, Number(url.searchParams.get("status") ?? 503));
      res.writeHead(204).end();
      return;
    }
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    requests.push({ path: url.pathname + url.search, headers, body: await readBody(req) });
    res.writeHead(outages.get(url.pathname) ?? Number(url.searchParams.get("status") ?? 204)).end();
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
