/** The console's page frame: header and navigation, the sign-out form, the one stylesheet and script. */
import { type Html, html, trustedHtml } from "../markup/html";
import { CONSOLE_SCRIPT } from "./script";
import { CONSOLE_CSS } from "./styles";

export interface ConsoleUserView {
  who: string;
  csrfToken: string;
  /** Token sessions sign out with a form; Access sessions at Access's own logout. */
  signOut: "session" | "access";
}

export interface ConsoleFrame {
  /** This response's CSP nonce. */
  nonce: string;
  /** Absent on the sign-in page. */
  user?: ConsoleUserView;
  /** How often live counts refresh (the tally interval). */
  refreshSeconds?: number;
  /** What the last action did ("Petition closed."), shown above the page. */
  notice?: string;
}

/** Every console form that changes something carries the session's CSRF token. */
export function csrfInput(user: ConsoleUserView): Html {
  return html`<input type="hidden" name="csrf" value="${user.csrfToken}">`;
}

function signOut(user: ConsoleUserView): Html {
  return user.signOut === "access"
    ? html`<a href="/cdn-cgi/access/logout">Sign out</a>`
    : html`<form method="post" action="/admin/sign-out">${csrfInput(user)}<button type="submit">Sign out</button></form>`;
}

export function consoleDocument(frame: ConsoleFrame, title: string, main: Html): string {
  const { user } = frame;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} · Petition console</title>
<style nonce="${frame.nonce}">${trustedHtml(CONSOLE_CSS)}</style>
</head>
<body data-refresh-seconds="${frame.refreshSeconds ?? 60}">
<a class="skip" href="#main">Skip to content</a>
<header>
<a class="brand" href="/admin">Petition console</a>
${
  user &&
  html`<nav aria-label="Console"><a href="/admin">Petitions</a><a href="/admin/new">New petition</a><a href="/admin/api-keys">Partner keys</a><a href="/admin/webhooks">Webhooks</a><a href="/admin/privacy">Privacy</a><a href="/admin/status">Status</a></nav>
<span class="visually-hidden">Signed in as ${user.who}</span>${signOut(user)}`
}
</header>
<main id="main">
${frame.notice && html`<p class="notice" role="status">${frame.notice}</p>`}
${main}
</main>
<p id="announce" class="visually-hidden" role="status" aria-live="polite"></p>
<script nonce="${frame.nonce}">${trustedHtml(CONSOLE_SCRIPT)}</script>
</body>
</html>
`.text;
}
