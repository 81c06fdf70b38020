/** Server-rendered pages: their Content-Security-Policy, built one way, and the headers every page carries. */

/** A policy's directives, in the order they are written; a directive with no sources is left out. */
export type PolicyDirectives = Record<string, readonly string[]>;

export function contentSecurityPolicy(directives: PolicyDirectives): string {
  return Object.entries(directives)
    .filter(([, sources]) => sources.length > 0)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}

/** The CSP source that lets a page's own nonce'd style and scripts run. */
export function nonceSource(nonce: string): string {
  return `'nonce-${nonce}'`;
}

/** A page for one viewer: never cached, under its policy; `headers` adds to (or overrides) these. */
export function htmlPage(body: string, policy: string, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": policy,
      "Cache-Control": "no-store",
      ...headers,
    },
  });
}
