import net from "node:net";

/** Starts `server` on a port the OS picks on 127.0.0.1 and resolves with that port. */
export function listenOnLoopback(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

/**
 * A loopback port that was free a moment ago, for child processes that cannot report the port they
 * bound to. Another process could take it in between; callers should fail loudly if so.
 */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  const port = await listenOnLoopback(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
