/**
 * The sign form's pages: the embeddable form, its thank-you page, the embed.js widget, and the
 * petition's own shareable page. Rendering is in src/embed; the page plumbing in
 * pages.ts; this is the routes.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { etag } from "hono/etag";
import type { FormState } from "../../src/embed/form";
import { EmbedOptions } from "../../src/embed/options";
import { formPage, type PetitionView, problemPage, thanksPage } from "../../src/embed/pages";
import { type LinkPreview, petitionPage } from "../../src/embed/petition-page";
import { WIDGET_SCRIPT } from "../../src/embed/widget-script";
import { fieldErrors, problems } from "../../src/problems";
import { isAcceptingSignatures } from "../../src/store/accepting-signatures";
import { shareImageForLanguage } from "../../src/store/share-images";
import { SlugParam } from "../http/params";
import { loadPetition, type PetitionEnv, type UnknownPetitionAnswer } from "../http/petition";
import { createRouter, HEADERS, notModified, problemResponses, publicAccess } from "../http/router";
import { shareImageUrl } from "../http/share-image";
import type { AppEnv } from "../types";
import { type Embedding, embedding, htmlResponse, petitionPageUrl, petitionView, topLevel } from "./pages";

type Framing = (embed: Embedding) => Embedding;
const asEmbedded: Framing = (embed) => embed;

/** An unknown or draft petition's page is the 404 page, in the signer's language: not problem+json. */
function unknownPetitionPage(framing: Framing): UnknownPetitionAnswer {
  return (c, problem) => {
    const options = EmbedOptions.safeParse(c.req.query());
    if (!options.success) throw problems.validation(fieldErrors(options.error));
    const embed = framing(embedding(c, null, options.data));
    return htmlResponse(embed, problemPage(embed.frame, problem), problem.status);
  };
}

/** An embed page of the petition the route loaded. */
async function petitionViewResponse(
  c: Context<PetitionEnv>,
  options: EmbedOptions,
  render: (page: PetitionView) => string | Promise<string>,
  framing: Framing = asEmbedded,
): Promise<Response> {
  const petition = c.var.petition;
  const embed = framing(embedding(c, petition, options));
  return htmlResponse(embed, await render(await petitionView(c, petition, embed)), 200);
}

const htmlContent = { "text/html": { schema: z.string() } };

function pageRoute<P extends string>(
  path: P,
  operationId: string,
  summary: string,
  page: string,
  framing = asEmbedded,
) {
  return createRoute({
    method: "get",
    path,
    operationId,
    tags: ["Embed"],
    summary,
    security: publicAccess,
    middleware: [loadPetition("public", unknownPetitionPage(framing))] as const,
    request: { params: SlugParam, query: EmbedOptions },
    responses: {
      200: { description: page, content: htmlContent },
      404: { description: "No such petition", content: htmlContent },
      ...problemResponses(422),
    },
  });
}

const formRoute = pageRoute(
  "/embed/{slug}",
  "embedForm",
  "The sign form: a self-contained HTML page to load in an iframe",
  "The form (or, once the petition is closed, a notice)",
);
const thanksRoute = pageRoute(
  "/embed/{slug}/thanks",
  "embedThanks",
  "The thank-you page a signer without JavaScript is sent to",
  "Thanks, the published count and share links",
);

const petitionPageRoute = pageRoute(
  "/p/{slug}",
  "petitionPage",
  "The petition's own page, to share: the sign form, progress, share links, link-preview meta tags",
  "The page (the form, or once the petition is closed, a notice)",
  topLevel,
);

const widgetRoute = createRoute({
  method: "get",
  path: "/embed.js",
  operationId: "getEmbedScript",
  tags: ["Embed"],
  security: publicAccess,
  summary: "The widget: inserts an auto-resizing iframe of /embed/SLUG where its script tag stands",
  middleware: [etag()] as const,
  responses: {
    200: {
      description: "The script; its ETag is its version",
      headers: { ETag: HEADERS.ETag, "Cache-Control": HEADERS.CacheControl },
      content: { "text/javascript": { schema: z.string() } },
    },
    ...notModified,
  },
});

/**
 * The share image of the page's language (else the default) as link previews fetch it. None when KV
 * fails: a page without its picture beats no page.
 */
async function previewImage(c: Context<PetitionEnv>, slug: string, locale: string): Promise<LinkPreview["image"]> {
  const image = await shareImageForLanguage(c.env.KV, slug, locale).catch(() => null);
  return image && { ...image, url: shareImageUrl(c.env, c.req.url, slug, image) };
}

/** An empty form, its country preset to the edge's guess. */
function freshForm<E extends AppEnv>(c: Context<E>): FormState {
  return { values: { country: (c.req.raw.cf?.country as string | undefined) ?? "" }, errors: [] };
}

export const embedRoutes = createRouter()
  .openapi(formRoute, (c) =>
    petitionViewResponse(c, c.req.valid("query"), (page) =>
      formPage(page, freshForm(c), isAcceptingSignatures(page.petition, new Date())),
    ),
  )
  .openapi(petitionPageRoute, (c) => {
    const { slug } = c.req.valid("param");
    const render = async (page: PetitionView) => {
      const preview = { canonicalUrl: petitionPageUrl(c, slug), image: await previewImage(c, slug, page.locale) };
      return petitionPage(page, freshForm(c), isAcceptingSignatures(page.petition, new Date()), preview);
    };
    return petitionViewResponse(c, c.req.valid("query"), render, topLevel);
  })
  .openapi(thanksRoute, (c) => petitionViewResponse(c, c.req.valid("query"), thanksPage))
  .openapi(widgetRoute, (c) =>
    c.body(WIDGET_SCRIPT, 200, {
      "Content-Type": "text/javascript; charset=utf-8",
      // An hour in caches, then revalidated by ETag: a new version reaches every campaign site within the hour.
      "Cache-Control": "public, max-age=3600, stale-while-revalidate=86400",
    }),
  );
