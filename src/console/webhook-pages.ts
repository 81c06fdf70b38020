/** The console's webhooks page: endpoints with their backlog, last success and last error; subscribe, pause, test, replay, delete. */
import { type Html, html } from "../markup/html";
import type { Problem } from "../schemas";
import { errorMessages, errorSummary, type FormField, fieldGroup, formField, inputId } from "./form";
import { type ConsoleFrame, type ConsoleUserView, consoleDocument, csrfInput } from "./layout";
import { secretShownOnce, type WebhookView, webhooksTable } from "./pages";

function actions(user: ConsoleUserView, w: WebhookView): Html {
  const post = (action: string, label: string, extra: Html = html``) =>
    html`<form method="post" action="/admin/webhooks/${w.id}/${action}">${csrfInput(user)}${extra}<button type="submit" class="secondary">${label}</button></form>`;
  const toggle =
    w.state === "active" ? post("pause", "Pause") : post("resume", w.state === "disabled" ? "Re-enable" : "Resume");
  return html`<div class="actions">${toggle}${post("test", "Send test event")}${
    w.configured ? html`` : post("delete", "Delete")
  }</div>`;
}

export interface WebhooksPageState {
  webhooks: WebhookView[];
  eventTypes: readonly string[];
  created?: { id: string; secret: string };
  problem?: Problem;
  values?: Record<string, string>;
}

const ENDPOINT_FIELDS = {
  url: {
    name: "url",
    label: "URL",
    kind: "url",
    hint: "https:// only (plain http to localhost while developing).",
    rule: "Enter the receiver's address, starting with https://",
    required: true,
  },
  events: { name: "events", label: "Events", kind: "text", rule: "Tick at least one event" },
  petitions: {
    name: "petitions",
    label: "Petitions",
    kind: "text",
    hint: "Slugs, separated by commas or spaces; empty: every petition.",
    rule: "Enter the slugs of existing petitions, separated by commas or spaces, or leave it empty for every petition",
  },
  since: {
    name: "since",
    label: "since (UTC)",
    kind: "datetime",
    rule: "Enter the date and time (UTC) to replay from",
  },
} as const satisfies Record<string, FormField>;

export function webhooksPage(frame: ConsoleFrame & { user: ConsoleUserView }, state: WebhooksPageState): string {
  const values = state.values ?? {};
  const ticked = (type: string) => (values.events ?? "signature.created").split(",").includes(type);
  const fields = Object.values(ENDPOINT_FIELDS);
  const errors = errorMessages(state.problem, fields);
  return consoleDocument(
    frame,
    "Webhooks",
    html`<h1>Webhooks</h1>
<p>Endpoints are sent signatures, erasures, invalidations, milestones and daily reports as they happen (within a minute), signed as <a href="https://www.standardwebhooks.com/">Standard Webhooks</a>. A paused or failing endpoint's events are kept for 7 days.</p>
${
  state.created &&
  secretShownOnce(
    "Endpoint subscribed",
    "Copy its signing secret into the receiver now: it is not shown again.",
    state.created.id,
    state.created.secret,
  )
}
${state.problem && errorSummary(state.problem, fields)}
<section aria-labelledby="endpoints-title"><h2 id="endpoints-title">Endpoints</h2>${webhooksTable(state.webhooks, (w) => actions(frame.user, w))}
<form method="post" action="/admin/webhooks/replay" class="actions spaced">${csrfInput(frame.user)}
<label for="replay-id">Replay endpoint</label><select id="replay-id" name="id">${state.webhooks.map((w) => html`<option value="${w.id}">${w.url ?? w.id}</option>`)}</select>
<label for="${inputId(ENDPOINT_FIELDS.since)}">${ENDPOINT_FIELDS.since.label}</label><input id="${inputId(ENDPOINT_FIELDS.since)}" name="since" type="datetime-local" required>
<button type="submit" class="secondary">Replay</button></form></section>
<form method="post" action="/admin/webhooks" class="card" novalidate>
${csrfInput(frame.user)}
<h2>New endpoint</h2>
${formField(ENDPOINT_FIELDS.url, values.url ?? "", errors.get("url"))}
${fieldGroup(
  ENDPOINT_FIELDS.events,
  state.eventTypes.map(
    (type) =>
      html`<label><input type="checkbox" name="event.${type}"${ticked(type) && html` checked`}> ${type}</label>`,
  ),
  errors.get("events"),
)}
${formField(ENDPOINT_FIELDS.petitions, values.petitions ?? "", errors.get("petitions"))}
<p class="actions"><button type="submit">Subscribe</button></p>
</form>`,
  );
}
