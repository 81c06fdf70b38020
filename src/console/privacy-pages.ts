/**
 * The console's privacy pages, clients of the admin API's privacy routes: a data subject's access
 * request (shown, or downloaded as the API answers it), erasure of one person, a petition's
 * invalidation of a fraud wave, and how far a removal has come. Every value goes through `html`.
 */
import { countryName } from "../countries";
import { type Html, html } from "../markup/html";
import type { AccessReport, HeldRecord } from "../privacy/access";
import type { PetitionWithCount, Problem } from "../schemas";
import { errorMessages, errorSummary, type FormField, type FormValues, fieldGroup, formField } from "./form";
import { counted, dateTime, instantOfUtcInput, number } from "./format";
import { type ConsoleFrame, type ConsoleUserView, consoleDocument, csrfInput } from "./layout";

type Frame = ConsoleFrame & { user: ConsoleUserView };

/** As GET /v1/admin/removals/{id} answers it. */
export interface RemovalView {
  removed: number;
  completed: boolean;
  started_at: string;
  completed_at: string | null;
}

const EMAIL_RULE = "Enter an email address, such as name@example.org";

export const ACCESS_FIELDS: readonly FormField[] = [
  { name: "email", id: "access-email", label: "Email address", kind: "email", rule: EMAIL_RULE, required: true },
];

export const ERASURE_FIELDS: readonly FormField[] = [
  { name: "email", id: "erasure-email", label: "Email address", kind: "email", rule: EMAIL_RULE, required: true },
];

/** Which of the page's forms was refused, with what was typed into it. */
export interface PrivacyRefusal {
  form: "access" | "erasure";
  problem: Problem;
  values: FormValues;
}

function emailForm(frame: Frame, form: PrivacyRefusal["form"], refusal: PrivacyRefusal | undefined): Html {
  const fields = form === "access" ? ACCESS_FIELDS : ERASURE_FIELDS;
  const refused = refusal?.form === form ? refusal : undefined;
  const errors = errorMessages(refused?.problem, fields);
  const action = form === "access" ? "/admin/privacy/access" : "/admin/privacy/erasure";
  return html`${refused && errorSummary(refused.problem, fields)}
<form method="post" action="${action}" novalidate>${csrfInput(frame.user)}
${fields.map((field) => formField(field, refused?.values[field.name] ?? "", errors.get(field.name)))}
<p class="actions"><button type="submit"${form === "erasure" && html` class="danger"`}>${form === "access" ? "Show what is held" : "Erase…"}</button></p>
</form>`;
}

export function privacyPage(frame: Frame, refusal?: PrivacyRefusal): string {
  return consoleDocument(
    frame,
    "Privacy",
    html`<h1>Privacy requests</h1>
<p>A person is found by their address as signing finds them (case, dots and +tags aside), on every petition.</p>
<section aria-labelledby="access-title"><h2 id="access-title">Access request</h2>
<p>Everything held about one person: their signatures and those waiting for confirmation, decrypted. Shown here, with a download.</p>
${emailForm(frame, "access", refusal)}</section>
<section aria-labelledby="erasure-title"><h2 id="erasure-title">Erasure</h2>
<p>Deletes every signature of one person. You will see what it removes and confirm first.</p>
${emailForm(frame, "erasure", refusal)}</section>
<section aria-labelledby="invalidation-title"><h2 id="invalidation-title">Fraud</h2>
<p>To void a wave of fake signatures, open the petition and choose <strong>Void signatures</strong>.</p></section>`,
  );
}

/** A wide table: its box scrolls sideways on a phone, and takes the keyboard's focus to do so. */
function heldRows(what: string, records: (HeldRecord & { expires_at?: string })[]): Html {
  return html`<div class="table-wrap" role="region" tabindex="0" aria-label="Table of ${what}, scrolls sideways"><table><thead><tr><th scope="col">Petition</th><th scope="col">Email</th><th scope="col">Name</th><th scope="col">Postcode</th><th scope="col">Country</th><th scope="col">Consent</th><th scope="col">Language</th><th scope="col">Source</th><th scope="col">Signed</th>${records.some((r) => r.expires_at) ? html`<th scope="col">Deleted unless confirmed by</th>` : html``}</tr></thead><tbody>${records.map(
    (r) =>
      html`<tr><td>${r.petition.title}</td><td>${r.email}</td><td>${r.name ?? ""}</td><td>${r.postcode ?? ""}</td><td>${countryName(r.country)}</td><td>${r.consent ? "yes" : "no"}</td><td>${r.locale ?? ""}</td><td>${r.source ?? ""}</td><td>${dateTime(r.signed_at)}</td>${r.expires_at ? html`<td>${dateTime(r.expires_at)}</td>` : html``}</tr>`,
  )}</tbody></table></div>`;
}

export function accessReportPage(frame: Frame, email: string, report: AccessReport): string {
  const { signatures, pending } = report;
  return consoleDocument(
    frame,
    "Access request",
    html`<h1>What is held about ${email}</h1>
<p>${number.format(signatures.length)} signatures and ${number.format(pending.length)} waiting for confirmation.</p>
<form method="post" action="/admin/privacy/access" class="actions">${csrfInput(frame.user)}<input type="hidden" name="email" value="${email}"><input type="hidden" name="format" value="json"><button type="submit" class="secondary">Download (JSON)</button><a href="/admin/privacy">Back to privacy requests</a></form>
<section aria-labelledby="signatures-title"><h2 id="signatures-title">Signatures</h2>${signatures.length ? heldRows("signatures", signatures) : html`<p>None.</p>`}</section>
<section aria-labelledby="pending-title"><h2 id="pending-title">Waiting for confirmation</h2>${pending.length ? heldRows("signatures waiting for confirmation", pending) : html`<p>None.</p>`}</section>`,
  );
}

/** The petitions a person's signatures are on, for the erasure's confirmation. */
export function petitionsOf(report: AccessReport): string[] {
  return [...new Set([...report.signatures, ...report.pending].map((r) => r.petition.title))];
}

const INVALIDATION = {
  ip: {
    name: "ip",
    label: "Network",
    kind: "text",
    hint: "Any IP address in it, such as 203.0.113.7: its whole network (the /24, or the /64 for IPv6) is matched.",
    rule: "Enter an IP address such as 203.0.113.7 or 2001:db8::1, or leave it empty",
  },
  from: {
    name: "from",
    label: "Signed from (UTC)",
    kind: "datetime",
    hint: "In UTC, not your local time. Empty: from the first signature.",
    rule: "Enter the date and time the wave started, or leave it empty",
  },
  to: {
    name: "to",
    label: "Signed before (UTC)",
    kind: "datetime",
    hint: "In UTC. Empty: up to now.",
    rule: "Enter the date and time the wave ended, or leave it empty",
  },
  source: {
    name: "source",
    label: "Source",
    kind: "text",
    hint: "The source the signatures came with, as the sources page lists it.",
    rule: "Enter a source of at most 100 characters, or leave it empty",
  },
  // The API's refusal of a request that names none of them.
  criteria: {
    name: "body",
    id: "f-criteria",
    label: "What to void",
    kind: "text",
    rule: "Give at least one of the network, a time or the source: a petition's signatures are never voided all at once",
  },
} as const satisfies Record<string, FormField>;

export const INVALIDATION_FIELDS: readonly FormField[] = Object.values(INVALIDATION);

export interface InvalidationState {
  petition: PetitionWithCount;
  values: FormValues;
  problem?: Problem;
}

export function invalidationPage(frame: Frame, state: InvalidationState): string {
  const { petition, values } = state;
  const errors = errorMessages(state.problem, INVALIDATION_FIELDS);
  const field = (f: FormField) => formField(f, values[f.name] ?? "", errors.get(f.name));
  const { ip, from, to, source, criteria } = INVALIDATION;
  return consoleDocument(
    frame,
    `${petition.title}: void signatures`,
    html`<h1>${petition.title}: void signatures</h1>
<p><a href="/admin/p/${petition.slug}">Back to the dashboard</a></p>
${state.problem && errorSummary(state.problem, INVALIDATION_FIELDS)}
<form method="post" action="/admin/p/${petition.slug}/invalidate" class="card" novalidate>${csrfInput(frame.user)}
<p>For a wave of fake signatures: those stored so far that match <strong>every</strong> criterion you give are removed, and the counts drop at the next tally run. You will confirm first.</p>
${fieldGroup(criteria, [field(ip), field(from), field(to), field(source)], errors.get(criteria.name))}
<p class="actions"><button type="submit" class="danger">Void…</button></p>
</form>`,
  );
}

/** The API's body for the invalidation form: the criteria given, times typed in UTC as instants. */
export function invalidationRequestOf(values: FormValues): Record<string, string> {
  const body: Record<string, string> = {};
  for (const field of [INVALIDATION.ip, INVALIDATION.from, INVALIDATION.to, INVALIDATION.source]) {
    const text = (values[field.name] ?? "").trim();
    if (text) body[field.name] = field.kind === "datetime" ? instantOfUtcInput(text) : text;
  }
  return body;
}

/** The criteria as the confirmation restates them. */
export function criteriaSentences(request: Record<string, string>): Html[] {
  const { ip, from, to, source } = request;
  return [
    ip && html`from the network of <code>${ip}</code>`,
    from && html`signed from ${dateTime(from)}`,
    to && html`signed before ${dateTime(to)}`,
    source && html`with the source <code>${source}</code>`,
  ].filter((sentence): sentence is Html => Boolean(sentence));
}

export function removalPage(frame: Frame, id: string, removal: RemovalView): string {
  return consoleDocument(
    frame,
    `Removal ${id}`,
    html`<h1>Removal ${id}</h1>
<section aria-labelledby="removal-title"><h2 id="removal-title">${removal.completed ? "Done" : "Still removing"}</h2>
<p>${counted(removal.removed, "signature")} removed${removal.completed ? html`; finished ${dateTime(removal.completed_at)}` : html` so far; the minute's run removes the rest (reload to follow)`}. Started ${dateTime(removal.started_at)}.</p>
<p>Counts drop at the next tally run; webhook endpoints hear of each removed signature.</p></section>
<p><a href="/admin">Back to the petitions</a> · <a href="/admin/privacy">Privacy requests</a></p>`,
  );
}
