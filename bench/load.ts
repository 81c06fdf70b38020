/** The load generator the benches share: autocannon POSTing signers (10% repeats, many networks) or GETting a path. */
import autocannon from "autocannon";

/** How many requests are in flight at once (the same for every scenario). */
export const CONNECTIONS = 50;
export const COUNTRIES = ["BR", "KE", "IN", "FR", "US", "NG", "MX", "DE"];
/** Distinct /24 networks the requests come from: enough that no network nears 20 a minute on one petition. */
export const NETWORKS = 4096;

export interface Load {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  /** Distinct addresses that got 201: the signatures the system promised to keep. */
  accepted: number;
}

/** The i-th signer: ~10% repeat the one before (same address, another request), from many networks. */
function signer(scenario: string, i: number) {
  const person = i % 10 === 9 ? i - 1 : i;
  return {
    email: `${scenario}-${person}@example.org`,
    body: JSON.stringify({
      email: `${scenario}-${person}@example.org`,
      name: `Signer ${person}`,
      country: COUNTRIES[person % COUNTRIES.length],
      consent: true,
    }),
    ip: `10.${(i % NETWORKS) >> 8}.${(i % NETWORKS) & 255}.${1 + (i % 200)}`,
  };
}

export async function load(
  url: string,
  scenario: string,
  request: { method: "GET" | "POST"; path: string },
  size: { amount: number } | { seconds: number },
): Promise<Load> {
  let next = 0;
  const acceptedEmails = new Set<string>();
  const statuses: Record<string, number> = {};
  // autocannon's own duration ends at its next whole-second tick; time to the last answer instead.
  const startedAt = performance.now();
  let lastAnswerAt = startedAt;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    ...("amount" in size ? { amount: size.amount } : { duration: size.seconds }),
    requests: [
      {
        method: request.method,
        path: request.path,
        setupRequest(req, context: { email?: string }) {
          if (request.method === "GET") return req;
          const s = signer(scenario, next++);
          context.email = s.email;
          return {
            ...req,
            body: s.body,
            headers: { ...req.headers, "content-type": "application/json", "cf-connecting-ip": s.ip },
          };
        },
        onResponse(status: number, _body: string, context: { email?: string }) {
          lastAnswerAt = performance.now();
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status === 201 && context.email) acceptedEmails.add(context.email);
        },
      },
    ],
  });
  return {
    requests: result.requests.sent,
    perSecond: result.requests.total / ((lastAnswerAt - startedAt) / 1000),
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses,
    accepted: acceptedEmails.size,
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A JSON answer, or an error naming the request. */
export async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${init?.method ?? "GET"} ${url}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}
