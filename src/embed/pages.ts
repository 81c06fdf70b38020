/** The embed pages: the sign form, the thank-you page, and the page that says why a request failed. */

import { formatNumber, pluralForm } from "../i18n/format";
import { textDirection } from "../i18n/locale";
import { type Messages, messagesFor } from "../i18n/messages";
import { type Html, html, messageText, trustedHtml } from "../markup/html";
import type { Petition, Problem } from "../schemas";
import { type FormState, PETITION_NOT_FOUND, problemText, signForm, widgetSiteKey } from "./form";
import { PAGE_SCRIPT } from "./page-script";
import { EMBED_CSS, themeCss } from "./styles";
import { type ThanksContext, thanksSection } from "./thanks";

const TURNSTILE_SCRIPT_URL = "https://challenges.cloudflare.com/turnstile/v0/api.js";

/** What every embed page needs besides its content. */
export interface PageFrame {
  /** The catalogue the page's own words come from. */
  locale: string;
  /** The language a signature made here is stored with: the petition's language the page is in, else `locale`. */
  language?: string;
  /** The language of the petition's texts on the page (one of its languages, or the one asked for: texts fall back). */
  texts?: string;
  /** This response's CSP nonce, for the page's one <style> and its scripts. */
  nonce: string;
  theme?: string;
  /** Where the page script may post its events (see messageTargets). */
  parentOrigins: readonly string[];
}

export interface PetitionView extends PageFrame {
  petition: Petition;
  /** The published count. */
  count: number;
  source?: string;
  /** The embedding page's origin as embed.js declared it: kept through a form post, so the next page still talks to it. */
  origin?: string;
  /** The shared link this page was reached through (its referral code and channel), sent with the signature. */
  referral?: { code: string; channel?: string };
  /** The petition's own link, for sharing. */
  shareUrl: string;
}

export interface Document {
  title: string;
  /** Extra elements for <head>: a full page's meta tags and its own styles. */
  head?: Html;
  main: Html;
  slug?: string;
  thankYouUrl?: string | null;
  turnstile?: boolean;
}

export function documentHtml(frame: PageFrame, document: Document): string {
  return html`<!doctype html>
<html lang="${frame.locale}" dir="${textDirection(frame.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${document.title}</title>
<style nonce="${frame.nonce}">${trustedHtml(EMBED_CSS)}${frame.theme && themeCss(frame.theme)}</style>
${document.head}
</head>
<body data-petition="${document.slug ?? ""}" data-parent="${frame.parentOrigins.join(" ")}"${document.thankYouUrl && html` data-thanks="${document.thankYouUrl}"`}>
<main>
${document.main}
</main>
<script nonce="${frame.nonce}">${trustedHtml(PAGE_SCRIPT)}</script>
${document.turnstile && html`<script src="${TURNSTILE_SCRIPT_URL}" nonce="${frame.nonce}" async defer></script>`}
</body>
</html>
`.text;
}

export function petitionHeader(page: PetitionView, messages: Messages): Html {
  const { petition, locale } = page;
  const progress = messageText(pluralForm(locale, messages.progress, page.count), {
    count: formatNumber(locale, page.count),
    goal: formatNumber(locale, petition.goal),
  });
  // The petition's own words may be in another language than the page: their direction is their own.
  return html`<h1 dir="auto">${petition.title}</h1>
<p dir="auto">${petition.summary}</p>
<label for="progress">${progress}</label>
<progress id="progress" max="${petition.goal}" value="${Math.min(page.count, petition.goal)}"></progress>`;
}

/** Whether the thanks has the share links (see ThanksContext). */
type ThanksOptions = Pick<ThanksContext, "shareLinks">;

function thanks(page: PetitionView, messages: Messages, { shareLinks }: ThanksOptions): Html {
  const confirmByEmail = page.petition.confirmation === "email";
  const { locale, count, shareUrl } = page;
  const { title, share_text: shareText } = page.petition;
  return thanksSection({ title, shareText, locale, count, shareUrl, messages, confirmByEmail, shareLinks });
}

/** The form and the thanks it turns into, or a notice when the petition no longer takes signatures. */
export function signSection(
  page: PetitionView,
  state: FormState,
  accepting: boolean,
  messages: Messages,
  thanksOptions: ThanksOptions,
): Html {
  const { petition } = page;
  return accepting
    ? html`${signForm(
        {
          petition,
          messages,
          locale: page.locale,
          language: page.language,
          source: page.source,
          origin: page.origin,
          referral: page.referral,
          theme: page.theme,
        },
        state,
      )}
<template id="thanks">${thanks(page, messages, thanksOptions)}</template>`
    : html`<p class="notice">${messages.closed}</p>`;
}

/** The form, or a notice when the petition no longer takes signatures. */
export function formPage(page: PetitionView, state: FormState, accepting: boolean): string {
  const messages = messagesFor(page.locale);
  const { petition } = page;
  const body = signSection(page, state, accepting, messages, { shareLinks: true });
  return documentHtml(page, {
    title: petition.title,
    main: html`${petitionHeader(page, messages)}
${body}`,
    slug: petition.slug,
    thankYouUrl: petition.thank_you_url,
    turnstile: accepting && Boolean(widgetSiteKey(petition, state)),
  });
}

export function thanksPage(page: PetitionView): string {
  const messages = messagesFor(page.locale);
  return documentHtml(page, {
    title: page.petition.title,
    main: html`${petitionHeader(page, messages)}
${thanks(page, messages, { shareLinks: true })}`,
    slug: page.petition.slug,
  });
}

/**
 * Why a page could not be shown or a signature taken, in the page's language. A problem a signer
 * is not expected to meet keeps the API's English words too, marked as such, for whoever helps them.
 */
export function problemPage(
  frame: PageFrame,
  problem: Pick<Problem, "type" | "title" | "detail">,
  backToForm?: string,
): string {
  const messages = messagesFor(frame.locale);
  const heading =
    problem.type === PETITION_NOT_FOUND && !backToForm ? messages.problems.notFoundTitle : messages.notSigned;
  const explained = problemText(problem.type, messages);
  const english = html`<p lang="en" dir="ltr">${problem.title}${problem.detail && `: ${problem.detail}`}</p>`;
  return documentHtml(frame, {
    title: heading,
    main: html`<h1>${heading}</h1>
<p>${explained ?? messages.failed}</p>${!explained && english}
${backToForm && html`<p><a href="${backToForm}">${messages.back}</a></p>`}`,
  });
}
