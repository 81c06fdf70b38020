/**
 * A petition's own page (/p/SLUG), the one worth sharing: full-page and mobile-first, with the
 * embed's sign form (the same code), progress, share links, and the meta tags that link previews
 * (Open Graph, Twitter cards) read. Like the embed, it works without JavaScript.
 */

import { messagesFor } from "../i18n/messages";
import { petitionLanguages } from "../i18n/petition-language";
import { type Html, html, trustedHtml } from "../markup/html";
import type { FormState } from "./form";
import { documentHtml, type PetitionView, petitionHeader, signSection } from "./pages";
import { shareList } from "./thanks";

/** On top of the embed's stylesheet: a card on a grey page from tablet width up, room for the petition's text. */
const PAGE_CSS = `body{padding:0;background:#f4f4f5}
main{max-width:40rem;background:#fff;padding:1.25rem 1rem 2rem}
@media (min-width:42rem){main{margin:2rem auto;padding:2rem 2.5rem;border-radius:.5rem}}
h1{font-size:1.75rem}
.petition-body{white-space:pre-line;margin-bottom:1.5rem}
.share-block{margin-top:2rem;padding-top:1rem;border-top:1px solid #d4d4d8}`;

/** Open Graph writes locales as language_TERRITORY (pt_BR). */
const ogLocale = (locale: string) => locale.replace("-", "_");

/** What a link preview needs besides the page: its canonical URL, and its picture when the organiser gave one. */
export interface LinkPreview {
  canonicalUrl: string;
  image: { url: string; type: string; width: number; height: number } | null;
}

/** The page in `language`: its address with ?lang=. */
function languageUrl(pageUrl: string, language: string): string {
  const url = new URL(pageUrl);
  url.searchParams.set("lang", language);
  return url.href;
}

/**
 * One address per language the petition is offered in (hreflang), the unqualified address as
 * x-default (it answers in the reader's language); the page's own language is its canonical address.
 */
function languageLinks(page: PetitionView, pageUrl: string): { canonical: string; links: Html[] } {
  const languages = petitionLanguages(page.petition);
  const shown = page.texts && languages.includes(page.texts) ? page.texts : page.petition.language;
  const links = [
    ...languages.map((tag) => html`<link rel="alternate" hreflang="${tag}" href="${languageUrl(pageUrl, tag)}">`),
    html`<link rel="alternate" hreflang="x-default" href="${pageUrl}">`,
  ];
  const canonical = shown === page.petition.language ? pageUrl : languageUrl(pageUrl, shown);
  return { canonical, links };
}

function linkPreviewMeta(page: PetitionView, preview: LinkPreview): Html {
  const { title, summary } = page.petition;
  const { image } = preview;
  const { canonical: canonicalUrl, links } = languageLinks(page, preview.canonicalUrl);
  const shown = page.texts ?? page.locale;
  const alternates = petitionLanguages(page.petition).filter((tag) => tag !== shown);
  return html`<meta name="description" content="${summary}">
<link rel="canonical" href="${canonicalUrl}">
${links}
<meta property="og:type" content="website">
<meta property="og:title" content="${title}">
<meta property="og:description" content="${summary}">
<meta property="og:url" content="${canonicalUrl}">
<meta property="og:locale" content="${ogLocale(shown)}">
${alternates.map((tag) => html`<meta property="og:locale:alternate" content="${ogLocale(tag)}">`)}
${
  image &&
  html`<meta property="og:image" content="${image.url}">
<meta property="og:image:type" content="${image.type}">
<meta property="og:image:width" content="${image.width}">
<meta property="og:image:height" content="${image.height}">
<meta property="og:image:alt" content="${title}">
`
}<meta name="twitter:card" content="${image ? "summary_large_image" : "summary"}">
<meta name="twitter:title" content="${title}">
<meta name="twitter:description" content="${summary}">`;
}

export function petitionPage(page: PetitionView, state: FormState, accepting: boolean, preview: LinkPreview): string {
  const messages = messagesFor(page.locale);
  const { petition } = page;
  return documentHtml(page, {
    title: petition.title,
    head: html`${linkPreviewMeta(page, preview)}
<style nonce="${page.nonce}">${trustedHtml(PAGE_CSS)}</style>`,
    main: html`${petitionHeader(page, messages)}
${petition.body && html`<div class="petition-body" dir="auto">${petition.body}</div>`}
${signSection(page, state, accepting, messages, { shareLinks: false })}
<section class="share-block" aria-labelledby="share-block-label">
<p id="share-block-label">${messages.share}</p>
${shareList({ title: petition.title, shareText: petition.share_text, shareUrl: page.shareUrl }, messages, "share-block-label")}
</section>`,
    slug: petition.slug,
    thankYouUrl: petition.thank_you_url,
    turnstile: accepting && Boolean(petition.turnstile_site_key),
  });
}
