import http from "node:http";
import type { Socket } from "node:net";
import { listenOnLoopback } from "./free-port";

export interface BlackholeServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * An HTTP server that reads requests and never answers, standing in for an unresponsive backend
 * so timeouts and failover can be tested.
 */
export async function startBlackholeServer(): Promise<BlackholeServer> {
  const sockets = new Set<Socket>();
  const server = http.createServer(() => {
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
