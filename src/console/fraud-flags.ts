/**
 * Suspected fraud waves as the console shows them (GET /v1/petitions/{slug}/fraud-flags): what was seen,
 * how many signatures, when, their share of the hour, and for an open flag a button that voids exactly
 * its slice (after a confirmation) and one that dismisses it.
 */
import { type Html, html } from "../markup/html";
import type { PetitionWithCount } from "../schemas";
import { counted, dateTime, percent } from "./format";
import { type ConsoleFrame, type ConsoleUserView, consoleDocument, csrfInput } from "./layout";

/** A flag as the API lists it. */
export interface FraudFlagView {
  id: number;
  status: "open" | "dismissed" | "voided";
  seen: string;
  signatures: number;
  hour_signatures: number;
  share_of_hour: number;
  usual_share: number;
  first_signed_at: string;
  last_signed_at: string;
  flagged_at: string;
  /** The invalidation that voids exactly this flag's signatures. */
  slice: Record<string, string>;
}

const STATUS: Record<FraudFlagView["status"], string> = {
  open: "open",
  dismissed: "dismissed: kept",
  voided: "voided",
};

/** When a flag's signatures were made: "4 Dec 2026, 07:30 UTC to 07:39 UTC". */
export function flagTimes(flag: FraudFlagView): string {
  const [first, last] = [dateTime(flag.first_signed_at), dateTime(flag.last_signed_at)];
  // Within an hour: the second time needs only its clock.
  return `${first} to ${last.slice(last.lastIndexOf(", ") + 2)}`;
}

function actions(user: ConsoleUserView, slug: string, flag: FraudFlagView): Html {
  const action = (what: string) => `/admin/p/${slug}/fraud-flags/${flag.id}/${what}`;
  return html`<form method="post" action="${action("void")}">${csrfInput(user)}<button type="submit" class="danger">Void these signatures…</button></form>
<form method="post" action="${action("dismiss")}">${csrfInput(user)}<button type="submit" class="secondary">Dismiss</button></form>`;
}

/** The flags, one card each with its buttons (a phone shows them whole); `none` when there are none. */
export function fraudFlagsList(user: ConsoleUserView, slug: string, flags: FraudFlagView[], none: string): Html {
  if (!flags.length) return html`<p>${none}</p>`;
  const items = flags.map(
    (flag) =>
      html`<li id="flag-${flag.id}"><h3>${flag.seen}: ${counted(flag.signatures, "signature")}</h3>
<p class="meta">${flagTimes(flag)} · ${percent.format(flag.share_of_hour)} of the hour, usually ${percent.format(flag.usual_share)} · ${STATUS[flag.status]}</p>
${flag.status === "open" && html`<div class="actions">${actions(user, slug, flag)}</div>`}</li>`,
  );
  return html`<ul class="flags">${items}</ul>`;
}

/** What the dashboard and the flags page say a flag is. */
export const FRAUD_FLAGS_INTRO = html`<p>Each minute the tally looks at the hour's signatures by network, email domain and source. A slice that carries unusually many of them against this petition's previous 24 hours is listed here and sent as a <code>fraud.suspected</code> webhook event. Nothing is removed until you void it.</p>`;

export function fraudFlagsPage(
  frame: ConsoleFrame & { user: ConsoleUserView },
  petition: PetitionWithCount,
  flags: FraudFlagView[],
): string {
  return consoleDocument(
    frame,
    `${petition.title}: suspected fraud`,
    html`<h1>${petition.title}: suspected fraud</h1>
<p><a href="/admin/p/${petition.slug}">Back to the dashboard</a></p>
${FRAUD_FLAGS_INTRO}
<section aria-labelledby="flags-title"><h2 id="flags-title">Every flag of the last 30 days</h2>
${fraudFlagsList(frame.user, petition.slug, flags, "Nothing unusual seen.")}</section>`,
  );
}
