/** Signing in to the console with ADMIN_TOKEN (where Cloudflare Access does not stand in front), and out. */
import { type Context, Hono } from "hono";
import { signInPage } from "../../src/console/pages";
import { networkHashOf } from "../../src/signing/network";
import { adminToken } from "../config";
import { newNonce } from "../http/nonce";
import {
  CONSOLE_BASE,
  type ConsoleEnv,
  endSession,
  isAdminToken,
  requireConsoleUser,
  SIGN_IN,
  SIGN_IN_PATH,
  startSession,
  usesAccess,
} from "./auth";
import { formValues, page } from "./page";

/**
 * Sign-in attempts are limited per network before the token is compared, so guessing is slow even
 * for a weak token (the token's length is still what protects it).
 */
async function signInAllowed(c: Context<ConsoleEnv>, networkSecret: string): Promise<boolean> {
  const network = await networkHashOf(networkSecret, c.req.header("cf-connecting-ip"));
  const { success } = await c.env.CONSOLE_SIGN_IN_LIMIT.limit({ key: network });
  return success;
}

export const signInRoutes = new Hono<ConsoleEnv>()
  .get(SIGN_IN, (c) => {
    adminToken(c.env);
    if (usesAccess(c.env)) return c.redirect(CONSOLE_BASE, 303);
    const nonce = newNonce();
    return page(nonce, signInPage({ nonce }));
  })
  .post(SIGN_IN, async (c) => {
    const token = adminToken(c.env);
    if (usesAccess(c.env)) return c.redirect(CONSOLE_BASE, 303);
    const { token: given } = await formValues(c);
    if (!(await signInAllowed(c, token))) {
      const nonce = newNonce();
      return page(nonce, signInPage({ nonce }, "too-many-attempts"), 429, { "Retry-After": "60" });
    }
    if (!(await isAdminToken(c.env, given ?? ""))) {
      const nonce = newNonce();
      return page(nonce, signInPage({ nonce }, "wrong-token"), 401);
    }
    await startSession(c);
    return c.redirect(CONSOLE_BASE, 303);
  })
  .post("/sign-out", requireConsoleUser, async (c) => {
    await endSession(c);
    return c.redirect(SIGN_IN_PATH, 303);
  });
