/**
 * The HTTP side of the embed pages, shared by their routes (routes.ts) and by the sign
 * route's answers to browsers (form-answers.ts): who may frame a page, its language, its headers.
 */

import type { Context } from "hono";
import { frameAncestors, messageTargets } from "../../src/embed/framing";
import type { EmbedOptions } from "../../src/embed/options";
import type { PageFrame, PetitionView } from "../../src/embed/pages";
import { chooseLocale } from "../../src/i18n/locale";
import { pageLanguage, petitionIn } from "../../src/i18n/petition-language";
import { type Petition, SLUG_PATTERN } from "../../src/schemas";
import { cachedPublicPetition } from "../../src/store/petition-cache";
import type { PetitionRecord } from "../../src/store/petitions";
import { readPublishedCount } from "../../src/tally/published-count";
import { petitionCacheOptions } from "../config";
import { htmlPage } from "../http/html";
import { newNonce } from "../http/nonce";
import type { AppEnv } from "../types";
import { embedPolicy } from "./headers";

/** A petition's embed pages and whoever embeds them. */
export interface Embedding {
  /** Null for an unknown or draft petition. */
  petition: Petition | null;
  options: EmbedOptions;
  frame: PageFrame;
  ancestors: string[];
}

export async function visiblePetition(c: Context<AppEnv>, slug: string): Promise<PetitionRecord | null> {
  return SLUG_PATTERN.test(slug) ? cachedPublicPetition(slug, petitionCacheOptions(c.env)) : null;
}

export function embedding<E extends AppEnv>(
  c: Context<E>,
  petition: Petition | null,
  options: EmbedOptions,
): Embedding {
  const ancestors = frameAncestors(petition?.embed_origins ?? [], c.env.EMBED_FRAME_ANCESTORS);
  const acceptLanguage = c.req.header("Accept-Language");
  const language = petition
    ? pageLanguage(petition, options.lang, acceptLanguage)
    : { locale: chooseLocale(options.lang, [], acceptLanguage), language: undefined, texts: undefined };
  const frame = {
    locale: language.locale,
    language: language.language,
    texts: language.texts,
    nonce: newNonce(),
    theme: options.theme,
    parentOrigins: messageTargets(ancestors, options.origin),
  };
  return {
    petition: petition && language.texts ? petitionIn(petition, language.texts) : petition,
    options,
    frame,
    ancestors,
  };
}

export async function petitionView<E extends AppEnv>(
  c: Context<E>,
  petition: PetitionRecord,
  embed: Embedding,
): Promise<PetitionView> {
  const { count } = await readPublishedCount(c.env.KV, c.env.DB, petition);
  return viewWithCount(c, petition, embed, count);
}

/** A page's view when the caller has the count already. */
export function viewWithCount<E extends AppEnv>(
  c: Context<E>,
  petition: Petition,
  embed: Embedding,
  count: number,
): PetitionView {
  const shareUrl = petition.share_url ?? petitionPageUrl(c, petition.slug);
  const { texts } = embed.frame;
  const shown = texts ? petitionIn(petition, texts) : petition;
  const { source, origin, ref, ch } = embed.options;
  const referral = ref ? { code: ref, channel: ch } : undefined;
  return { ...embed.frame, petition: shown, count, source, origin, referral, shareUrl };
}

/** The petition's own page (not the embed frame): what its share links lead to unless it has a share_url. */
export function petitionPageUrl<E extends AppEnv>(c: Context<E>, slug: string): string {
  return new URL(`/p/${slug}`, c.req.url).href;
}

/** A page that is nobody's frame: no site may frame it and it posts no events. */
export function topLevel(embed: Embedding): Embedding {
  return { ...embed, ancestors: [], frame: { ...embed.frame, parentOrigins: [] } };
}

/** An embed page's own path, keeping the signer's language and the campaign's options. */
export function embedPath(slug: string, page: "" | "/thanks", params: Record<string, string | undefined>): string {
  const query = new URLSearchParams(
    Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
  return `/embed/${slug}${page}?${query}`;
}

/** `challenged`: the page shows the challenge of a network over its limits, so Turnstile may load there whatever the petition says. */
export function htmlResponse(embed: Embedding, body: string, status: number, challenged = false): Response {
  const thankYouUrl = embed.petition?.thank_you_url;
  const policy = embedPolicy({
    nonce: embed.frame.nonce,
    frameAncestors: embed.ancestors,
    formTargets: thankYouUrl ? [new URL(thankYouUrl).origin] : [],
    turnstile: challenged || Boolean(embed.petition?.turnstile_site_key),
  });
  return htmlPage(body, policy, status, { Vary: "Accept-Language" });
}
