/**
 * The organiser console (/admin): server-rendered pages that are a client of the admin API. Every
 * read and change goes through the API's own routes (called in-process with ADMIN_TOKEN, api-client.ts).
 */
import { Hono } from "hono";
import { csrf } from "hono/csrf";
import { ADMIN_BODY_LIMIT, BATCH_BODY_LIMIT, limitBody } from "../http/body";
import { type ApiHandler, adminApi } from "./api-client";
import type { ConsoleEnv } from "./auth";
import { petitionFilePages } from "./downloads";
import { apiKeyPages, importPages } from "./partner-pages";
import { petitionDashboardPages, petitionEditPages, petitionListPages } from "./petition-pages";
import { signInRoutes } from "./sign-in";
import { webhookPages } from "./webhook-pages";

/** An import's form carries a whole batch's CSV; every other console form is small. */
const IMPORT_PATH = /\/p\/[^/]+\/import$/;

export function consoleRoutes(handler: ApiHandler) {
  const api = adminApi(handler);
  return (
    new Hono<ConsoleEnv>()
      // Bodies are bounded before anything reads them (sign-in needs no session).
      .use("/*", (c, next) => limitBody(IMPORT_PATH.test(c.req.path) ? BATCH_BODY_LIMIT : ADMIN_BODY_LIMIT)(c, next))
      // Changes must come from the console's own pages (Origin or Sec-Fetch-Site), besides the CSRF token.
      .use("/*", csrf())
      .route("/", signInRoutes)
      .route("/", petitionListPages(api))
      .route("/", petitionDashboardPages(api))
      .route("/", petitionEditPages(api))
      .route("/", petitionFilePages(api))
      .route("/", apiKeyPages(api))
      .route("/", importPages(api))
      .route("/", webhookPages(api))
  );
}
