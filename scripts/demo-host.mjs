// The demo host page: a campaign site on another origin that embeds a petition with embed.js (and,
// for visitors without JavaScript, the iframe itself) and lists the events the form sends it.
// `npm start` serves it on http://localhost:8788; the browser tests on a port of their own.
import { createServer } from "node:http";

const LANGUAGES = { en: "English", es: "Español", fr: "Français", pt: "Português", de: "Deutsch", ar: "العربية" };

/**
 * Every value written into the page is safe by construction: the origin and slug are ours and the
 * language is one of LANGUAGES.
 * @param {string} workerOrigin
 * @param {string} slug
 * @param {string} lang
 */
function hostPage(workerOrigin, slug, lang) {
  const frameUrl = `${workerOrigin}/embed/${slug}?lang=${lang}&source=demo-host`;
  const languageLinks = Object.entries(LANGUAGES).map(
    ([code, name]) => `<a href="?lang=${code}" lang="${code}">${name}</a>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>A campaign site (embed.js demo)</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}code,pre{background:#f4f4f5;overflow-x:auto}</style>
</head>
<body>
<h1>A campaign site</h1>
<p>This page stands for a campaign's own site, on another origin than the petition service. It embeds the petition <code>${slug}</code> with one line:</p>
<pre><code>&lt;script src="${workerOrigin}/embed.js" data-petition="${slug}" data-locale="${lang}" async&gt;&lt;/script&gt;</code></pre>
<p>Language: ${languageLinks.join(" · ")}</p>
<script src="${workerOrigin}/embed.js" data-petition="${slug}" data-locale="${lang}" data-source="demo-host" async></script>
<noscript><iframe src="${frameUrl}" title="Sign the petition" style="display:block;width:100%;height:1100px;border:0"></iframe></noscript>
<h2>Events from the form</h2>
<ol id="events"></ol>
<script>
  addEventListener("message", (event) => {
    if (event.origin !== ${JSON.stringify(workerOrigin)} || event.data?.type !== "petition:signed") return;
    const item = document.createElement("li");
    item.textContent = "petition:signed " + JSON.stringify(event.data);
    document.getElementById("events").append(item);
  });
</script>
</body>
</html>
`;
}

/**
 * Serves the demo host page on 127.0.0.1:`port` (reachable as localhost too).
 * @param {{ port: number, workerOrigin: string, slug: string }} options
 * @returns {Promise<{ close(): Promise<void> }>}
 */
export async function startDemoHost({ port, workerOrigin, slug }) {
  const server = createServer((req, res) => {
    const requested = new URL(req.url ?? "/", "http://host").searchParams.get("lang") ?? "en";
    const lang = Object.hasOwn(LANGUAGES, requested) ? requested : "en";
    res
      .writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" })
      .end(hostPage(workerOrigin, slug, lang));
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(undefined));
  });
  return { close: () => new Promise((resolve) => server.close(() => resolve(undefined))) };
}

/**
 * Adds the host page's origins to the demo petition's embed_origins through the admin API (which
 * also refreshes the petition's cached copies), keeping those it has.
 * @param {{ workerOrigin: string, adminToken: string, hostOrigins: string[] }} options
 */
export async function allowDemoHost({ workerOrigin, adminToken, hostOrigins }) {
  const headers = { authorization: `Bearer ${adminToken}`, "content-type": "application/json" };
  const read = await fetch(`${workerOrigin}/v1/admin/petitions/demo`, { headers });
  if (!read.ok) throw new Error(`could not read the demo petition: ${read.status} ${await read.text()}`);
  const { embed_origins: origins } = /** @type {{ embed_origins: string[] }} */ (await read.json());
  const missing = hostOrigins.filter((origin) => !origins.includes(origin));
  if (missing.length === 0) return;
  const patched = await fetch(`${workerOrigin}/v1/petitions/demo`, {
    method: "PATCH",
    headers,
    body: JSON.stringify({ embed_origins: [...origins, ...missing] }),
  });
  if (!patched.ok)
    throw new Error(`could not let the host page frame the demo: ${patched.status} ${await patched.text()}`);
}
