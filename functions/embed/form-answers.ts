/**
 * The sign route's answers to a browser posting the form without JavaScript: pages instead of JSON,
 * translated from the API's own answer so both always agree.
 */
import type { Context, MiddlewareHandler } from "hono";
import { accepts } from "hono/accepts";
import type { FormState } from "../../src/embed/form";
import { EmbedOptions } from "../../src/embed/options";
import { formPage, problemPage } from "../../src/embed/pages";
import type { Problem } from "../../src/schemas";
import { isAcceptingSignatures } from "../../src/store/accepting-signatures";
import { formTextFields, mediaType } from "../http/body";
import { publicSigningPetition } from "../http/signing-petition";
import type { AppEnv } from "../types";
import { embedding, embedPath, htmlResponse, petitionView } from "./pages";

/** A form body from a client that prefers HTML to JSON: a browser posting the form without JavaScript. */
function isBrowserFormPost(c: Context<AppEnv>): boolean {
  const type = mediaType(c);
  const isForm = type === "application/x-www-form-urlencoded" || type === "multipart/form-data";
  return (
    isForm &&
    accepts(c, { header: "Accept", supports: ["application/json", "text/html"], default: "application/json" }) ===
      "text/html"
  );
}

/** The form's text fields as sent; empty when the body cannot be parsed. */
function submittedForm(c: Context<AppEnv>): Promise<Record<string, string>> {
  return formTextFields(c).catch(() => ({}));
}

/**
 * The form again, as the signer sent it: with each field's error, or with the challenge their network
 * must pass (its widget, and its note as the one error to fix).
 */
function formStateAfter(problem: Problem, values: Record<string, string>): FormState {
  if (!problem.challenge) return { values, errors: problem.errors ?? [] };
  return {
    values,
    errors: [{ path: problem.challenge.field, message: problem.detail ?? problem.title }],
    challenge: { siteKey: problem.challenge.site_key },
  };
}

/**
 * The sign endpoint's answer to a browser posting the form without JavaScript, translated from
 * the API's own answer: success is a 303 to the thank-you page (or the petition's thank_you_url),
 * a 422 is the form again with the signer's input and each error by its field, a challenge (a
 * network over its limits) the form again with the challenge, anything else a page with the
 * problem. A repeat signature gets the same redirect as a first one.
 */
export const answerFormPostsWithPages: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!isBrowserFormPost(c)) return next();
  await next();

  const slug = c.req.param("slug") ?? "";
  // A body refused for its size is not read here either.
  const form = c.res.status === 413 ? {} : await submittedForm(c);
  const options = EmbedOptions.parse({
    lang: form.locale,
    theme: form.theme,
    source: form.source,
    origin: form.origin,
    ref: form.referral,
    ch: form.channel,
  });
  const petition = await publicSigningPetition(c);
  const embed = embedding(c, petition, options);
  const { locale } = embed.frame;

  if (c.res.ok) {
    const thanks = petition?.thank_you_url ?? embedPath(slug, "/thanks", { lang: locale, theme: options.theme });
    c.res = new Response(null, { status: 303, headers: { Location: thanks } });
    return;
  }
  const problem = await c.res.json<Problem>();
  if ((problem.status === 422 || problem.challenge) && petition) {
    const state = formStateAfter(problem, form);
    const page = formPage(await petitionView(c, petition, embed), state, isAcceptingSignatures(petition, new Date()));
    // Hono carries the API answer's headers over (Retry-After on a challenge's 429 among them).
    c.res = htmlResponse(embed, page, problem.status, Boolean(state.challenge));
    return;
  }
  const backToForm = petition
    ? embedPath(slug, "", {
        lang: locale,
        theme: options.theme,
        source: options.source,
        ref: options.ref,
        ch: options.ch,
      })
    : undefined;
  // Hono carries the API answer's headers over (Retry-After on a 429 or 503 among them).
  c.res = htmlResponse(embed, problemPage(embed.frame, problem, backToForm), problem.status);
};
