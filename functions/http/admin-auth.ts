/** The admin API's gate: fails closed when no token is configured, compares in constant time. */
import type { MiddlewareHandler } from "hono";
import { problems } from "../../src/problems";
import { adminToken } from "../config";
import type { AppEnv } from "../types";
import { ADMIN_BODY_LIMIT, limitBody, requireMediaType } from "./body";

const encoder = new TextEncoder();

/** Hashing first gives equal lengths, so timingSafeEqual's own length check leaks nothing. */
export async function tokensMatch(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(given)),
    crypto.subtle.digest("SHA-256", encoder.encode(expected)),
  ]);
  return crypto.subtle.timingSafeEqual(a, b);
}

export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const expected = adminToken(c.env);
  const match = c.req.header("authorization")?.match(/^Bearer\s+(.+)$/i);
  if (!match?.[1] || !(await tokensMatch(match[1].trim(), expected))) throw problems.unauthorized();
  await next();
};

/** Every admin route that takes a body: the gate first, so nobody unauthorised gets a body read. */
export const ADMIN_WRITE: [MiddlewareHandler<AppEnv>, MiddlewareHandler<AppEnv>, MiddlewareHandler<AppEnv>] = [
  requireAdmin,
  limitBody(ADMIN_BODY_LIMIT),
  requireMediaType(["application/json"]),
];
