/**
 * Who is calling a route that partners may use: the owner (the admin token, the owner's own key) or
 * a partner key, sent as `Authorization: Bearer <secret>` or as OSDI's `OSDI-API-Token: <secret>`.
 * A wrong, revoked or unknown secret is 401 and an out-of-scope one 403, before any body is read.
 */
import type { Context, MiddlewareHandler } from "hono";
import { type ApiKey, mayActOn } from "../../src/partners/api-keys";
import { isFirstUseThisMinute, liveKeyFor } from "../../src/partners/key-lookup";
import { problems } from "../../src/problems";
import type { Scope } from "../../src/schemas";
import { recordApiKeyUse } from "../../src/store/api-keys";
import { adminTokenIfSet, hashKey } from "../config";
import type { AppEnv } from "../types";
import { tokensMatch } from "./admin-auth";

export type Caller = { kind: "owner" } | { kind: "partner"; key: ApiKey };

export interface CallerEnv extends AppEnv {
  /** Undefined: an anonymous caller, on a route that takes them (the public sign path). */
  Variables: { caller: Caller | undefined };
}

/** The secret the request presents, if any: OSDI's header first, as OSDI clients send only that. */
function presentedSecret(c: Context): string | undefined {
  const osdi = c.req.header("osdi-api-token")?.trim();
  if (osdi) return osdi;
  return c.req
    .header("authorization")
    ?.match(/^Bearer\s+(.+)$/i)?.[1]
    ?.trim();
}

/** `scope` undefined: any live key will do (reads of what is public anyway, such as OSDI's petitions). */
async function identify(c: Context<CallerEnv>, secret: string, scope: Scope | undefined): Promise<Caller> {
  const owner = adminTokenIfSet(c.env);
  if (owner && (await tokensMatch(secret, owner))) return { kind: "owner" };
  const key = await liveKeyFor(c.env.DB, hashKey(c.env), secret);
  if (!key) throw problems.invalidApiKey();
  if (scope && !key.scopes.includes(scope)) throw problems.keyNotAllowed(`This key lacks the ${scope} scope.`);
  if (isFirstUseThisMinute(key.id))
    c.executionCtx.waitUntil(c.env.DB.batch(recordApiKeyUse(c.env.DB, key.id, Date.now())));
  return { kind: "partner", key };
}

/** The owner or a partner key with `scope`; anyone else is refused. */
export function requireCaller(scope: Scope): MiddlewareHandler<CallerEnv> {
  return async (c, next) => {
    const secret = presentedSecret(c);
    if (!secret) throw problems.invalidApiKey();
    c.set("caller", await identify(c, secret, scope));
    await next();
  };
}

/**
 * Anonymous callers too (c.var.caller undefined); a secret, if sent, must be a valid one, with
 * `scope` when one is named.
 */
export function identifyCaller(scope?: Scope): MiddlewareHandler<CallerEnv> {
  return async (c, next) => {
    const secret = presentedSecret(c);
    c.set("caller", secret ? await identify(c, secret, scope) : undefined);
    await next();
  };
}

/** A partner key limited to other petitions is refused this one (403); the owner and anonymous callers pass. */
export function requirePetitionAccess(caller: Caller | undefined, slug: string): void {
  if (caller?.kind === "partner" && !mayActOn(caller.key, slug))
    throw problems.keyNotAllowed(`This key may not act on petition "${slug}".`);
}

/** The key to attribute a keyed signature to: null for the owner and the public. */
export function attributedKey(caller: Caller | undefined): string | null {
  return caller?.kind === "partner" ? caller.key.id : null;
}
