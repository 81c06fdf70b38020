import { createServer } from "node:http";
import { text } from "node:stream/consumers";
import { listenOnLoopback } from "./free-port";

export interface FakeSiteverify {
  url: string;
  /** A token the fake accepts with its secret, as often as it is sent. */
  passingToken: string;
  /** Tokens starting with this are accepted once, as real tokens are; again, `timeout-or-duplicate`. */
  singleUsePrefix: string;
  unavailableUrl: string;
  stop(): Promise<void>;
}

const PASSING_TOKEN = "passing-turnstile-token";
const SINGLE_USE_PREFIX = "single-use-";

/**
 * Cloudflare's documented test secrets, answered as Cloudflare answers them: the first accepts every
 * token (the test site key 1x00000000000000000000AA's widget gives XXXX.DUMMY.TOKEN.XXXX), the second none.
 */
export const TURNSTILE_TEST_KEYS = {
  siteKey: "1x00000000000000000000AA",
  dummyToken: "XXXX.DUMMY.TOKEN.XXXX",
  passingSecret: "1x0000000000000000000000000000000AA",
  failingSecret: "2x0000000000000000000000000000000AA",
} as const;

/**
 * A stand-in for Cloudflare Turnstile's siteverify on loopback: like the real one it takes a form
 * with `secret` and `response`, and answers `{ success, "error-codes" }`. With `secret` it accepts its
 * passingToken and, once each, tokens with its single-use prefix; with Cloudflare's test secrets it
 * answers as they do. Under `unavailableUrl` it answers 503, as in an outage.
 */
export async function startFakeSiteverify(secret: string): Promise<FakeSiteverify> {
  const spent = new Set<string>();
  const errorsFor = (form: URLSearchParams): string[] => {
    const token = form.get("response") ?? "";
    switch (form.get("secret")) {
      case TURNSTILE_TEST_KEYS.passingSecret:
        return [];
      case TURNSTILE_TEST_KEYS.failingSecret:
        return ["invalid-input-response"];
      case secret:
        if (token === PASSING_TOKEN) return [];
        if (!token.startsWith(SINGLE_USE_PREFIX)) return ["invalid-input-response"];
        if (spent.has(token)) return ["timeout-or-duplicate"];
        spent.add(token);
        return [];
      default:
        return ["invalid-input-secret"];
    }
  };
  const server = createServer(async (req, res) => {
    if (req.url === "/unavailable") {
      res.writeHead(503).end();
      return;
    }
    const errors = errorsFor(new URLSearchParams(await text(req)));
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ success: errors.length === 0, "error-codes": errors }));
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}/turnstile/v0/siteverify`,
    passingToken: PASSING_TOKEN,
    singleUsePrefix: SINGLE_USE_PREFIX,
    unavailableUrl: `http://127.0.0.1:${port}/unavailable`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
