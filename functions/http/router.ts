/** Route modules are OpenAPIHono routers that share one validation hook and the OpenAPI helpers. */
import { type Hook, OpenAPIHono } from "@hono/zod-openapi";
import { problems } from "../../src/problems";
import { Problem } from "../../src/schemas";
import type { AppEnv } from "../types";
import { fieldErrors, PROBLEM_JSON } from "./problem";

/** Validation failures are thrown into the app's onError, so every 4xx has the same shape. */
const throwValidationProblem: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) throw problems.validation(fieldErrors(result.error));
};

export function createRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook: throwValidationProblem });
}

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: "Unparseable body",
  401: "Missing or wrong admin token",
  403: "A browser request from a site that may not sign this petition",
  404: "No such petition (drafts included, for the public)",
  409: "Conflict",
  413: "Body too large",
  415: "Unsupported media type",
  422: "Validation failed; `errors` names each field",
  429: "Rate limited; see Retry-After",
  503: "Not configured",
};

/** The OpenAPI `responses` entries for the problems a route can answer with. */
export function problemResponses(...statuses: (keyof typeof PROBLEM_DESCRIPTIONS)[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: PROBLEM_DESCRIPTIONS[status] ?? "Error", content: { [PROBLEM_JSON]: { schema: Problem } } },
    ]),
  );
}

export const adminSecurity = [{ adminToken: [] }];
