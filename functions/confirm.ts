/**
 * Confirmation links (petitions with confirmation "email"): GET shows a page with a button and changes
 * nothing, because mail scanners follow links; only the POST from that button confirms.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { confirmationPage } from "../src/embed/confirmation-pages";
import { chooseLocale } from "../src/i18n/locale";
import { confirmLink, inspectLink, type LinkState } from "../src/signing/confirmation";
import { hashKey } from "./config";
import { embedPolicy } from "./embed/headers";
import { htmlPage } from "./http/html";
import { newNonce } from "./http/nonce";
import { createRouter, publicAccess } from "./http/router";
import type { AppEnv } from "./types";

const TokenParam = z.object({ token: z.string().max(200) });
const htmlContent = { "text/html": { schema: z.string() } };

const STATUS: Record<LinkState["status"], 200 | 400 | 409 | 410> = {
  waiting: 200,
  confirmed: 200,
  invalid: 400,
  expired: 410,
  used: 410,
  "petition-closed": 409,
};

function linkRoute(method: "get" | "post", operationId: string, summary: string) {
  return createRoute({
    method,
    path: "/{token}",
    operationId,
    tags: ["Signing"],
    security: publicAccess,
    summary,
    request: { params: TokenParam },
    responses: {
      200: { description: method === "get" ? "A page with a button to confirm" : "Confirmed", content: htmlContent },
      400: { description: "Not a valid link (altered or cut short)", content: htmlContent },
      409: { description: "The petition closed before the signature was confirmed", content: htmlContent },
      410: { description: "Expired, or already used", content: htmlContent },
    },
  });
}

function page(c: Context<AppEnv>, token: string, state: LinkState): Response {
  const held = state.status === "waiting" ? state.pending.locale : "locale" in state ? state.locale : null;
  const frame = {
    locale: chooseLocale(held ?? undefined, [], c.req.header("Accept-Language")),
    nonce: newNonce(),
    parentOrigins: [],
  };
  const policy = embedPolicy({ nonce: frame.nonce, frameAncestors: [], formTargets: [], turnstile: false });
  const body = confirmationPage(frame, state, `/confirm/${encodeURIComponent(token)}`);
  return htmlPage(body, policy, STATUS[state.status], { "Referrer-Policy": "no-referrer" });
}

export const confirmRoutes = createRouter()
  .openapi(
    linkRoute("get", "showConfirmation", "The page behind a confirmation link: a button, nothing confirmed yet"),
    async (c) => {
      const { token } = c.req.valid("param");
      return page(c, token, await inspectLink(c.env.DB, hashKey(c.env), token, Date.now()));
    },
  )
  .openapi(linkRoute("post", "confirmSignature", "Confirm a held signature (once)"), async (c) => {
    const { token } = c.req.valid("param");
    return page(c, token, await confirmLink(c.env.DB, hashKey(c.env), token, Date.now()));
  });
