import { createServer } from "node:http";
import { text } from "node:stream/consumers";
import { listenOnLoopback } from "./free-port";

export interface FakeSiteverify {
  url: string;
  /** The one token the fake accepts. */
  passingToken: string;
  unavailableUrl: string;
  stop(): Promise<void>;
}

const PASSING_TOKEN = "passing-turnstile-token";

/**
 * A stand-in for Cloudflare Turnstile's siteverify on loopback: like the real one it takes a form
 * with `secret` and `response`, and answers `{ success, "error-codes" }`. It accepts only its
 * passingToken, sent with `secret`. Under `unavailableUrl` it answers 503, as in an outage.
 */
export async function startFakeSiteverify(secret: string): Promise<FakeSiteverify> {
  const server = createServer(async (req, res) => {
    if (req.url === "/unavailable") {
      res.writeHead(503).end();
      return;
    }
    const form = new URLSearchParams(await text(req));
    const errors = [
      ...(form.get("secret") === secret ? [] : ["invalid-input-secret"]),
      ...(form.get("response") === PASSING_TOKEN ? [] : ["invalid-input-response"]),
    ];
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ success: errors.length === 0, "error-codes": errors }));
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}/turnstile/v0/siteverify`,
    passingToken: PASSING_TOKEN,
    unavailableUrl: `http://127.0.0.1:${port}/unavailable`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
