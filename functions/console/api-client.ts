/**
 * The console's way into the admin API: the API's own routes, called in-process with ADMIN_TOKEN, so the
 * console validates with the same zod schemas and cannot drift from what curl gets.
 */
import type { Context, ExecutionContext } from "hono";
import { ProblemError } from "../../src/problems";
import { type PetitionWithCount, type Problem, SLUG_PATTERN } from "../../src/schemas";
import { adminToken } from "../config";
import { unknownPetition } from "../http/petition";
import type { ConsoleEnv } from "./auth";

/** The Worker's own fetch: the console reaches the admin API through it, as any client would. */
export type ApiHandler = (request: Request, env: Env, ctx: ExecutionContext) => Response | Promise<Response>;

export type ApiResult<T> = { ok: true; data: T } | { ok: false; problem: Problem };

/** The API's answer when the console cannot go on without it: passed on as it is. */
export function dataOf<T>(result: ApiResult<T>): T {
  if (result.ok) return result.data;
  const { type, title, status, detail, errors } = result.problem;
  throw new ProblemError(type, title, status, detail, errors);
}

export type AdminApi = ReturnType<typeof adminApi>;

/** The admin API as a request's console user reaches it. */
export function adminApi(api: ApiHandler) {
  const call = (c: Context<ConsoleEnv>, path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("Authorization", `Bearer ${adminToken(c.env)}`);
    return api(new Request(new URL(path, c.req.url), { ...init, headers }), c.env, c.executionCtx);
  };
  const json = async <T>(c: Context<ConsoleEnv>, path: string, init: RequestInit = {}): Promise<ApiResult<T>> => {
    const res = await call(c, path, init);
    return res.ok ? { ok: true, data: await res.json<T>() } : { ok: false, problem: await res.json<Problem>() };
  };
  return {
    json,
    send: <T = PetitionWithCount>(c: Context<ConsoleEnv>, method: string, path: string, body: unknown) =>
      json<T>(c, path, {
        method,
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      }),
    /** A petition from the API, or its problem thrown (404 and all) to the one error handler. */
    petition: async (c: Context<ConsoleEnv>, slug: string) => {
      if (!SLUG_PATTERN.test(slug)) throw unknownPetition(slug);
      return dataOf(await json<PetitionWithCount>(c, `/v1/admin/petitions/${slug}`));
    },
    /** A change whose answer the console does not show (204 and the like); a refusal is thrown as the API's problem. */
    perform: async (c: Context<ConsoleEnv>, path: string, init: RequestInit): Promise<void> => {
      const res = await call(c, path, init);
      if (!res.ok) dataOf<never>({ ok: false, problem: await res.json<Problem>() });
      await res.body?.cancel();
    },
    /** The API's answer as the console's, body and headers unchanged. */
    passThrough: async (c: Context<ConsoleEnv>, path: string) => {
      const res = await call(c, path);
      return new Response(res.body, res);
    },
  };
}
