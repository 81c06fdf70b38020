/** The pages behind a confirmation link: a button to confirm (scanners follow links, so GET never confirms), and outcomes. */

import { messagesFor } from "../i18n/messages";
import { html, messageHtml } from "../markup/html";
import type { LinkState } from "../signing/confirmation";
import { documentHtml, type PageFrame } from "./pages";

export function confirmationPage(frame: PageFrame, state: LinkState, action: string): string {
  const { confirmation } = messagesFor(frame.locale);
  const notice = (text: string) => html`<p class="notice">${text}</p>`;
  switch (state.status) {
    case "waiting":
      return documentHtml(frame, {
        title: confirmation.pageTitle,
        main: html`<h1>${confirmation.pageTitle}</h1>
<p>${messageHtml(confirmation.pageText, { title: html`<bdi>${state.pending.title}</bdi>` })}</p>
<form method="post" action="${action}"><button type="submit">${confirmation.button}</button></form>`,
      });
    case "confirmed":
      return documentHtml(frame, {
        title: confirmation.confirmedTitle,
        main: html`<h1>${confirmation.confirmedTitle}</h1>
<p>${confirmation.confirmedText}</p>`,
      });
    default: {
      const text = {
        invalid: confirmation.invalid,
        expired: confirmation.expired,
        used: confirmation.used,
        "petition-closed": confirmation.closed,
      }[state.status];
      return documentHtml(frame, {
        title: confirmation.pageTitle,
        main: html`<h1>${confirmation.pageTitle}</h1>${notice(text)}`,
      });
    }
  }
}
