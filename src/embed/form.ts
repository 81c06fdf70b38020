/**
 * The sign form. It posts to the sign endpoint as an ordinary HTML form, so it works without
 * JavaScript; the page script takes over when it can. Field ids are `field-NAME` and each field's
 * note is `NAME-error`, where NAME is the path the API's problem `errors` use.
 */

import { countryNames } from "../i18n/country-names";
import type { Messages } from "../i18n/messages";
import { type Html, html, messageHtml } from "../markup/html";
import type { FieldError } from "../problems";
import type { Petition } from "../schemas";
import { TURNSTILE_FIELD } from "../signing/turnstile";

/** The form as the signer left it: raw submitted values, and what was wrong with them. */
export interface FormState {
  values: Readonly<Record<string, string>>;
  errors: readonly FieldError[];
  /** The signer's network is over its limits: the challenge (its Turnstile site key) that lets them sign now. */
  challenge?: { siteKey: string };
}

export interface SignFormContext {
  petition: Petition;
  messages: Messages;
  locale: string;
  /** The petition's language the page is in: stored with the signature (else the page's locale). */
  language?: string;
  /** Sent back with the signature: stored for attribution, and keeps the look after a no-JS post. */
  source?: string;
  /** The shared link the signer came through: sent back with the signature, for share tracking. */
  referral?: { code: string; channel?: string };
  theme?: string;
  /** The embedding page's origin (embed.js's), kept through a post: the form answered with a challenge still talks to it. */
  origin?: string;
}

/** The note each error path of the API's problems gets; other paths only make the form-level message. */
const NOTES = new Map<string, keyof Messages["errors"]>([
  ["name", "name"],
  ["email", "email"],
  ["country", "country"],
  ["postcode", "postcode"],
  [TURNSTILE_FIELD, "challenge"],
]);

export const PETITION_NOT_FOUND = "/problems/petition-not-found";

/** The problems a signer can meet, by type, in their words; others are only "failed". */
function problemTexts(messages: Messages): Record<string, string> {
  const { problems } = messages;
  return {
    [PETITION_NOT_FOUND]: problems.notFound,
    "/problems/petition-closed": messages.closed,
    "/problems/rate-limited": problems.rateLimited,
    // Where it is not answered by the form with the challenge (no form to show it in), waiting is what is left.
    "/problems/challenge-required": problems.rateLimited,
    "/problems/signing-unavailable": problems.unavailable,
    "/problems/verification-unavailable": problems.unavailable,
    "/problems/forbidden-origin": problems.forbiddenOrigin,
  };
}

export function problemText(type: string, messages: Messages): string | undefined {
  const texts = problemTexts(messages);
  return Object.hasOwn(texts, type) ? texts[type] : undefined;
}

/** A field's note; the example address is isolated in <bdi>, so right-to-left text does not move its punctuation. */
function noteFor(path: string, messages: Messages): Html | undefined {
  const key = NOTES.get(path);
  return key && messageHtml(messages.errors[key], { example: html`<bdi>${messages.emailExample}</bdi>` });
}

/** Every field's note is in the page, hidden unless it applies, so the script shows notes without knowing the language. */
function note(path: string, text: Html, shown: boolean): Html {
  return html`<p class="error" id="${path}-error"${shown ? "" : html` hidden`}>${text}</p>`;
}

/** aria-invalid and aria-describedby only while the field is wrong: a hidden note must not describe it. */
function invalidAttributes(path: string, invalid: boolean): Html | string {
  return invalid ? html` aria-invalid="true" aria-describedby="${path}-error"` : "";
}

interface TextFieldSpec {
  name: "name" | "email" | "postcode";
  label: string;
  type: "text" | "email";
  autocomplete: string;
  maxlength: number;
  required: boolean;
}

/** Typed text keeps its own direction (dir=auto): an Arabic name on an English page, an address on an Arabic one. */
function textField(spec: TextFieldSpec, state: FormState, context: SignFormContext): Html {
  const { name } = spec;
  const invalid = state.errors.some((error) => error.path === name);
  const optional = !spec.required && html` <span class="optional">${context.messages.optional}</span>`;
  const flags = html`${spec.required && html` required`}${invalidAttributes(name, invalid)}`;
  return html`<div class="field">
<label for="field-${name}">${spec.label}${optional}</label>
<input id="field-${name}" name="${name}" type="${spec.type}" dir="auto" autocomplete="${spec.autocomplete}" maxlength="${spec.maxlength}"${flags} value="${state.values[name] ?? ""}">
${note(name, noteFor(name, context.messages)!, invalid)}
</div>`;
}

function countryField(state: FormState, context: SignFormContext): Html {
  const invalid = state.errors.some((error) => error.path === "country");
  const chosen = state.values.country?.toUpperCase() ?? "";
  const options = countryNames(context.locale).map(
    ([code, name]) => html`<option value="${code}"${code === chosen && html` selected`}>${name}</option>`,
  );
  return html`<div class="field">
<label for="field-country">${context.messages.country}</label>
<select id="field-country" name="country" autocomplete="country"${invalidAttributes("country", invalid)}>
<option value="">${context.messages.chooseCountry}</option>${options}
</select>
${note("country", noteFor("country", context.messages)!, invalid)}
</div>`;
}

function consentField(consentText: string, state: FormState): Html {
  return html`<div class="check">
<input type="checkbox" id="field-consent" name="consent"${state.values.consent && html` checked`}>
<label for="field-consent" dir="auto">${consentText}</label>
</div>`;
}

/** Off-screen and out of the accessibility tree and tab order: only bots that fill every field find it. */
const HONEYPOT = html`<div class="hp" aria-hidden="true"><label for="field-website">Website</label><input type="text" id="field-website" name="website" tabindex="-1" autocomplete="off"></div>`;

/** The petition's own Turnstile widget, else the challenge's when the signer's network is over its limits. */
export function widgetSiteKey(petition: Petition, state: FormState): string | undefined {
  return petition.turnstile_site_key ?? state.challenge?.siteKey;
}

/** Turnstile needs JavaScript: without it, a challenged signer is told to wait for the network's limit instead. */
function turnstileWidget(siteKey: string, state: FormState, context: SignFormContext): Html {
  const failed = state.errors.some((error) => error.path === TURNSTILE_FIELD);
  const withoutScript = state.challenge && html`<noscript><p>${context.messages.problems.rateLimited}</p></noscript>`;
  return html`<div class="field"><div class="cf-turnstile" data-sitekey="${siteKey}" data-language="${context.locale}"></div>
${note(TURNSTILE_FIELD, noteFor(TURNSTILE_FIELD, context.messages)!, failed)}${withoutScript}</div>`;
}

/** The live region the script announces in; after a no-JS post it says what went wrong when no field is to blame. */
function statusLine(state: FormState, messages: Messages): Html {
  const noted = state.errors.some((error) => noteFor(error.path, messages));
  const text = state.errors.length === 0 || noted ? "" : messages.failed;
  const problems = JSON.stringify(problemTexts(messages));
  return html`<p id="status" class="status" role="status" aria-live="polite" data-sending="${messages.sending}" data-fix="${messages.fixErrors}" data-failed="${messages.failed}" data-problems="${problems}">${text}</p>`;
}

/** Where a summary link takes the signer: the field, or the note where there is no field of ours (Turnstile's). */
const errorTarget = (path: string) => (path === TURNSTILE_FIELD ? `${path}-error` : `field-${path}`);

/**
 * After a post without JavaScript, the errors come first, each a link to its field (as GOV.UK forms
 * do): a cross-origin frame may not autofocus, and then this is the first thing the keyboard reaches.
 * A challenge says why it is asked for in the summary's heading.
 */
function errorSummary(state: FormState, messages: Messages): Html | "" {
  const items = state.errors.flatMap(({ path }) => {
    const text = noteFor(path, messages);
    return text ? [html`<li><a href="#${errorTarget(path)}">${text}</a></li>`] : [];
  });
  if (items.length === 0) return "";
  return html`<div id="error-summary" class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
<h2 id="error-summary-title">${state.challenge ? messages.problems.challenge : messages.fixErrors}</h2>
<ul>${items}</ul>
</div>`;
}

export function signForm(context: SignFormContext, state: FormState): Html {
  const { petition, messages } = context;
  const { fields } = petition;
  const field = (spec: TextFieldSpec) => textField(spec, state, context);
  const siteKey = widgetSiteKey(petition, state);
  // maxlength mirrors SignatureInput's limits.
  const name = {
    name: "name",
    label: messages.name,
    type: "text",
    autocomplete: "name",
    maxlength: 200,
    required: fields.name === "required",
  } as const;
  const email = {
    name: "email",
    label: messages.email,
    type: "email",
    autocomplete: "email",
    maxlength: 254,
    required: true,
  } as const;
  const postcode = {
    name: "postcode",
    label: messages.postcode,
    type: "text",
    autocomplete: "postal-code",
    maxlength: 20,
    required: fields.postcode === "required",
  } as const;
  return html`${statusLine(state, messages)}
${errorSummary(state, messages)}
<form method="post" action="/v1/petitions/${petition.slug}/signatures" novalidate data-sign>
${fields.name !== "off" && field(name)}
${field(email)}
${countryField(state, context)}
${fields.postcode !== "off" && field(postcode)}
${petition.consent_text && consentField(petition.consent_text, state)}
${petition.privacy_url && html`<p><a href="${petition.privacy_url}" target="_blank" rel="noopener">${messages.privacy}</a></p>`}
${HONEYPOT}
<input type="hidden" name="locale" value="${context.language ?? context.locale}">
${context.source && html`<input type="hidden" name="source" value="${context.source}">`}
${context.referral && html`<input type="hidden" name="referral" value="${context.referral.code}">`}
${context.referral?.channel && html`<input type="hidden" name="channel" value="${context.referral.channel}">`}
${context.theme && html`<input type="hidden" name="theme" value="${context.theme}">`}
${context.origin && html`<input type="hidden" name="origin" value="${context.origin}">`}
${siteKey && turnstileWidget(siteKey, state, context)}
<button type="submit">${messages.submit}</button>
</form>`;
}
