/** The Hono app: global middleware, the route modules, the OpenAPI document and the one error handler. */
import { OpenAPIHono } from "@hono/zod-openapi";
import { secureHeaders } from "hono/secure-headers";
import { problems } from "../src/problems";
import { confirm } from "./confirm";
import { consoleRoutes } from "./console/routes";
import { counts } from "./counts";
import { devOutboxPage } from "./dev-outbox";
import { docs } from "./docs";
import { frameAncestorsReplaceFrameOptions } from "./embed/headers";
import { embed } from "./embed/routes";
import { exportRoutes } from "./exports";
import { healthRoutes } from "./health";
import { onError, problemResponse } from "./http/problem";
import { operationRoutes } from "./operations";
import { petitionAdminRoutes } from "./petitions/admin";
import { petitionRoutes } from "./petitions/public";
import { privacyRoutes } from "./privacy";
import { reports } from "./reports";
import { signatures } from "./signatures";
import type { AppEnv } from "./types";

export const app = new OpenAPIHono<AppEnv>();

app.use(frameAncestorsReplaceFrameOptions);
app.use(secureHeaders({ crossOriginResourcePolicy: false, crossOriginOpenerPolicy: false }));

app.route("/", petitionRoutes);
app.route("/", signatures);
app.route("/", petitionAdminRoutes);
app.route("/", exportRoutes);
app.route("/", privacyRoutes);
app.route("/", operationRoutes);
app.route("/", embed);
app.route("/", counts);
app.route("/", reports);
app.route("/", healthRoutes);
app.route(
  "/",
  consoleRoutes((request, env, ctx) => app.fetch(request, env, ctx)),
);
app.route("/", confirm);
app.route("/", devOutboxPage);

app.openAPIRegistry.registerComponent("securitySchemes", "adminToken", {
  type: "http",
  scheme: "bearer",
  description: "The ADMIN_TOKEN secret",
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
    { name: "Health", description: "Liveness, for monitors" },
  ],
});
app.route("/", docs);

app.notFound((c) => problemResponse(c, problems.notFound()));
app.onError(onError);
