/** The thank-you content: the published count and links to share the petition. */

import { formatNumber, pluralForm } from "../i18n/format";
import type { Messages } from "../i18n/messages";
import { type Html, html, messageHtml, messageText } from "../markup/html";

export interface ThanksContext {
  title: string;
  locale: string;
  /** The published count. */
  count: number;
  shareUrl: string;
  messages: Messages;
  /** The petition counts a signature once confirmed by email: say so, to first and repeat signers alike. */
  confirmByEmail: boolean;
  /** False where the page shows its own share links right after the thanks (the petition page): one row, not two. */
  shareLinks: boolean;
}

/** Each network's own share URL, with the petition's link and a line about it. */
function shareLinks(title: string, shareUrl: string, messages: Messages): [label: string, href: string][] {
  const text = messageText(messages.shareText, { title });
  const encode = encodeURIComponent;
  return [
    ["WhatsApp", `https://wa.me/?text=${encode(`${text} ${shareUrl}`)}`],
    ["Telegram", `https://t.me/share/url?url=${encode(shareUrl)}&text=${encode(text)}`],
    ["Facebook", `https://www.facebook.com/sharer/sharer.php?u=${encode(shareUrl)}`],
    ["X", `https://x.com/intent/post?text=${encode(text)}&url=${encode(shareUrl)}`],
    [messages.shareByEmail, `mailto:?subject=${encode(title)}&body=${encode(`${text}\n\n${shareUrl}`)}`],
  ];
}

/** The share links as a list named by the element `labelledBy`. */
export function shareList(title: string, shareUrl: string, messages: Messages, labelledBy: string): Html {
  const links = shareLinks(title, shareUrl, messages).map(
    ([label, href]) => html`<li><a href="${href}" target="_blank" rel="noopener">${label}</a></li>`,
  );
  return html`<ul class="share" aria-labelledby="${labelledBy}">${links}</ul>`;
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
${shareList(context.title, context.shareUrl, messages, "share-label")}`;
  return html`<section aria-labelledby="thanks-title">
<h2 id="thanks-title" tabindex="-1">${messages.thanksTitle}</h2>
${context.confirmByEmail && html`<p class="notice">${messages.confirmation.pending}</p>`}
<p>${countLine(context)} ${messages.countUpdates}</p>
${context.shareLinks && share}
</section>`;
}
