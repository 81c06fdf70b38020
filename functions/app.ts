/** The Hono app: global middleware, the route modules, the OpenAPI document and the one error handler. */
import { OpenAPIHono } from "@hono/zod-openapi";
import { secureHeaders } from "hono/secure-headers";
import { OSDI_PATH } from "../src/osdi/resources";
import { problems } from "../src/problems";
import { apiKeyRoutes } from "./api-keys";
import { confirmRoutes } from "./confirm";
import { CONSOLE_BASE } from "./console/auth";
import { consoleRoutes } from "./console/routes";
import { countRoutes } from "./counts";
import { devOutboxRoutes } from "./dev-outbox";
import { docRoutes } from "./docs";
import { embedRoutes } from "./embed/routes";
import { exportRoutes } from "./exports";
import { fraudFlagRoutes } from "./fraud-flags";
import { healthRoutes } from "./health";
import { frameOptionsUnlessFrameAncestors } from "./http/frame-options";
import { onError, problemResponse } from "./http/problem";
import { requestIds } from "./http/request-id";
import { operationRoutes } from "./operations";
import { osdiEntryPoint, osdiRoutes } from "./osdi/routes";
import { petitionAdminRoutes } from "./petitions/admin";
import { petitionRoutes } from "./petitions/public";
import { privacyRoutes } from "./privacy";
import { reportRoutes } from "./reports";
import { shareImageRoutes } from "./share-images";
import { signatureRoutes } from "./signatures";
import type { AppEnv } from "./types";
import { webhookRoutes } from "./webhooks";

export const app = new OpenAPIHono<AppEnv>();

app.use(requestIds);
app.use(secureHeaders({ crossOriginResourcePolicy: false, crossOriginOpenerPolicy: false, xFrameOptions: false }));
app.use(frameOptionsUnlessFrameAncestors);

app.route("/v1/petitions", petitionRoutes);
app.route("/v1/petitions", signatureRoutes);
app.route("/v1", petitionAdminRoutes);
app.route("/v1/petitions", exportRoutes);
app.route("/v1", fraudFlagRoutes);
app.route("/v1/admin", privacyRoutes);
app.route("/v1/admin", operationRoutes);
app.route("/v1/admin/api-keys", apiKeyRoutes);
app.route("/v1/admin/webhooks", webhookRoutes);
app.route(OSDI_PATH, osdiRoutes);
// OSDI writes its entry point with a trailing slash; the document names it without (Redocly's rule).
app.get(`${OSDI_PATH}/`, ...osdiEntryPoint);
// The embed routes serve unrelated roots (/embed.js, /embed/{slug}, /p/{slug}): no common base.
app.route("/", embedRoutes);
// Share images answer under /v1/petitions (the organisers') and /p (link previews'): no common base either.
app.route("/", shareImageRoutes);
app.route("/v1", countRoutes);
app.route("/v1", reportRoutes);
app.route("/v1/health", healthRoutes);
app.route(
  CONSOLE_BASE,
  consoleRoutes((request, env, ctx) => app.fetch(request, env, ctx)),
);
app.route("/confirm", confirmRoutes);
app.route("/dev/outbox", devOutboxRoutes);

app.openAPIRegistry.registerComponent("securitySchemes", "adminToken", {
  type: "http",
  scheme: "bearer",
  description: "The ADMIN_TOKEN secret",
});
app.openAPIRegistry.registerComponent("securitySchemes", "partnerKey", {
  type: "http",
  scheme: "bearer",
  description: "A partner API key's secret (POST /v1/admin/api-keys), or the ADMIN_TOKEN as the owner's key",
});
app.openAPIRegistry.registerComponent("securitySchemes", "osdiApiToken", {
  type: "apiKey",
  in: "header",
  name: "OSDI-API-Token",
  description: "The same key, in the header OSDI and Action Network clients send",
});
app.doc31("/openapi.json", {
  openapi: "3.1.0",
  info: {
    title: "Petition Edge",
    version: "1.0.0",
    description: "Signatures at the edge: petitions, signing, counts. Errors are RFC 9457 problem+json.",
  },
  // Relative: the document describes the Worker that serves it, wherever it is deployed.
  servers: [{ url: "/", description: "This Worker" }],
  tags: [
    { name: "Petitions", description: "Public reads of open petitions" },
    { name: "Signing", description: "The sign endpoint, for scripts, apps and the embed form" },
    { name: "Counts", description: "Published counts, cacheable at the edge" },
    { name: "Reports", description: "Charts and organisers' reports" },
    { name: "Embed", description: "The embeddable form and its script" },
    { name: "Admin", description: "The organisers' API, behind the ADMIN_TOKEN bearer" },
    { name: "Partners", description: "Partner API keys: partners forward signatures server to server" },
    { name: "Webhooks", description: "Endpoints sent signature, milestone and report events (Standard Webhooks)" },
    {
      name: "OSDI",
      description:
        "OSDI 1.1 as Action Network speaks it, for CRMs and OSDI clients: petitions, the record signature helper, signatures",
    },
    { name: "Health", description: "Liveness, for monitors" },
  ],
});
app.route("/docs", docRoutes);

app.notFound((c) => problemResponse(c, problems.notFound()));
app.onError(onError);
