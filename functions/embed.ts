/**
 * The embeddable sign form: its pages, the embed.js widget, and the pages a browser gets when it
 * posts the form without JavaScript. Rendering is in src/embed; this is the HTTP around it.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { accepts } from "hono/accepts";
import { etag } from "hono/etag";
import type { FormState } from "../src/embed/form";
import { frameAncestors, messageTargets } from "../src/embed/framing";
import { chooseLocale } from "../src/embed/locale";
import { EmbedOptions } from "../src/embed/options";
import { formPage, problemPage, thanksPage, type PageFrame, type PetitionView } from "../src/embed/pages";
import { WIDGET_SCRIPT } from "../src/embed/widget-script";
import { problems } from "../src/problems";
import { SLUG_PATTERN, type Problem } from "../src/schemas";
import { isAcceptingSignatures } from "../src/signing/sign";
import { cachedPublicPetition } from "../src/store/petition-cache";
import type { PetitionRecord } from "../src/store/petitions";
import { readPublishedCount } from "../src/tally/published-count";
import { petitionCacheOptions } from "./config";
import { contentSecurityPolicy } from "./http/embed-headers";
import { createRouter } from "./http/router";
import { SlugParam } from "./http/params";
import type { AppEnv } from "./types";

/** A petition's embed pages and whoever embeds them. */
interface Embedding {
  /** Null for an unknown or draft petition. */
  petition: PetitionRecord | null;
  options: EmbedOptions;
  frame: PageFrame;
  ancestors: string[];
}

async function visiblePetition(c: Context<AppEnv>, slug: string): Promise<PetitionRecord | null> {
  return SLUG_PATTERN.test(slug) ? cachedPublicPetition(slug, petitionCacheOptions(c.env)) : null;
}

function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

function embedding(c: Context<AppEnv>, petition: PetitionRecord | null, options: EmbedOptions): Embedding {
  const ancestors = frameAncestors(petition?.embed_origins ?? [], c.env.EMBED_FRAME_ANCESTORS);
  const frame = {
    locale: chooseLocale(options.lang, petition?.locales ?? [], c.req.header("Accept-Language")),
    nonce: newNonce(),
    theme: options.theme,
    parentOrigins: messageTargets(ancestors, options.origin),
  };
  return { petition, options, frame, ancestors };
}

async function petitionView(c: Context<AppEnv>, petition: PetitionRecord, embed: Embedding): Promise<PetitionView> {
  const { count } = await readPublishedCount(c.env.KV, c.env.DB, petition);
  const shareUrl = new URL(`/embed/${petition.slug}`, c.req.url).href;
  return { ...embed.frame, petition, count, source: embed.options.source, shareUrl };
}

/** An embed page's own path, keeping the signer's language and the campaign's options. */
function embedPath(slug: string, page: "" | "/thanks", params: Record<string, string | undefined>): string {
  const query = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])));
  return `/embed/${slug}${page}?${query}`;
}

function htmlResponse(embed: Embedding, body: string, status: number): Response {
  const thankYouUrl = embed.petition?.thank_you_url;
  const policy = contentSecurityPolicy({
    nonce: embed.frame.nonce,
    frameAncestors: embed.ancestors,
    formTargets: thankYouUrl ? [new URL(thankYouUrl).origin] : [],
    turnstile: Boolean(embed.petition?.turnstile_site_key),
  });
  return new Response(body, {
    status,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": policy,
      "Cache-Control": "no-store",
      Vary: "Accept-Language",
    },
  });
}

/** An embed page of a petition anyone may see; the 404 page otherwise. */
async function petitionViewResponse(
  c: Context<AppEnv>,
  slug: string,
  options: EmbedOptions,
  render: (page: PetitionView) => string,
): Promise<Response> {
  const petition = await visiblePetition(c, slug);
  const embed = embedding(c, petition, options);
  if (!petition) {
    const problem = problems.petitionNotFound(slug);
    return htmlResponse(embed, problemPage(embed.frame, problem), problem.status);
  }
  return htmlResponse(embed, render(await petitionView(c, petition, embed)), 200);
}

const htmlContent = { "text/html": { schema: z.string() } };

function pageRoute<P extends string>(path: P, summary: string, page: string) {
  return createRoute({
    method: "get",
    path,
    summary,
    request: { params: SlugParam, query: EmbedOptions },
    responses: {
      200: { description: page, content: htmlContent },
      404: { description: "No such petition", content: htmlContent },
    },
  });
}

const formRoute = pageRoute(
  "/embed/{slug}",
  "The sign form: a self-contained HTML page to load in an iframe",
  "The form (or, once the petition is closed, a notice)",
);
const thanksRoute = pageRoute(
  "/embed/{slug}/thanks",
  "The thank-you page a signer without JavaScript is sent to",
  "Thanks, the published count and share links",
);

const widgetRoute = createRoute({
  method: "get",
  path: "/embed.js",
  summary: "The widget: inserts an auto-resizing iframe of /embed/SLUG where its script tag stands",
  middleware: [etag()] as const,
  responses: {
    200: { description: "The script; its ETag is its version", content: { "text/javascript": { schema: z.string() } } },
    304: { description: "Not modified" },
  },
});

export const embed = createRouter()
  .openapi(formRoute, (c) => {
    const state: FormState = { values: { country: (c.req.raw.cf?.country as string | undefined) ?? "" }, errors: [] };
    return petitionViewResponse(c, c.req.valid("param").slug, c.req.valid("query"), (page) =>
      formPage(page, state, isAcceptingSignatures(page.petition, new Date())),
    );
  })
  .openapi(thanksRoute, (c) => petitionViewResponse(c, c.req.valid("param").slug, c.req.valid("query"), thanksPage))
  .openapi(widgetRoute, (c) =>
    c.body(WIDGET_SCRIPT, 200, {
      "Content-Type": "text/javascript; charset=utf-8",
      // An hour in caches, then revalidated by ETag: a new version reaches every campaign site within the hour.
      "Cache-Control": "public, max-age=3600, stale-while-revalidate=86400",
    }),
  );

/** A form body from a client that prefers HTML to JSON: a browser posting the form without JavaScript. */
function isBrowserFormPost(c: Context<AppEnv>): boolean {
  const type = c.req.header("Content-Type")?.split(";")[0]?.trim().toLowerCase();
  const isForm = type === "application/x-www-form-urlencoded" || type === "multipart/form-data";
  return isForm && accepts(c, { header: "Accept", supports: ["application/json", "text/html"], default: "application/json" }) === "text/html";
}

/** The form's text fields as sent; empty when the body cannot be parsed. */
async function submittedForm(c: Context<AppEnv>): Promise<Record<string, string>> {
  try {
    const body = await c.req.parseBody();
    return Object.fromEntries(Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  } catch {
    return {};
  }
}

/**
 * The sign endpoint's answer to a browser posting the form without JavaScript, translated from
 * the API's own answer: success is a 303 to the thank-you page (or the petition's thank_you_url),
 * a 422 is the form again with the signer's input and each error by its field, anything else a
 * page with the problem. A repeat signature gets the same redirect as a first one.
 */
export const answerFormPostsWithPages: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!isBrowserFormPost(c)) return next();
  await next();

  const slug = c.req.param("slug") ?? "";
  // A body refused for its size is not read here either.
  const form = c.res.status === 413 ? {} : await submittedForm(c);
  const options = EmbedOptions.parse({ lang: form.locale, theme: form.theme, source: form.source });
  const petition = await visiblePetition(c, slug);
  const embed = embedding(c, petition, options);
  const { locale } = embed.frame;

  if (c.res.ok) {
    const thanks = petition?.thank_you_url ?? embedPath(slug, "/thanks", { lang: locale, theme: options.theme });
    c.res = new Response(null, { status: 303, headers: { Location: thanks } });
    return;
  }
  const problem = await c.res.json<Problem>();
  if (problem.status === 422 && petition) {
    const state: FormState = { values: form, errors: problem.errors ?? [] };
    const page = formPage(await petitionView(c, petition, embed), state, isAcceptingSignatures(petition, new Date()));
    c.res = htmlResponse(embed, page, 422);
    return;
  }
  const backToForm = petition ? embedPath(slug, "", { lang: locale, theme: options.theme, source: options.source }) : undefined;
  // Hono carries the API answer's headers over (Retry-After on a 429 or 503 among them).
  c.res = htmlResponse(embed, problemPage(embed.frame, problem, backToForm), problem.status);
};
