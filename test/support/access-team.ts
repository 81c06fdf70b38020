import { createServer } from "node:http";
import { exportJWK, generateKeyPair } from "jose";
import { listenOnLoopback } from "./free-port";

export interface FakeAccessTeam {
  /** Stands for https://TEAM.cloudflareaccess.com: the JWTs' issuer, serving /cdn-cgi/access/certs. */
  url: string;
  /** The private half of the published key, as a JWK (JSON), for tests to sign Access JWTs with. */
  privateJwk: string;
  keyId: string;
  stop(): Promise<void>;
}

const KEY_ID = "test-access-key";

/** A stand-in for a Cloudflare Access team on loopback: like the real one, it publishes its RS256 public keys as a JWKS. */
export async function startFakeAccessTeam(): Promise<FakeAccessTeam> {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: KEY_ID, alg: "RS256", use: "sig" }] });
  const server = createServer((req, res) => {
    if (req.url !== "/cdn-cgi/access/certs") return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/json" }).end(jwks);
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    privateJwk: JSON.stringify(await exportJWK(privateKey)),
    keyId: KEY_ID,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
