/** The console's status page: GET /v1/admin/status as an operator reads it, the worst news first in each item. */
import { type Html, html } from "../markup/html";
import type { Level, OperatorStatus, StatusItem } from "../operations/status";
import { type ConsoleFrame, type ConsoleUserView, consoleDocument } from "./layout";

/** The level in words, not only in colour. */
function levelBadge(level: Level): Html {
  return html`<span class="status status-${level}">${level}</span>`;
}

function itemSection(item: StatusItem): Html {
  const id = `status-${item.id}`;
  return html`<section aria-labelledby="${id}">
<h2 id="${id}">${item.title} ${levelBadge(item.status)}</h2>
<p>${item.summary}</p>
${item.details.length > 0 && html`<ul>${item.details.map((line) => html`<li>${line}</li>`)}</ul>`}
<p class="hint">${item.threshold}</p>
</section>`;
}

export function statusPage(frame: ConsoleFrame & { user: ConsoleUserView }, status: OperatorStatus): string {
  return consoleDocument(
    frame,
    "Status",
    html`<h1>Status ${levelBadge(status.status)}</h1>
<p class="meta">Whether signatures are being counted, checked at ${status.checked_at}. The same document answers <code>GET /v1/admin/status</code>, for monitors.</p>
${status.items.map(itemSection)}`,
  );
}
