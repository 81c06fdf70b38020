/** The console's webhooks page: endpoints with their backlog, last success and last error; subscribe, pause, test, replay, delete. */
import { type Html, html } from "../markup/html";
import type { Problem } from "../schemas";
import { type ConsoleFrame, type ConsoleUserView, consoleDocument, csrfInput } from "./layout";
import { errorSummary, secretShownOnce, type WebhookView, webhooksTable } from "./pages";

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
  notice?: string;
}

export function webhooksPage(frame: ConsoleFrame & { user: ConsoleUserView }, state: WebhooksPageState): string {
  const values = state.values ?? {};
  const ticked = (type: string) => (values.events ?? "signature.created").split(",").includes(type);
  return consoleDocument(
    frame,
    "Webhooks",
    html`<h1>Webhooks</h1>
<p>Endpoints are sent signatures, erasures, invalidations, milestones and daily reports as they happen (within a minute), signed as <a href="https://www.standardwebhooks.com/">Standard Webhooks</a>. A paused or failing endpoint's events are kept for 7 days.</p>
${state.notice && html`<p class="notice" role="status">${state.notice}</p>`}
${
  state.created &&
  secretShownOnce(
    "Endpoint subscribed",
    "Copy its signing secret into the receiver now: it is not shown again.",
    state.created.id,
    state.created.secret,
  )
}
${state.problem && errorSummary(state.problem)}
<section aria-labelledby="endpoints-title"><h2 id="endpoints-title">Endpoints</h2>${webhooksTable(state.webhooks, (w) => actions(frame.user, w))}
<form method="post" action="/admin/webhooks/replay" class="actions spaced">${csrfInput(frame.user)}
<label for="replay-id">Replay endpoint</label><select id="replay-id" name="id">${state.webhooks.map((w) => html`<option value="${w.id}">${w.url ?? w.id}</option>`)}</select>
<label for="replay-since">since (UTC)</label><input id="replay-since" name="since" type="datetime-local" required>
<button type="submit" class="secondary">Replay</button></form></section>
<form method="post" action="/admin/webhooks" class="card" novalidate>
${csrfInput(frame.user)}
<h2>New endpoint</h2>
<div class="field"><label for="hook-url">URL</label><p class="hint" id="hook-url-hint">https:// only (plain http to localhost while developing).</p>
<input id="hook-url" name="url" type="url" required value="${values.url ?? ""}" aria-describedby="hook-url-hint"></div>
<fieldset class="field"><legend>Events</legend>${state.eventTypes.map(
      (type) =>
        html`<label><input type="checkbox" name="event.${type}"${ticked(type) && html` checked`}> ${type}</label>`,
    )}</fieldset>
<div class="field"><label for="hook-petitions">Petitions</label><p class="hint" id="hook-petitions-hint">Slugs, separated by commas or spaces; empty: every petition.</p>
<input id="hook-petitions" name="petitions" value="${values.petitions ?? ""}" aria-describedby="hook-petitions-hint"></div>
<p class="actions"><button type="submit">Subscribe</button></p>
</form>`,
  );
}
