/** What every console page shares: its policy and headers, the signed-in user, the form's fields. */
import type { Context } from "hono";
import { type Confirmation, confirmationPage } from "../../src/console/confirm-page";
import type { FormValues } from "../../src/console/form";
import type { ConsoleUserView } from "../../src/console/layout";
import { noticeOf } from "../../src/console/notices";
import { PetitionFields, PetitionStatus } from "../../src/schemas";
import { tallyIntervalSeconds } from "../config";
import { formTextFields } from "../http/body";
import { contentSecurityPolicy, htmlPage, nonceSource } from "../http/html";
import { newNonce } from "../http/nonce";
import { type ConsoleEnv, usesAccess } from "./auth";

/** Console pages load only their own nonce'd style and script, the Worker's charts and the form preview. */
function consolePolicy(nonce: string): string {
  return contentSecurityPolicy({
    "default-src": ["'none'"],
    "script-src": [nonceSource(nonce)],
    "style-src": [nonceSource(nonce)],
    "img-src": ["'self'"],
    "frame-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
  });
}

export function page(nonce: string, body: string, status = 200, headers: Record<string, string> = {}): Response {
  return htmlPage(body, consolePolicy(nonce), status, headers);
}

function userView(c: Context<ConsoleEnv>): ConsoleUserView {
  const { who, csrfToken } = c.get("consoleUser");
  return { who, csrfToken, signOut: usesAccess(c.env) ? "access" : "session" };
}

/** A page's frame: its nonce, the user, and the notice its URL's key names (never text from the URL). */
export function frameFor(c: Context<ConsoleEnv>) {
  return {
    nonce: newNonce(),
    user: userView(c),
    refreshSeconds: tallyIntervalSeconds(c.env),
    notice: noticeOf(c.req.query("notice")),
  };
}

/** The answer to a post that needs confirming: what it will do, and the same fields to post again. */
export function askToConfirm(c: Context<ConsoleEnv>, values: FormValues, confirmation: Omit<Confirmation, "fields">) {
  const frame = frameFor(c);
  return page(frame.nonce, confirmationPage(frame, { ...confirmation, fields: values }));
}

/** The form's text fields (the CSRF token aside). */
export function formValues(c: Context<ConsoleEnv>): Promise<FormValues> {
  return formTextFields(c);
}

/**
 * New petitions start from the API's own defaults, but as drafts: in the console an organiser
 * publishes on purpose, not by saving a half-written petition (the API keeps its default, open).
 */
export function newPetitionValues(): FormValues {
  const fields = PetitionFields.parse({});
  return {
    status: PetitionStatus.enum.draft,
    "fields.name": fields.name,
    "fields.postcode": fields.postcode,
  };
}

/** Slugs typed into one field, separated by commas or spaces. */
export function slugList(text: string | undefined): string[] {
  return (text ?? "").split(/[\s,]+/).filter(Boolean);
}

/** The names of ticked checkboxes named `<prefix><value>`, as their values. */
export function tickedNames(values: FormValues, prefix: string): string[] {
  return Object.keys(values)
    .filter((name) => name.startsWith(prefix))
    .map((name) => name.slice(prefix.length));
}

/** The removal's page, from the status URL the API answered with ("/v1/admin/removals/7"). */
export function removalPath(status: string): string {
  return `/admin/removals/${status.slice(status.lastIndexOf("/") + 1)}`;
}
