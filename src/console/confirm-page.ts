/**
 * A change that cannot be taken back quietly (closing, erasure, invalidation) is stated before it is
 * made. It works without JavaScript: the first post answers with this page, whose form posts the same
 * fields again with CONFIRM_FIELD; a post without it acts on nothing.
 */
import { type Html, html } from "../markup/html";
import type { FormValues } from "./form";
import { type ConsoleFrame, type ConsoleUserView, consoleDocument, csrfInput } from "./layout";

export const CONFIRM_FIELD = "confirm";
const CONFIRMED = "yes";

/** Whether the post is the confirming one. */
export function isConfirmed(values: FormValues): boolean {
  return values[CONFIRM_FIELD] === CONFIRMED;
}

export interface Confirmation {
  /** The question: "Close “Save the river”?" */
  title: string;
  /** What will happen, one sentence each, with the figures at hand. */
  consequences: Html[];
  /** Where the first post went: the confirming post goes there too. */
  action: string;
  /** The fields the first post sent, sent again (the CSRF token is the page's own). */
  fields: FormValues;
  /** The confirming button's words: the action itself ("Close petition"). */
  button: string;
  /** Where "Cancel" leads. */
  back: string;
}

export function confirmationPage(frame: ConsoleFrame & { user: ConsoleUserView }, confirm: Confirmation): string {
  const kept = Object.entries(confirm.fields).filter(([name]) => name !== "csrf" && name !== CONFIRM_FIELD);
  return consoleDocument(
    frame,
    confirm.title,
    html`<h1>${confirm.title}</h1>
<section aria-labelledby="consequences-title"><h2 id="consequences-title">What happens</h2>
<ul>${confirm.consequences.map((sentence) => html`<li>${sentence}</li>`)}</ul>
<form method="post" action="${confirm.action}" class="actions spaced">${csrfInput(frame.user)}
${kept.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<input type="hidden" name="${CONFIRM_FIELD}" value="${CONFIRMED}">
<button type="submit" class="danger">${confirm.button}</button>
<a href="${confirm.back}">Cancel</a></form></section>`,
  );
}
