/**
 * /docs: Swagger UI for /openapi.json, its files served by this Worker (swagger-ui-dist, pinned in
 * package.json and bundled as text), under a CSP that lets the page load nothing from elsewhere.
 */
import { Hono } from "hono";
import { etag } from "hono/etag";
import swaggerUiPackage from "swagger-ui-dist/package.json";
import swaggerUiCss from "swagger-ui-dist/swagger-ui.css";
import swaggerUiBundle from "swagger-ui-dist/swagger-ui-bundle.js";
import { contentSecurityPolicy } from "./http/html";
import type { AppEnv } from "./types";

/** The page starts Swagger UI from a file of its own: the CSP allows no inline script. */
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });\n`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Petition Edge API</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

/** Same origin only; Swagger UI draws some icons from data: URIs and sets element styles from script. */
const DOCS_CSP = contentSecurityPolicy({
  "default-src": ["'none'"],
  "script-src": ["'self'"],
  "style-src": ["'self'"],
  "img-src": ["'self'", "data:"],
  "connect-src": ["'self'"],
  "base-uri": ["'none'"],
  "form-action": ["'none'"],
  "frame-ancestors": ["'none'"],
});

/** The vendored files are versioned by swagger-ui-dist's version, so the etag middleware need not hash 1.7 MB per request. */
const vendored = (name: string) => `"swagger-ui-dist@${swaggerUiPackage.version}/${name}"`;

const FILES: Record<string, { body: string; type: string; etag?: string }> = {
  "swagger-ui.css": { body: swaggerUiCss, type: "text/css; charset=utf-8", etag: vendored("swagger-ui.css") },
  "swagger-ui-bundle.js": {
    body: swaggerUiBundle,
    type: "text/javascript; charset=utf-8",
    etag: vendored("swagger-ui-bundle.js"),
  },
  "init.js": { body: INIT_SCRIPT, type: "text/javascript; charset=utf-8" },
};

export const docRoutes = new Hono<AppEnv>();
docRoutes.use("/", etag());
docRoutes.use("/*", etag());
docRoutes.use("/", async (c, next) => {
  await next();
  c.header("Content-Security-Policy", DOCS_CSP);
});

docRoutes.get("/", (c) => c.html(PAGE));
docRoutes.get("/:file", (c) => {
  const file = FILES[c.req.param("file")];
  if (!file) return c.notFound();
  // A day in caches, then revalidated by ETag: the files change only with swagger-ui-dist's version.
  const headers = { "Content-Type": file.type, "Cache-Control": "public, max-age=86400" };
  return c.body(file.body, 200, file.etag ? { ...headers, ETag: file.etag } : headers);
});
