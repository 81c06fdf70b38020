/**
 * GET /dev/outbox: the emails the dev-outbox transport kept, so someone trying `npm start` can click a
 * confirmation link. It exists only with EMAIL_TRANSPORT "dev-outbox" and on localhost: anywhere else
 * it is the 404 every unknown path gets.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import { LOCAL_HOSTS } from "../src/config/settings";
import { html } from "../src/markup/html";
import { problems } from "../src/problems";
import { devOutbox } from "../src/store/dev-outbox";
import { emailTransport } from "./config";
import { contentSecurityPolicy, htmlPage } from "./http/html";
import type { AppEnv } from "./types";

const SHOWN = 50;

function enabled(c: Context<AppEnv>): boolean {
  return emailTransport(c.env) === "dev-outbox" && LOCAL_HOSTS.has(new URL(c.req.url).hostname);
}

export const devOutboxRoutes = new Hono<AppEnv>().get("/", async (c) => {
  if (!enabled(c)) throw problems.notFound();
  const emails = await devOutbox(c.env.KV, SHOWN);
  const items = emails.map(
    (email) => html`<article>
<h2>${email.subject}</h2>
<p>To ${email.to}, ${new Date(email.sent_at).toISOString()}</p>
<pre>${email.text}</pre>
${Array.from(email.text.matchAll(/https?:\/\/\S+/g), ([link]) => html`<p><a href="${link}">${link}</a></p>`)}
</article>`,
  );
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Dev outbox</title></head>
<body><h1>Dev outbox (npm start only)</h1>
<p>The newest ${SHOWN} emails this Worker sent locally; nothing here leaves your machine.</p>
${items.length > 0 ? items : html`<p>No emails yet.</p>`}
</body></html>`;
  // Text and links only: nothing may run, load or frame it.
  const policy = contentSecurityPolicy({
    "default-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
    "frame-ancestors": ["'none'"],
  });
  // Hono's c.html spelling of the charset, which this page has always been sent with.
  return htmlPage(page.text, policy, 200, { "Content-Type": "text/html; charset=UTF-8" });
});
