/** The one place failures become RFC 9457 application/problem+json responses. */
import type { Context, ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { log } from "../../src/log";
import { ProblemError, problemDocument, problems } from "../../src/problems";

export const PROBLEM_JSON = "application/problem+json";

export function problemResponse(c: Context, error: ProblemError): Response {
  return c.body(JSON.stringify(problemDocument(error)), error.status as ContentfulStatusCode, {
    ...error.headers,
    "Content-Type": PROBLEM_JSON,
    "Cache-Control": "no-store",
  });
}

/** Any error thrown anywhere as a problem: ours as they are, Hono's by status, the rest as 500. */
export function toProblem(error: unknown): ProblemError {
  if (error instanceof ProblemError) return error;
  if (error instanceof HTTPException) {
    if (error.status === 400) return problems.malformedBody(error.message || "The body could not be parsed.");
    return new ProblemError("about:blank", error.message || "Error", error.status);
  }
  // Only the error's kind and message: request data (emails, names, IPs) never reaches the logs.
  log.error("unhandled-error", { error: error instanceof Error ? `${error.name}: ${error.message}` : typeof error });
  return problems.internal();
}

export const onError: ErrorHandler = (error, c) => problemResponse(c, toProblem(error));
