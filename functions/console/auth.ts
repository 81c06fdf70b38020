/**
 * Who may use the organiser console (/admin). Behind Cloudflare Access (ACCESS_TEAM_DOMAIN and
 * ACCESS_AUD set): the Access JWT every request carries, verified against the team's public keys.
 * Otherwise: a signed, expiring session cookie from signing in with ADMIN_TOKEN. Either way the
 * console needs ADMIN_TOKEN (it calls the admin API with it), so it fails closed like the API, and
 * every state-changing request must carry the session's CSRF token.
 */

import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getSignedCookie, setSignedCookie } from "hono/cookie";
import { createRemoteJWKSet, errors, jwtVerify } from "jose";
import { toBase64Url } from "../../src/crypto/base64url";
import { errorMessage } from "../../src/error-message";
import { log } from "../../src/log";
import { problems } from "../../src/problems";
import { isSignedOut, recordSignedOut } from "../../src/store/console-sessions";
import { type AccessConfig, accessConfig, adminToken } from "../config";
import { tokensMatch } from "../http/admin-auth";
import { formTextFields } from "../http/body";
import type { AppEnv } from "../types";

/** Sent as __Host-console-session: the prefix binds it to this host, over https, for the whole site. */
export const SESSION_COOKIE = "console-session";
export const SESSION_SECONDS = 8 * 3600;
/** The form field (or X-CSRF-Token header) every console POST carries. */
export const CSRF_FIELD = "csrf";
/** The console is mounted at /admin; its routes are relative to that. */
export const CONSOLE_BASE = "/admin";
export const SIGN_IN = "/sign-in";
export const SIGN_IN_PATH = `${CONSOLE_BASE}${SIGN_IN}`;

export interface ConsoleUser {
  /** Who is signed in: the Access identity's email, or "admin" for a token session. */
  who: string;
  csrfToken: string;
}

export interface ConsoleEnv extends AppEnv {
  Variables: { consoleUser: ConsoleUser };
}

const encoder = new TextEncoder();
/** Sessions and CSRF tokens are keyed by ADMIN_TOKEN: rotating the token signs everyone out. */
function consoleSecret(env: Env): string {
  return `petition-edge console\n${adminToken(env)}`;
}

async function hmac(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  return toBase64Url(await crypto.subtle.sign("HMAC", key, encoder.encode(message)));
}

/** One key set per team, so jose's cache of the fetched keys lives as long as the isolate. */
const teamKeys = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/** jose's errors for keys it could not fetch or read (timeouts, non-200, bad JSON, network), as opposed to a bad token. */
function isKeysOutage(error: unknown): boolean {
  if (!(error instanceof errors.JOSEError)) return true;
  return (
    error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || error.code === "ERR_JOSE_GENERIC"
  );
}

async function accessIdentity(c: Context<ConsoleEnv>, access: AccessConfig): Promise<string | null> {
  const token = c.req.header("Cf-Access-Jwt-Assertion");
  if (!token) return null;
  let keys = teamKeys.get(access.teamUrl);
  if (!keys) {
    keys = createRemoteJWKSet(new URL("/cdn-cgi/access/certs", access.teamUrl));
    teamKeys.set(access.teamUrl, keys);
  }
  try {
    const { payload } = await jwtVerify(token, keys, {
      issuer: access.teamUrl,
      audience: access.audience,
      algorithms: ["RS256"],
    });
    return typeof payload.email === "string" ? payload.email : (payload.sub ?? null);
  } catch (error) {
    // A token that fails its checks is refused; keys that cannot be fetched are an outage, not a refusal.
    if (!isKeysOutage(error)) return null;
    log.error("access-keys-unavailable", { error: errorMessage(error) });
    throw problems.accessUnavailable().withCause(error);
  }
}

interface Session {
  id: string;
  expiresAtMs: number;
}

/** The session of a valid, unexpired cookie not signed out; the cookie holds "<expiry ms>.<random id>". */
async function currentSession(c: Context<ConsoleEnv>): Promise<Session | null> {
  const value = await getSignedCookie(c, consoleSecret(c.env), SESSION_COOKIE, "host");
  const match = typeof value === "string" ? /^(\d+)\.([\w-]+)$/.exec(value) : null;
  if (!match || Number(match[1]) <= Date.now()) return null;
  const session = { id: match[2]!, expiresAtMs: Number(match[1]) };
  return (await isSignedOut(c.env.KV, session.id)) ? null : session;
}

export async function startSession(c: Context<ConsoleEnv>): Promise<void> {
  const id = toBase64Url(crypto.getRandomValues(new Uint8Array(18)).buffer);
  await setSignedCookie(c, SESSION_COOKIE, `${Date.now() + SESSION_SECONDS * 1000}.${id}`, consoleSecret(c.env), {
    path: "/",
    secure: true,
    httpOnly: true,
    sameSite: "Strict",
    maxAge: SESSION_SECONDS,
    prefix: "host",
  });
}

/** Deletes the cookie and records the session as ended, so a copy of the cookie no longer works either. */
export async function endSession(c: Context<ConsoleEnv>): Promise<void> {
  const session = await currentSession(c);
  if (session) await recordSignedOut(c.env.KV, session.id, session.expiresAtMs);
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true, prefix: "host" });
}

/** The sign-in form's token, compared in constant time with ADMIN_TOKEN. */
export function isAdminToken(env: Env, given: string): Promise<boolean> {
  return tokensMatch(given.trim(), adminToken(env));
}

export function usesAccess(env: Env): boolean {
  return accessConfig(env) !== undefined;
}

const SAFE_METHODS = new Set(["GET", "HEAD"]);

async function submittedCsrfToken(c: Context<ConsoleEnv>): Promise<string> {
  const header = c.req.header("X-CSRF-Token");
  if (header) return header;
  const type = c.req.header("Content-Type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) return "";
  return (await formTextFields(c))[CSRF_FIELD] ?? "";
}

/**
 * The console's gate. Without ADMIN_TOKEN: 503, as the API. Access configured: a valid Access JWT
 * or 403. Otherwise a valid session, or pages redirect to the sign-in form and changes are 401.
 * A change (any method but GET/HEAD) without the session's CSRF token is 403.
 */
export const requireConsoleUser: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
  adminToken(c.env);
  const access = accessConfig(c.env);
  const safe = SAFE_METHODS.has(c.req.method);
  let who: string, csrfSubject: string;
  if (access) {
    const identity = await accessIdentity(c, access);
    if (!identity) throw problems.accessDenied();
    [who, csrfSubject] = [identity, `access:${identity}`];
  } else {
    const session = await currentSession(c);
    if (!session) {
      if (safe) return c.redirect(SIGN_IN_PATH, 303);
      throw problems.unauthorized();
    }
    [who, csrfSubject] = ["admin", `session:${session.id}`];
  }
  const csrfToken = await hmac(consoleSecret(c.env), `csrf\n${csrfSubject}`);
  if (!safe && !(await tokensMatch(await submittedCsrfToken(c), csrfToken))) throw problems.csrfRejected();
  c.set("consoleUser", { who, csrfToken });
  await next();
};
