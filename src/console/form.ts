/**
 * The console's form fields and their errors. A field the admin API refuses shows, beside it and in
 * the summary at the top, what it takes in words an organiser understands ("Enter a title of at most
 * 200 characters"), never the validator's text; what was typed stays in the field.
 */
import { type Html, html } from "../markup/html";
import type { Problem } from "../schemas";

export type InputKind =
  | "text"
  | "textarea"
  | "number"
  | "url"
  | "email"
  | "datetime"
  | "select"
  | "list"
  | "lines"
  /** A section of its own (the petition's translations), not one input. */
  | "translations";

export interface FormField {
  /** The API's name for it: an error's path, or its start ("embed_origins.2" is embed_origins). */
  name: string;
  /** Its input's id, where two forms on one page send the same name; else derived from the name. */
  id?: string;
  label: string;
  kind: InputKind;
  /** What the field takes, said as what to do: the field's error whenever the API refuses it. */
  rule: string;
  /** Errors (by the API's or the console's message) that mean something other than breaking the rule. */
  messages?: Readonly<Record<string, string>>;
  hint?: string;
  options?: readonly string[];
  required?: boolean;
}

export type FormValues = Record<string, string>;

export const inputId = (field: Pick<FormField, "name" | "id">) => field.id ?? `f-${field.name.replaceAll(".", "-")}`;

/** Problems whose field errors mean something other than a broken rule. */
const PROBLEM_MESSAGES: Readonly<Record<string, string>> = {
  "/problems/slug-taken": "Another petition has this slug: choose another",
};

/** The form field an API error path belongs to ("embed_origins.2" → embed_origins); undefined for none. */
export function fieldOfErrorPath<F extends FormField>(fields: readonly F[], path: string): F | undefined {
  return fields.find((field) => path === field.name || path.startsWith(`${field.name}.`));
}

/**
 * The problem's field errors in words, one per field, by field name. An error no field of the form
 * takes (none should) is kept under its path as the API wrote it, so nothing refused goes unsaid.
 */
export function errorMessages(problem: Problem | undefined, fields: readonly FormField[]): Map<string, string> {
  const messages = new Map<string, string>();
  const problemMessage = problem && PROBLEM_MESSAGES[problem.type];
  for (const error of problem?.errors ?? []) {
    const field = fieldOfErrorPath(fields, error.path);
    if (!field) messages.set(error.path, `${error.path}: ${error.message}`);
    else if (!messages.has(field.name))
      messages.set(field.name, problemMessage ?? field.messages?.[error.message] ?? field.rule);
  }
  return messages;
}

/** A field: label, hint, input with what was typed, and its error when it has one. */
export function formField(field: FormField, value: string, error: string | undefined): Html {
  const id = inputId(field);
  const described = [field.hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ");
  const attrs = html` id="${id}" name="${field.name}"${field.required && html` required`}${described && html` aria-describedby="${described}"`}${error && html` aria-invalid="true"`}`;
  return html`<div class="field">
<label for="${id}">${field.label}</label>
${field.hint && html`<p class="hint" id="${id}-hint">${field.hint}</p>`}
${input(field, attrs, value)}
${error && html`<p class="error" id="${id}-error">${error}</p>`}
</div>`;
}

function input(field: FormField, attrs: Html, value: string): Html {
  switch (field.kind) {
    case "select":
      return html`<select${attrs}>${field.options!.map((o) => html`<option${o === value && html` selected`}>${o}</option>`)}</select>`;
    case "textarea":
    case "lines":
      return html`<textarea${attrs} rows="${field.kind === "lines" ? 3 : 4}">${value}</textarea>`;
    case "number":
      return html`<input${attrs} type="number" min="1" inputmode="numeric" value="${value}">`;
    case "datetime":
      // Seconds only when the value has them (a closing time set through the API), so saving keeps them.
      return html`<input${attrs} type="datetime-local"${value.length > 16 && html` step="1"`} value="${value}">`;
    case "url":
    case "email":
      return html`<input${attrs} type="${field.kind}" value="${value}">`;
    default:
      return html`<input${attrs} type="text" value="${value}">`;
  }
}

/** Inputs under one name of the API's (a list's checkboxes, a request's criteria), with that name's error. */
export function fieldGroup(field: FormField, inputs: Html[], error: string | undefined): Html {
  const id = inputId(field);
  return html`<fieldset class="field" id="${id}"${error && html` aria-describedby="${id}-error"`}><legend>${field.label}</legend>
${inputs}
${error && html`<p class="error" id="${id}-error">${error}</p>`}</fieldset>`;
}

/** The problem at the top: each field's error a link to its field; a problem of no field, its title and detail. */
export function errorSummary(problem: Problem, fields: readonly FormField[] = []): Html {
  const messages = errorMessages(problem, fields);
  const items = [...messages].map(([name, message]) => {
    const field = fieldOfErrorPath(fields, name);
    return field ? html`<li><a href="#${inputId(field)}">${message}</a></li>` : html`<li>${message}</li>`;
  });
  return html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${items.length ? "There is a problem" : problem.title}</h2>
${items.length ? html`<ul>${items}</ul>` : problem.detail && html`<p>${problem.detail}</p>`}
</div>`;
}
