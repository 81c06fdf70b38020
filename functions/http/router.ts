/** Route modules are OpenAPIHono routers that share one validation hook and the OpenAPI helpers. */
import { type Hook, OpenAPIHono } from "@hono/zod-openapi";
import { problems } from "../../src/problems";
import { Problem } from "../../src/schemas";
import type { AppEnv } from "../types";
import { fieldErrors, PROBLEM_JSON } from "./problem";

/** Validation failures are thrown into the app's onError, so every 4xx has the same shape. */
const throwValidationProblem: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) throw problems.validation(fieldErrors(result.error));
};

export function createRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook: throwValidationProblem });
}

/** A type alias, not an interface: OpenAPI's HeaderObject takes x- extensions, which only an alias may stand for. */
type HeaderDoc = {
  description: string;
  required?: boolean;
  schema: { type: "string" | "integer" };
};

const stringHeader = (description: string, required = false): HeaderDoc => ({
  description,
  required,
  schema: { type: "string" },
});

/** Response headers the document names, each described once. */
export const HEADERS = {
  ETag: stringHeader("The representation's version, for If-None-Match", true),
  CacheControl: stringHeader("How long caches may keep it", true),
  Location: stringHeader("Where the created resource or the next page is", true),
  RetryAfter: { description: "Seconds to wait before trying again", required: true, schema: { type: "integer" } },
  RateLimitPolicy: stringHeader('The signing quota, e.g. `"signing";q=20;w=60` (IETF httpapi ratelimit headers)', true),
  RateLimit: stringHeader('What remains of it, e.g. `"signing";r=19;t=60`, where the rate-limit backend knows'),
  WwwAuthenticate: stringHeader("The bearer scheme", true),
  AcceptPost: stringHeader("The media types the endpoint takes", true),
  LinkNext: stringHeader('The next part, `<…?after=ID>; rel="next"`, when there is one'),
} satisfies Record<string, HeaderDoc>;

const PROBLEMS: Record<number, { description: string; headers?: Record<string, HeaderDoc> }> = {
  400: { description: "Unparseable body" },
  401: { description: "Missing or wrong admin token", headers: { "WWW-Authenticate": HEADERS.WwwAuthenticate } },
  403: { description: "A browser request from a site that may not sign this petition" },
  404: { description: "No such petition (drafts included, for the public)" },
  409: { description: "Conflict" },
  413: { description: "Body too large" },
  415: { description: "Unsupported media type", headers: { "Accept-Post": HEADERS.AcceptPost } },
  422: { description: "Validation failed; `errors` names each field" },
  429: {
    description: "Rate limited; see Retry-After",
    headers: {
      "Retry-After": HEADERS.RetryAfter,
      "RateLimit-Policy": HEADERS.RateLimitPolicy,
      RateLimit: HEADERS.RateLimit,
    },
  },
  503: {
    description: "Not configured, or a dependency is unavailable (then with Retry-After)",
    headers: { "Retry-After": { ...HEADERS.RetryAfter, required: false } },
  },
};

/** The OpenAPI `responses` entries for the problems a route can answer with. */
export function problemResponses(...statuses: (keyof typeof PROBLEMS)[]) {
  return Object.fromEntries(
    statuses.map((status) => [status, { ...PROBLEMS[status], content: { [PROBLEM_JSON]: { schema: Problem } } }]),
  );
}

/** The answer to a GET whose If-None-Match names the current ETag. */
export const notModified = {
  304: { description: "Not modified: the If-None-Match ETag is current", headers: { ETag: HEADERS.ETag } },
};

export const adminSecurity = [{ adminToken: [] }];
/** Public operations say so: no security requirement. */
export const publicAccess = [];
/** Partner keys (the admin token too: the owner's key), as a bearer or as OSDI's header. */
export const partnerSecurity: { [scheme: string]: string[] }[] = [{ partnerKey: [] }, { osdiApiToken: [] }];
/** Open to the public, and to key holders, who then get their key's limits and attribution. */
export const partnerOrPublicAccess = [{}, ...partnerSecurity];
