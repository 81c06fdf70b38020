/**
 * The organiser console (/admin): server-rendered pages that are a client of the admin API. Every
 * read and change goes through the API's own routes (called in-process with ADMIN_TOKEN), so the
 * console validates with the same zod schemas and cannot drift from what curl gets.
 */

import { type Context, type ExecutionContext, Hono } from "hono";
import { csrf } from "hono/csrf";
import type { ConsoleUserView } from "../../src/console/layout";
import {
  type DashboardData,
  dashboardPage,
  petitionFormPage,
  petitionListPage,
  signInPage,
  sourcesPage,
} from "../../src/console/pages";
import { apiBodyOf, type FormValues, formValuesOf } from "../../src/console/petition-form";
import { keyedHash } from "../../src/crypto/keyed-hash";
import { EmbedOptions } from "../../src/embed/options";
import { formPage } from "../../src/embed/pages";
import { ProblemError } from "../../src/problems";
import { PetitionCreate, PetitionFields, type PetitionWithCount, type Problem, SLUG_PATTERN } from "../../src/schemas";
import { networkOf } from "../../src/signing/network";
import { isAcceptingSignatures } from "../../src/store/accepting-signatures";
import { readPublishedCountDocument } from "../../src/store/published-tally";
import type { SourceCount } from "../../src/store/sources";
import { publicCount } from "../../src/tally/public-count";
import type { PetitionReport } from "../../src/tally/report";
import { adminToken, tallyIntervalSeconds } from "../config";
import { embedding, htmlResponse, viewWithCount } from "../embed/pages";
import { ADMIN_BODY_LIMIT, formTextFields, limitBody } from "../http/body";
import { contentSecurityPolicy, htmlPage, nonceSource } from "../http/html";
import { newNonce } from "../http/nonce";
import { unknownPetition } from "../http/petition";
import {
  type ConsoleEnv,
  endSession,
  isAdminToken,
  requireConsoleUser,
  SIGN_IN,
  SIGN_IN_PATH,
  startSession,
  usesAccess,
} from "./auth";

/** The Worker's own fetch: the console reaches the admin API through it, as any client would. */
export type ApiHandler = (request: Request, env: Env, ctx: ExecutionContext) => Response | Promise<Response>;

type ApiResult<T> = { ok: true; data: T } | { ok: false; problem: Problem };

/** The API's answer when the console cannot go on without it: passed on as it is. */
function dataOf<T>(result: ApiResult<T>): T {
  if (result.ok) return result.data;
  const { type, title, status, detail, errors } = result.problem;
  throw new ProblemError(type, title, status, detail, errors);
}

/** Console pages load only their own nonce'd style and script, the Worker's charts and the form preview. */
function consolePolicy(nonce: string): string {
  return contentSecurityPolicy({
    "default-src": ["'none'"],
    "script-src": [nonceSource(nonce)],
    "style-src": [nonceSource(nonce)],
    "img-src": ["'self'"],
    "frame-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
  });
}

function page(nonce: string, body: string, status = 200, headers: Record<string, string> = {}): Response {
  return htmlPage(body, consolePolicy(nonce), status, headers);
}

/**
 * Sign-in attempts are limited per network before the token is compared, so guessing is slow even
 * for a weak token (the token's length is still what protects it).
 */
async function signInAllowed(c: Context<ConsoleEnv>, networkSecret: string): Promise<boolean> {
  const network = await keyedHash(networkSecret, "network", networkOf(c.req.header("cf-connecting-ip")));
  const { success } = await c.env.CONSOLE_SIGN_IN_LIMIT.limit({ key: network });
  return success;
}

function userView(c: Context<ConsoleEnv>): ConsoleUserView {
  const { who, csrfToken } = c.get("consoleUser");
  return { who, csrfToken, signOut: usesAccess(c.env) ? "access" : "session" };
}

function frameFor(c: Context<ConsoleEnv>) {
  return { nonce: newNonce(), user: userView(c), refreshSeconds: tallyIntervalSeconds(c.env) };
}

/** The form's text fields (the CSRF token aside). */
function formValues(c: Context<ConsoleEnv>): Promise<FormValues> {
  return formTextFields(c);
}

/** New petitions start from the API's own defaults. */
function newPetitionValues(): FormValues {
  const fields = PetitionFields.parse({});
  return {
    status: PetitionCreate.shape.status.parse(undefined),
    "fields.name": fields.name,
    "fields.postcode": fields.postcode,
  };
}

export function consoleRoutes(api: ApiHandler) {
  /** The admin API as this request's console user reaches it. */
  const callApi = (c: Context<ConsoleEnv>, path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("Authorization", `Bearer ${adminToken(c.env)}`);
    return api(new Request(new URL(path, c.req.url), { ...init, headers }), c.env, c.executionCtx);
  };
  const apiJson = async <T>(c: Context<ConsoleEnv>, path: string, init: RequestInit = {}): Promise<ApiResult<T>> => {
    const res = await callApi(c, path, init);
    return res.ok ? { ok: true, data: await res.json<T>() } : { ok: false, problem: await res.json<Problem>() };
  };
  const sendJson = (c: Context<ConsoleEnv>, method: string, path: string, body: unknown) =>
    apiJson<PetitionWithCount>(c, path, {
      method,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  /** A petition from the API, or its problem thrown (404 and all) to the one error handler. */
  const petitionOf = async (c: Context<ConsoleEnv>, slug: string) => {
    if (!SLUG_PATTERN.test(slug)) throw unknownPetition(slug);
    return dataOf(await apiJson<PetitionWithCount>(c, `/v1/admin/petitions/${slug}`));
  };
  const passThrough = async (c: Context<ConsoleEnv>, path: string) => {
    const res = await callApi(c, path);
    return new Response(res.body, res);
  };

  return (
    new Hono<ConsoleEnv>()
      // Bodies are bounded before anything reads them (sign-in needs no session).
      .use("/*", limitBody(ADMIN_BODY_LIMIT))
      // Changes must come from the console's own pages (Origin or Sec-Fetch-Site), besides the CSRF token.
      .use("/*", csrf())
      .get(SIGN_IN, (c) => {
        adminToken(c.env);
        if (usesAccess(c.env)) return c.redirect("/admin", 303);
        const nonce = newNonce();
        return page(nonce, signInPage({ nonce }));
      })
      .post(SIGN_IN, async (c) => {
        const token = adminToken(c.env);
        if (usesAccess(c.env)) return c.redirect("/admin", 303);
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
        return c.redirect("/admin", 303);
      })
      .post("/sign-out", requireConsoleUser, async (c) => {
        await endSession(c);
        return c.redirect(SIGN_IN_PATH, 303);
      })
      .get("/", requireConsoleUser, async (c) => {
        const cursor = c.req.query("cursor");
        const query = new URLSearchParams({ limit: "100", ...(cursor && /^\d+$/.test(cursor) ? { cursor } : {}) });
        const list = dataOf(
          await apiJson<{ petitions: PetitionWithCount[]; next_cursor: string | null }>(
            c,
            `/v1/admin/petitions?${query}`,
          ),
        );
        const frame = frameFor(c);
        return page(frame.nonce, petitionListPage(frame, list.petitions, list.next_cursor));
      })
      .get("/new", requireConsoleUser, (c) => {
        const frame = frameFor(c);
        return page(frame.nonce, petitionFormPage(frame, { mode: "create", values: newPetitionValues() }));
      })
      .post("/new", requireConsoleUser, async (c) => {
        const values = await formValues(c);
        const created = await sendJson(c, "POST", "/v1/petitions", apiBodyOf(values, "create"));
        if (created.ok) return c.redirect(`/admin/p/${created.data.slug}`, 303);
        const frame = frameFor(c);
        const body = petitionFormPage(frame, { mode: "create", values, problem: created.problem });
        return page(frame.nonce, body, created.problem.status);
      })
      .get("/p/:slug", requireConsoleUser, async (c) => {
        const petition = await petitionOf(c, c.req.param("slug"));
        const [report, deliveries] = await Promise.all([
          apiJson<PetitionReport>(c, `/v1/petitions/${petition.slug}/report`),
          apiJson<{ deliveries: DashboardData["deliveries"] }>(c, "/v1/admin/webhook-deliveries"),
        ]);
        const frame = frameFor(c);
        const data = {
          petition,
          report: dataOf(report),
          deliveries: dataOf(deliveries).deliveries,
          origin: new URL(c.req.url).origin,
        };
        return page(frame.nonce, dashboardPage(frame, data));
      })
      .get("/p/:slug/sources", requireConsoleUser, async (c) => {
        const petition = await petitionOf(c, c.req.param("slug"));
        const { sources } = dataOf(
          await apiJson<{ sources: SourceCount[] }>(c, `/v1/petitions/${petition.slug}/sources`),
        );
        const frame = frameFor(c);
        return page(frame.nonce, sourcesPage(frame, petition, sources));
      })
      .get("/p/:slug/edit", requireConsoleUser, async (c) => {
        const petition = await petitionOf(c, c.req.param("slug"));
        const frame = frameFor(c);
        const state = { mode: "edit", slug: petition.slug, values: formValuesOf(petition) } as const;
        return page(frame.nonce, petitionFormPage(frame, state));
      })
      .post("/p/:slug/edit", requireConsoleUser, async (c) => {
        const petition = await petitionOf(c, c.req.param("slug"));
        const values = await formValues(c);
        const updated = await sendJson(c, "PATCH", `/v1/petitions/${petition.slug}`, apiBodyOf(values, "edit"));
        if (updated.ok) return c.redirect(`/admin/p/${petition.slug}`, 303);
        const frame = frameFor(c);
        const state = { mode: "edit", slug: petition.slug, values, problem: updated.problem } as const;
        return page(frame.nonce, petitionFormPage(frame, state), updated.problem.status);
      })
      .post("/p/:slug/status", requireConsoleUser, async (c) => {
        const petition = await petitionOf(c, c.req.param("slug"));
        const { status } = await formValues(c);
        dataOf(await sendJson(c, "PATCH", `/v1/petitions/${petition.slug}`, { status }));
        return c.redirect(`/admin/p/${petition.slug}`, 303);
      })
      .get("/p/:slug/report", requireConsoleUser, async (c) => {
        const petition = await petitionOf(c, c.req.param("slug"));
        const query = new URLSearchParams(c.req.query());
        return passThrough(c, `/v1/petitions/${petition.slug}/report?${query}`);
      })
      .get("/p/:slug/signatures.csv", requireConsoleUser, async (c) => {
        const petition = await petitionOf(c, c.req.param("slug"));
        return passThrough(c, `/v1/petitions/${petition.slug}/signatures.csv`);
      })
      // The embed form as signers will see it, drafts included, framed by the console only.
      .get("/p/:slug/preview", requireConsoleUser, async (c) => {
        const petition = await petitionOf(c, c.req.param("slug"));
        const options = EmbedOptions.parse({ lang: c.req.query("lang"), theme: c.req.query("theme") });
        const embed = { ...embedding(c, petition, options), ancestors: ["'self'"] };
        // The count signers see: the published one, or (never published, as a draft) the exact one rounded alike.
        const published = await readPublishedCountDocument(c.env.KV, petition.slug).catch(() => null);
        const count = published?.count ?? publicCount(petition.public_count_rounding, petition.count);
        const view = viewWithCount(c, petition, embed, count);
        const body = formPage(view, { values: {}, errors: [] }, isAcceptingSignatures(petition, new Date()));
        return htmlResponse(embed, body, 200);
      })
  );
}
