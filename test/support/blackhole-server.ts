import http from "node:http";
import type { Socket } from "node:net";
import { listenOnLoopback } from "./free-port";

export interface BlackholeServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * An HTTP server that reads requests and never answers, standing in for an unresponsive backend
 * so timeouts and failover can be tested. `GET /__count?prefix=/p` (the one path it answers) tells
 * how many requests under /p it has swallowed, so a test can tell whether a backend was asked.
 */
export async function startBlackholeServer(): Promise<BlackholeServer> {
  const sockets = new Set<Socket>();
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://blackhole");
    if (url.pathname === "/__count") {
      const prefix = url.searchParams.get("prefix") ?? "/";
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(String(paths.filter((p) => p.startsWith(prefix)).length));
      return;
    }
    paths.push(url.pathname);
    // Deliberately never respond.
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  const port = await listenOnLoopback(server);

  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // close() waits for open connections, and these never finish on their own.
        for (const socket of sockets) socket.destroy();
      }),
  };
}
