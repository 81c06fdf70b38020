/** The console's partner pages: API keys (with the audit list) and a petition's CSV import. Every value goes through `html`. */
import { type Html, html } from "../markup/html";
import type { Problem, Scope } from "../schemas";
import { errorMessages, errorSummary, type FormField, fieldGroup, formField } from "./form";
import { dateTime, number } from "./format";
import { type ConsoleFrame, type ConsoleUserView, consoleDocument, csrfInput } from "./layout";
import { secretShownOnce } from "./pages";

/** A key as GET /v1/admin/api-keys lists it. */
export interface KeyView {
  id: string;
  name: string;
  petitions: string[] | null;
  scopes: string[];
  rate_limit_per_minute: number;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
  signatures: number;
}

export interface AuditView {
  at: string;
  actor: string;
  action: string;
  subject: string;
}

export interface KeysPageState {
  keys: KeyView[];
  audit: AuditView[];
  /** Just created: its secret, shown this once. */
  created?: { id: string; name: string; secret: string };
  problem?: Problem;
  /** The form as sent, when it is shown again with its problem. */
  values?: Record<string, string>;
}

function keyRow(user: ConsoleUserView, key: KeyView): Html {
  const state = key.revoked_at
    ? html`revoked ${dateTime(key.revoked_at)}`
    : html`<form method="post" action="/admin/api-keys/${key.id}/revoke">${csrfInput(user)}<button type="submit" class="secondary" aria-label="Revoke ${key.name}">Revoke</button></form>`;
  return html`<tr><td>${key.name}</td><td><code>${key.id}</code></td><td>${key.scopes.join(", ")}</td><td>${key.petitions ? key.petitions.join(", ") : html`<em>all</em>`}</td><td class="n">${number.format(key.rate_limit_per_minute)}</td><td class="n">${number.format(key.signatures)}</td><td>${dateTime(key.last_used_at)}</td><td>${state}</td></tr>`;
}

const KEY_FIELDS = {
  name: {
    name: "name",
    label: "Name",
    kind: "text",
    hint: "Whose key it is, e.g. the partner organisation.",
    rule: "Enter a name for the key, at most 100 characters",
    required: true,
  },
  petitions: {
    name: "petitions",
    label: "Petitions",
    kind: "text",
    hint: "Slugs, separated by commas or spaces; empty: every petition.",
    rule: "Enter the slugs of existing petitions (at most 100), separated by commas or spaces, or leave it empty for every petition",
  },
  scopes: { name: "scopes", label: "Scopes", kind: "text", rule: "Tick at least one scope" },
  rate_limit_per_minute: {
    name: "rate_limit_per_minute",
    label: "Signatures per minute",
    kind: "number",
    rule: "Enter the signatures per minute as a whole number from 1 to 1,000,000",
  },
} as const satisfies Record<string, FormField>;

const SCOPE_CHOICES = [
  ["signatures:write", "forward signatures"],
  ["signatures:read", "read back the signatures it brought (OSDI)"],
] as const satisfies readonly (readonly [Scope, string])[];

function newKeyForm(user: ConsoleUserView, values: Record<string, string>, problem: Problem | undefined): Html {
  const fields = Object.values(KEY_FIELDS);
  const errors = errorMessages(problem, fields);
  const checked = (scope: string) => (values.scopes ?? "signatures:write").split(",").includes(scope);
  return html`<form method="post" action="/admin/api-keys" class="card" novalidate>
${csrfInput(user)}
<h2>New key</h2>
${problem && errorSummary(problem, fields)}
${formField(KEY_FIELDS.name, values.name ?? "", errors.get("name"))}
${formField(KEY_FIELDS.petitions, values.petitions ?? "", errors.get("petitions"))}
${fieldGroup(
  KEY_FIELDS.scopes,
  SCOPE_CHOICES.map(
    ([scope, what]) =>
      html`<label><input type="checkbox" name="scope.${scope}"${checked(scope) && html` checked`}> ${scope}: ${what}</label>`,
  ),
  errors.get("scopes"),
)}
${formField(KEY_FIELDS.rate_limit_per_minute, values.rate_limit_per_minute ?? "600", errors.get("rate_limit_per_minute"))}
<p class="actions"><button type="submit">Create key</button></p>
</form>`;
}

function auditTable(audit: AuditView[]): Html {
  if (!audit.length) return html`<p>Nothing yet.</p>`;
  const rows = audit.map(
    (e) =>
      html`<tr><td>${dateTime(e.at)}</td><td><code>${e.actor}</code></td><td>${e.action}</td><td><code>${e.subject}</code></td></tr>`,
  );
  return html`<div class="table-wrap"><table><thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Key or endpoint</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

export function apiKeysPage(frame: ConsoleFrame & { user: ConsoleUserView }, state: KeysPageState): string {
  const rows = state.keys.map((key) => keyRow(frame.user, key));
  return consoleDocument(
    frame,
    "Partner keys",
    html`<h1>Partner keys</h1>
<p>Partners forward signatures server to server with a key (<code>Authorization: Bearer</code> or <code>OSDI-API-Token</code>), under its own limit and attribution. A revoked key is refused everywhere within seconds.</p>
${
  state.created &&
  secretShownOnce(
    `Key “${state.created.name}” created`,
    "Copy its secret now and hand it to the partner over a safe channel: it is not shown again, and only its keyed hash is kept.",
    state.created.id,
    state.created.secret,
  )
}
<section aria-labelledby="keys-title"><h2 id="keys-title">Keys</h2>${
      rows.length
        ? html`<div class="table-wrap"><table><thead><tr><th scope="col">Name</th><th scope="col">Id</th><th scope="col">Scopes</th><th scope="col">Petitions</th><th scope="col" class="n">Per minute</th><th scope="col" class="n">Signatures</th><th scope="col">Last used</th><th scope="col">State</th></tr></thead><tbody>${rows}</tbody></table></div>`
        : html`<p>No keys yet.</p>`
    }</section>
${newKeyForm(frame.user, state.values ?? {}, state.problem)}
<section aria-labelledby="audit-title"><h2 id="audit-title">Audit</h2>${auditTable(state.audit)}</section>`,
  );
}

/** A record of an import's preview or result: its position and, if refused, why. */
export interface ImportRow {
  index: number;
  problem?: Problem;
}

export type ImportState =
  | { step: "upload"; problem?: Problem }
  | { step: "preview"; csv: string; rows: ImportRow[] }
  | { step: "done"; accepted: number; rows: ImportRow[] };

/** CSV records count from the line after the header. */
const recordLine = (index: number) => index + 2;

function problemRows(rows: ImportRow[]): Html {
  const refused = rows.filter((row) => row.problem);
  if (!refused.length) return html``;
  const items = refused.map(
    (row) =>
      html`<tr><td class="n">${recordLine(row.index)}</td><td>${
        row.problem?.errors?.map((e) => `${e.path}: ${e.message}`).join("; ") ?? row.problem?.detail ?? ""
      }</td></tr>`,
  );
  return html`<div class="table-wrap"><table><thead><tr><th scope="col" class="n">Line</th><th scope="col">Problem</th></tr></thead><tbody>${items}</tbody></table></div>`;
}

export function importPage(
  frame: ConsoleFrame & { user: ConsoleUserView },
  petition: { slug: string; title: string },
  state: ImportState,
  columns: readonly string[],
): string {
  const action = `/admin/p/${petition.slug}/import`;
  const body =
    state.step === "upload"
      ? html`${state.problem && errorSummary(state.problem)}
<form method="post" action="${action}" enctype="multipart/form-data" class="card">
${csrfInput(frame.user)}<input type="hidden" name="step" value="preview">
<p>A header row naming the columns, then one signature per line, at most 1,000. Columns: ${columns.map((c, i) => html`${i ? ", " : ""}<code>${c}</code>`)}. <code>signed_at</code> (ISO 8601) keeps the date of paper or offline signatures.</p>
<div class="field"><label for="csv-file">CSV file</label><input id="csv-file" name="file" type="file" accept=".csv,text/csv"></div>
<div class="field"><label for="csv-text">Or paste it</label><textarea id="csv-text" name="csv" class="code" rows="6"></textarea></div>
<p class="actions"><button type="submit">Preview</button></p>
</form>`
      : state.step === "preview"
        ? html`<section aria-labelledby="preview-title"><h2 id="preview-title">Preview</h2>
<p>${number.format(state.rows.filter((r) => !r.problem).length)} of ${number.format(state.rows.length)} records can be imported; the rest are listed with their problem and will be left out. Nothing is stored until you confirm.</p>
${problemRows(state.rows)}
<form method="post" action="${action}" class="actions spaced">${csrfInput(frame.user)}<input type="hidden" name="step" value="confirm">
<textarea name="csv" hidden>${state.csv}</textarea>
<button type="submit">Import</button><a href="${action}">Start again</a></form></section>`
        : html`<section class="notice" role="status"><h2>Imported</h2>
<p>${number.format(state.accepted)} of ${number.format(state.rows.length)} records accepted (a person who had signed already counts once). They appear in the counts at the next tally run.</p></section>
${problemRows(state.rows)}
<p><a href="/admin/p/${petition.slug}">Back to the dashboard</a></p>`;
  return consoleDocument(
    frame,
    `${petition.title}: import`,
    html`<h1>${petition.title}: import signatures</h1>
${body}`,
  );
}
