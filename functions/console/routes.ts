/**
 * The organiser console (/admin): server-rendered pages that are a client of the admin API. Every
 * read and change goes through the API's own routes (called in-process with ADMIN_TOKEN, api-client.ts).
 */
import { type ErrorHandler, Hono } from "hono";
import { csrf } from "hono/csrf";
import { notFoundPage } from "../../src/console/pages";
import { ProblemError } from "../../src/problems";
import { ADMIN_BODY_LIMIT, BATCH_BODY_LIMIT, limitBody } from "../http/body";
import { newNonce } from "../http/nonce";
import { onError } from "../http/problem";
import { type ApiHandler, adminApi } from "./api-client";
import type { ConsoleEnv } from "./auth";
import { petitionFilePages } from "./downloads";
import { fraudPages } from "./fraud-pages";
import { page } from "./page";
import { apiKeyPages, importPages } from "./partner-pages";
import { petitionDashboardPages, petitionEditPages, petitionListPages } from "./petition-pages";
import { privacyPages } from "./privacy-pages";
import { SHARE_IMAGE_FORM_LIMIT, SHARE_IMAGE_UPLOAD_PATH, shareImagePages } from "./share-image-pages";
import { signInRoutes } from "./sign-in";
import { statusPages } from "./status-page";
import { webhookPages } from "./webhook-pages";

/** An import's form carries a whole batch's CSV, a share image's its file; every other console form is small. */
const IMPORT_PATH = /\/p\/[^/]+\/import$/;
const bodyLimitOf = (path: string) =>
  IMPORT_PATH.test(path)
    ? BATCH_BODY_LIMIT
    : SHARE_IMAGE_UPLOAD_PATH.test(path)
      ? SHARE_IMAGE_FORM_LIMIT
      : ADMIN_BODY_LIMIT;

/** A 404 in the console is a console page (with its own nonce'd frame); every other problem as the API answers it. */
const consoleError: ErrorHandler<ConsoleEnv> = (error, c) => {
  if (error instanceof ProblemError && error.status === 404) {
    const nonce = newNonce();
    return page(nonce, notFoundPage({ nonce }, error.detail ?? "No such page."), 404);
  }
  return onError(error, c);
};

export function consoleRoutes(handler: ApiHandler) {
  const api = adminApi(handler);
  return (
    new Hono<ConsoleEnv>()
      // Bodies are bounded before anything reads them (sign-in needs no session).
      .use("/*", (c, next) => limitBody(bodyLimitOf(c.req.path))(c, next))
      // Changes must come from the console's own pages (Origin or Sec-Fetch-Site), besides the CSRF token.
      .use("/*", csrf())
      .route("/", signInRoutes)
      .route("/", petitionListPages(api))
      .route("/", petitionDashboardPages(api))
      .route("/", petitionEditPages(api))
      .route("/", shareImagePages(api))
      .route("/", petitionFilePages(api))
      .route("/", apiKeyPages(api))
      .route("/", importPages(api))
      .route("/", webhookPages(api))
      .route("/", privacyPages(api))
      .route("/", fraudPages(api))
      .route("/", statusPages(api))
      .onError(consoleError)
  );
}
