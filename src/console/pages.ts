/** The console's pages, rendered from what the admin API answered. Every value goes through `html`. */
import { countryName } from "../countries";
import { CATALOGS } from "../i18n/messages";
import { type Html, html } from "../markup/html";
import type { PetitionWithCount, Problem } from "../schemas";
import type { SourceCount } from "../store/sources";
import type { PetitionReport } from "../tally/report";
import { errorMessages, errorSummary, type FormValues, formField } from "./form";
import { counted, dateTime, languageName, number } from "./format";
import { type FraudFlagView, fraudFlagsList } from "./fraud-flags";
import { type ConsoleFrame, type ConsoleUserView, consoleDocument, csrfInput } from "./layout";
import { SETTING_FIELDS, translationFields } from "./petition-form";
import { translationsSection } from "./translations-form";

/** Why the sign-in form is shown again: a wrong token, or too many attempts from the network. */
export type SignInRefusal = "wrong-token" | "too-many-attempts";

const SIGN_IN_REFUSALS: Record<SignInRefusal, string> = {
  "wrong-token": "That is not the admin token.",
  "too-many-attempts": "Too many sign-in attempts from your network. Try again in a minute.",
};

export function signInPage(frame: ConsoleFrame, refusal?: SignInRefusal): string {
  const failed = refusal !== undefined;
  return consoleDocument(
    frame,
    "Sign in",
    html`<h1>Sign in</h1>
<form method="post" action="/admin/sign-in" class="card">
${failed && html`<p class="error" id="token-error">${SIGN_IN_REFUSALS[refusal]}</p>`}
<div class="field">
<label for="token">Admin token</label>
<p class="hint" id="token-hint">The ADMIN_TOKEN secret (npm start prints the local one).</p>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus aria-describedby="token-hint${failed ? " token-error" : ""}"${failed && html` aria-invalid="true"`}>
</div>
<button type="submit">Sign in</button>
</form>`,
  );
}

function statusBadge(status: string): Html {
  return html`<span class="status status-${status}">${status}</span>`;
}

/**
 * The exact count and progress to the goal, refreshed by the script from the public count unless a
 * draft (none) or rounded (the public one would replace the exact figure with a rounded one).
 */
function progress(petition: PetitionWithCount): Html {
  const live = petition.status !== "draft" && !petition.public_count_rounding;
  return html`<p class="meta"><strong${live && html` data-live-count="${petition.slug}"`}>${number.format(petition.count)}</strong> of ${number.format(petition.goal)} signatures</p>
<progress max="${petition.goal}" value="${Math.min(petition.count, petition.goal)}"${live && html` data-live-progress="${petition.slug}"`} aria-label="Progress to the goal"></progress>`;
}

/** Accepted signatures the queue gave up on, kept for a replay: the organiser must see them. */
function deadLetterNotice(user: ConsoleUserView, deadLetters: { batches: number; signatures: number }): Html {
  if (deadLetters.signatures === 0) return html``;
  return html`<section class="error-summary" role="alert" aria-labelledby="dead-letters-title"><h2 id="dead-letters-title">${number.format(deadLetters.signatures)} accepted signatures are not stored yet</h2>
<p>The database refused them through every retry; they are kept safely and count once replayed.</p>
<form method="post" action="/admin/dead-letters/replay">${csrfInput(user)}<button type="submit">Replay them now</button></form></section>`;
}

export function petitionListPage(
  frame: ConsoleFrame & { user: ConsoleUserView },
  petitions: PetitionWithCount[],
  nextCursor: string | null,
  deadLetters: { batches: number; signatures: number },
): string {
  const items = petitions.map(
    (p) => html`<li>
<h2><a href="/admin/p/${p.slug}">${p.title}</a></h2>
<p class="meta">${statusBadge(p.status)} <span>/${p.slug}</span></p>
${progress(p)}
</li>`,
  );
  return consoleDocument(
    frame,
    "Petitions",
    html`<h1>Petitions</h1>
${deadLetterNotice(frame.user, deadLetters)}
<p class="actions"><a class="button" href="/admin/new">New petition</a></p>
${petitions.length ? html`<ul class="petitions">${items}</ul>` : html`<p class="notice">No petitions yet.</p>`}
${nextCursor && html`<p><a href="/admin?cursor=${nextCursor}">Older petitions</a></p>`}`,
  );
}

/** A secret the API shows once (a key's, an endpoint's), with a copy button and what to do with it. */
export function secretShownOnce(heading: string, advice: string, id: string, secret: string): Html {
  return html`<section class="notice" aria-labelledby="created-title"><h2 id="created-title">${heading}</h2>
<p>${advice}</p>
<label for="secret">Secret of <code>${id}</code></label>
<textarea id="secret" class="code" readonly rows="2">${secret}</textarea>
<p class="actions"><button type="button" data-copy="secret" data-copied="Secret copied" hidden>Copy secret</button></p></section>`;
}

export interface PetitionFormState {
  mode: "create" | "edit";
  slug?: string;
  values: FormValues;
  problem?: Problem;
  /** Edit mode: the share-image section, after the settings form (its own forms cannot nest in it). */
  shareImages?: Html;
}

export function petitionFormPage(frame: ConsoleFrame & { user: ConsoleUserView }, state: PetitionFormState): string {
  // A translation's own fields first, so its errors land beside it rather than on the section.
  const shown = [
    ...translationFields(state.values),
    ...SETTING_FIELDS.filter((f) => !(f.createOnly && state.mode === "edit")),
  ];
  const errors = errorMessages(state.problem, shown);
  const fields = SETTING_FIELDS.filter((f) => !(f.createOnly && state.mode === "edit")).map((f) =>
    f.kind === "translations"
      ? translationsSection(state.values, errors, state.slug)
      : formField(f, state.values[f.name] ?? "", errors.get(f.name)),
  );
  const title = state.mode === "create" ? "New petition" : `Edit ${state.values.title || state.slug}`;
  const action = state.mode === "create" ? "/admin/new" : `/admin/p/${state.slug}/edit`;
  return consoleDocument(
    frame,
    title,
    html`<h1>${title}</h1>
${state.problem && errorSummary(state.problem, shown)}
<form method="post" action="${action}" class="card" novalidate>
${csrfInput(frame.user)}
${fields}
<p class="actions"><button type="submit">${state.mode === "create" ? "Create petition" : "Save changes"}</button>
${state.mode === "edit" && html`<a href="/admin/p/${state.slug}">Cancel</a>`}</p>
</form>
${state.shareImages}`,
  );
}

export interface DashboardData {
  petition: PetitionWithCount;
  report: PetitionReport;
  webhooks: WebhookView[];
  /** By attribution, most first (the tally's). */
  sources: SourceCount[];
  /** This Worker's origin, for the embed snippet. */
  origin: string;
  /** Suspected fraud waves waiting for the organiser. */
  openFraudFlags: FraudFlagView[];
}

function statusForm(user: ConsoleUserView, petition: PetitionWithCount): Html {
  const next = petition.status === "open" ? "closed" : "open";
  const label = petition.status === "open" ? "Close petition" : petition.status === "closed" ? "Reopen" : "Publish";
  return html`<form method="post" action="/admin/p/${petition.slug}/status">${csrfInput(user)}<input type="hidden" name="status" value="${next}"><button type="submit" class="secondary">${label}</button></form>`;
}

function figures(data: DashboardData): Html {
  const { petition, report } = data;
  if (petition.status === "draft")
    return html`<p class="notice">Charts and the map are public once the petition is open.</p>`;
  const top = report.countries.slice(0, 3).map((c) => `${countryName(c.country)} (${number.format(c.count)})`);
  // A new tally or an edit (title, goal) gives the figures a new URL, so a reload never shows the
  // browser's cached, older ones.
  const version = encodeURIComponent(`${report.updated_at ?? "none"}_${petition.updated_at}`);
  return html`<div class="grid two">
<section aria-labelledby="growth-title"><h2 id="growth-title">Growth</h2>
<img class="figure" src="/v1/petitions/${petition.slug}/chart.svg?v=${version}&amp;lang=en" width="600" height="300" alt="Signatures over time: ${number.format(report.total)} so far of a goal of ${number.format(petition.goal)}."></section>
<section aria-labelledby="map-title"><h2 id="map-title">World map</h2>
<img class="figure" src="/v1/petitions/${petition.slug}/map.svg?v=${version}&amp;lang=en" width="600" height="400" alt="World map of signatures by country${top.length ? `; most from ${top.join(", ")}` : ""}. The table of countries lists them all."></section>
</div>`;
}

function countriesTable(report: PetitionReport): Html {
  if (!report.countries.length) return html`<p>No signatures counted yet.</p>`;
  const rows = report.countries.map(
    (c) => html`<tr><td>${countryName(c.country)}</td><td class="n">${number.format(c.count)}</td></tr>`,
  );
  return html`<div class="table-wrap"><table><thead><tr><th scope="col">Country</th><th scope="col" class="n">Signatures</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function languagesTable(report: PetitionReport): Html {
  if (!report.languages.length) return html`<p>No signatures counted yet.</p>`;
  const rows = report.languages.map(
    (l) =>
      html`<tr><td>${l.language ? languageName(l.language) : html`<em>not said</em>`}</td><td class="n">${number.format(l.count)}</td></tr>`,
  );
  return html`<div class="table-wrap"><table><thead><tr><th scope="col">Language</th><th scope="col" class="n">Signatures</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

const CHANNEL_NAMES: Readonly<Record<string, string>> = {
  direct: "Not from a share",
  whatsapp: "WhatsApp",
  telegram: "Telegram",
  facebook: "Facebook",
  x: "X",
  email: "Email",
  link: "Copied link",
  native: "Device share sheet",
};

const shareRate = (rate: number | null) => (rate === null ? "—" : rate.toFixed(1));

/** Which channels bring signatures, and how many each working share brings (the share rate), by day. */
function sharesSection(report: PetitionReport): Html {
  const { shares } = report;
  const channels = Object.entries(shares.channels);
  if (!channels.length) return html`<p>No signatures counted yet.</p>`;
  const channelRows = channels.map(
    ([channel, n]) =>
      html`<tr><td>${CHANNEL_NAMES[channel] ?? channel}</td><td class="n">${number.format(n)}</td></tr>`,
  );
  const dayRows = shares.days
    .slice(-14)
    .reverse()
    .map(
      (day) =>
        html`<tr><td>${day.date}</td><td class="n">${number.format(day.signatures)}</td><td class="n">${number.format(day.sharers)}</td><td class="n">${shareRate(day.share_rate)}</td></tr>`,
    );
  return html`<p>In the report's 30 days: ${counted(shares.signatures, "signature")} came through ${counted(shares.sharers, "share")}, ${shareRate(shares.share_rate)} per share. A share is one signer's link, counted once it brings a signature; nothing ties it to who shared it.</p>
<div class="grid two">
<div class="table-wrap"><table><caption>By channel</caption><thead><tr><th scope="col">Channel</th><th scope="col" class="n">Signatures</th></tr></thead><tbody>${channelRows}</tbody></table></div>
<div class="table-wrap"><table><caption>Share rate by day (last 14)</caption><thead><tr><th scope="col">Day (UTC)</th><th scope="col" class="n">Through shares</th><th scope="col" class="n">Shares</th><th scope="col" class="n">Per share</th></tr></thead><tbody>${dayRows}</tbody></table></div>
</div>`;
}

function milestonesList(report: PetitionReport): Html {
  if (!report.milestones.length) return html`<p>None reached yet.</p>`;
  return html`<ul>${report.milestones.map(
    (m) => html`<li>${number.format(m.threshold)} on ${dateTime(m.reached_at)}</li>`,
  )}</ul>`;
}

function downloads(slug: string): Html {
  const links: [string, string][] = [
    ["Report by day (CSV)", `/admin/p/${slug}/report?format=csv&by=period`],
    ["Report by country (CSV)", `/admin/p/${slug}/report?format=csv&by=country`],
    ["Report by language (CSV)", `/admin/p/${slug}/report?format=csv&by=language`],
    ["Shares by channel (CSV)", `/admin/p/${slug}/report?format=csv&by=channel`],
    ["Report (JSON)", `/admin/p/${slug}/report?format=json`],
    ["Signatures (CSV)", `/admin/p/${slug}/signatures.csv`],
  ];
  return html`<ul class="downloads">${links.map(([label, href]) => html`<li><a class="button secondary" href="${href}" download>${label}</a></li>`)}</ul>`;
}

function embedSection(data: DashboardData): Html {
  const { slug } = data.petition;
  const snippet = `<script src="${data.origin}/embed.js" data-petition="${slug}" async></script>`;
  return html`<section aria-labelledby="embed-title"><h2 id="embed-title">Embed the form</h2>
<label for="snippet">Paste this where the form should appear on your site</label>
<textarea id="snippet" class="code" readonly rows="3">${snippet}</textarea>
<p class="actions"><button type="button" data-copy="snippet" data-copied="Snippet copied" hidden>Copy snippet</button></p>
<form id="embed-options" method="get" action="/admin/p/${slug}/preview" target="preview" data-origin="${data.origin}" data-slug="${slug}" class="grid two">
<div class="field"><label for="embed-lang">Language</label><select id="embed-lang" name="lang"><option value="">The signer's</option>${Object.keys(CATALOGS).map((l) => html`<option>${l}</option>`)}</select></div>
<div class="field"><label for="embed-theme">Accent colour</label><input type="text" id="embed-theme" name="theme" placeholder="#d6336c" maxlength="7"></div>
<p class="actions"><button type="submit" class="secondary">Preview</button></p>
</form>
<iframe id="preview" name="preview" class="preview" src="/admin/p/${slug}/preview" title="Preview of the embedded form"></iframe>
</section>`;
}

export function dashboardPage(frame: ConsoleFrame & { user: ConsoleUserView }, data: DashboardData): string {
  const { petition, report } = data;
  return consoleDocument(
    frame,
    petition.title,
    html`<h1>${petition.title}</h1>
<p class="meta">${statusBadge(petition.status)} <span>/${petition.slug}</span>${petition.closes_at && html` · closes ${dateTime(petition.closes_at)}`}</p>
${progress(petition)}
<div class="actions spaced">
<a class="button" href="/admin/p/${petition.slug}/edit">Edit</a>
${statusForm(frame.user, petition)}
${petition.status !== "draft" && html`<a href="/p/${petition.slug}">Petition page</a>`}
</div>
<section aria-labelledby="fraud-title"><h2 id="fraud-title">Suspected fraud</h2>
${fraudFlagsList(frame.user, petition.slug, data.openFraudFlags, "Nothing unusual waits for you.")}
<p><a href="/admin/p/${petition.slug}/fraud-flags">Every flag, with those dismissed or voided</a></p></section>
${figures(data)}
<div class="grid two">
<section aria-labelledby="countries-title"><h2 id="countries-title">Countries</h2>${countriesTable(report)}</section>
<section aria-labelledby="milestones-title"><h2 id="milestones-title">Milestones</h2>${milestonesList(report)}
<h2>Downloads</h2>${downloads(petition.slug)}</section>
</div>
<section aria-labelledby="languages-title"><h2 id="languages-title">Languages</h2>${languagesTable(report)}</section>
<section aria-labelledby="shares-title"><h2 id="shares-title">Shares</h2>${sharesSection(report)}</section>
<section aria-labelledby="sources-title"><h2 id="sources-title">Signatures by source</h2>
${sourcesTable(data.sources.slice(0, DASHBOARD_SOURCES))}
<p class="actions spaced"><a href="/admin/p/${petition.slug}/sources">Every source</a><a class="button secondary" href="/admin/p/${petition.slug}/import">Import signatures</a><a href="/admin/p/${petition.slug}/invalidate">Void signatures (fraud)</a></p></section>
${embedSection(data)}
<section aria-labelledby="webhooks-title"><h2 id="webhooks-title">Webhooks</h2>${webhooksTable(data.webhooks)}
<p><a href="/admin/webhooks">Manage webhooks</a></p></section>`,
  );
}

/** Sources on the dashboard; the sources page lists them all (up to SOURCE_LIMIT). */
const DASHBOARD_SOURCES = 5;

function sourcesTable(sources: SourceCount[]): Html {
  if (!sources.length) return html`<p>No signatures counted yet.</p>`;
  const rows = sources.map(
    (s) =>
      html`<tr><td>${s.source ?? html`<em>none</em>`}</td><td>${s.api_key_id ? html`<code>${s.api_key_id}</code>` : html`<em>public</em>`}</td><td class="n">${number.format(s.count)}</td></tr>`,
  );
  return html`<div class="table-wrap"><table><thead><tr><th scope="col">Source</th><th scope="col">Partner key</th><th scope="col" class="n">Signatures</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

export function sourcesPage(frame: ConsoleFrame, petition: PetitionWithCount, sources: SourceCount[]): string {
  return consoleDocument(
    frame,
    `${petition.title}: sources`,
    html`<h1>${petition.title}: signatures by source</h1>
<p><a href="/admin/p/${petition.slug}">Back to the dashboard</a> · <a href="/admin/api-keys">Partner keys</a></p>
<p>As the minute's tally counted them.</p>
<section>${sourcesTable(sources)}</section>`,
  );
}

/** An endpoint as GET /v1/admin/webhooks lists it. */
export interface WebhookView {
  id: string;
  url: string | null;
  configured: boolean;
  events: string[];
  petitions: string[] | null;
  state: "active" | "paused" | "disabled";
  disabled_reason: string | null;
  backlog: number;
  last_success_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  next_attempt_at: string | null;
}

function stateOf(w: WebhookView): Html {
  if (w.state === "disabled") return html`<strong class="error">disabled</strong>: ${w.disabled_reason ?? ""}`;
  if (w.state === "paused") return html`paused`;
  return w.next_attempt_at ? html`failing, next try ${dateTime(w.next_attempt_at)}` : html`active`;
}

/** The endpoints table (also on each petition's dashboard). */
export function webhooksTable(webhooks: WebhookView[], actions?: (webhook: WebhookView) => Html): Html {
  if (!webhooks.length) return html`<p>No webhook endpoints yet.</p>`;
  const rows = webhooks.map(
    (w) =>
      html`<tr><td>${w.url ? html`<code>${w.url}</code>` : html`<em>REPORT_WEBHOOK_URLS</em>`}</td><td>${w.events.join(", ")}</td><td>${w.petitions ? w.petitions.join(", ") : html`<em>all</em>`}</td><td>${stateOf(w)}</td><td class="n">${number.format(w.backlog)}</td><td>${dateTime(w.last_success_at)}</td><td>${w.last_error ? html`${w.last_error} (${dateTime(w.last_error_at)})` : ""}</td>${actions ? html`<td>${actions(w)}</td>` : html``}</tr>`,
  );
  return html`<div class="table-wrap"><table><thead><tr><th scope="col">Endpoint</th><th scope="col">Events</th><th scope="col">Petitions</th><th scope="col">State</th><th scope="col" class="n">Backlog</th><th scope="col">Last success</th><th scope="col">Last error</th>${actions ? html`<th scope="col">Actions</th>` : html``}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** The console's own 404: an unknown petition (or page) in the console is a page, not problem+json. */
export function notFoundPage(frame: ConsoleFrame, detail: string): string {
  return consoleDocument(
    frame,
    "Not found",
    html`<h1>Not found</h1>
<p>${detail}</p>
<p><a href="/admin">Back to the petitions</a></p>`,
  );
}
