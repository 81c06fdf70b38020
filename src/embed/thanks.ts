/** The thank-you content: the published count and links to share the petition. */

import { formatNumber, pluralForm } from "../i18n/format";
import type { Messages } from "../i18n/messages";
import { type Html, html, messageHtml, messageText } from "../markup/html";
import type { ShareChannel } from "../schemas";
import { mintReferralCode, sharedLink } from "../signing/referral";

export interface ThanksContext extends ShareContent {
  locale: string;
  /** The published count. */
  count: number;
  messages: Messages;
  /** The petition counts a signature once confirmed by email: say so, to first and repeat signers alike. */
  confirmByEmail: boolean;
  /** False where the page shows its own share links right after the thanks (the petition page): one row, not two. */
  shareLinks: boolean;
}

/** What share links carry: the petition's link and the message before it (its share text, else the form's words). */
export interface ShareContent {
  title: string;
  shareText: string | null;
  shareUrl: string;
}

/** The share message: the petition's share text, else the form's words around its title. */
function shareMessage({ title, shareText }: ShareContent, messages: Messages): string {
  return shareText ?? messageText(messages.shareText, { title });
}

/** Each channel's own share URL, all with one new referral code, each link naming its channel. */
function shareLinks(share: ShareContent, messages: Messages, link: (channel: ShareChannel) => string) {
  const text = shareMessage(share, messages);
  const encode = encodeURIComponent;
  return [
    ["WhatsApp", `https://wa.me/?text=${encode(`${text} ${link("whatsapp")}`)}`],
    ["Telegram", `https://t.me/share/url?url=${encode(link("telegram"))}&text=${encode(text)}`],
    ["Facebook", `https://www.facebook.com/sharer/sharer.php?u=${encode(link("facebook"))}`],
    ["X", `https://x.com/intent/post?text=${encode(text)}&url=${encode(link("x"))}`],
    [messages.shareByEmail, `mailto:?subject=${encode(share.title)}&body=${encode(`${text}\n\n${link("email")}`)}`],
    [messages.shareLink, link("link")],
  ] satisfies [label: string, href: string][];
}

/**
 * The share links as a list named by the element `labelledBy`: plain links that work without
 * JavaScript, and last a button for the device's share sheet that the page script shows only where
 * the browser has `navigator.share`.
 */
export function shareList(share: ShareContent, messages: Messages, labelledBy: string): Html {
  const code = mintReferralCode();
  const link = (channel: ShareChannel) => sharedLink(share.shareUrl, code, channel);
  const links = shareLinks(share, messages, link).map(
    ([label, href]) => html`<li><a href="${href}" target="_blank" rel="noopener">${label}</a></li>`,
  );
  const sheet = html`<li hidden data-share-sheet><button type="button" data-title="${share.title}" data-text="${shareMessage(share, messages)}" data-url="${link("native")}">${messages.shareSheet}</button></li>`;
  return html`<ul class="share" aria-labelledby="${labelledBy}">${links}${sheet}</ul>`;
}

/** The count's sentence; the page script picks another of its forms when a signature brings a new count. */
function countLine({ locale, count, messages }: ThanksContext): Html {
  const sentence = messageHtml(pluralForm(locale, messages.thanksCount, count), {
    count: html`<strong>${formatNumber(locale, count)}</strong>`,
  });
  return html`<span data-count-forms="${JSON.stringify(messages.thanksCount)}">${sentence}</span>`;
}

/** The heading takes focus after a JavaScript signature (tabindex -1), so screen readers hear the thanks. */
export function thanksSection(context: ThanksContext): Html {
  const { messages } = context;
  const share = html`<p id="share-label">${messages.share}</p>
${shareList(context, messages, "share-label")}`;
  return html`<section aria-labelledby="thanks-title">
<h2 id="thanks-title" tabindex="-1">${messages.thanksTitle}</h2>
${context.confirmByEmail && html`<p class="notice">${messages.confirmation.pending}</p>`}
<p>${countLine(context)} ${messages.countUpdates}</p>
${context.shareLinks && share}
</section>`;
}
