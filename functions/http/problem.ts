/** The one place failures become RFC 9457 application/problem+json responses. */
import type { Context, ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";
import { type FieldError, ProblemError, problems } from "../../src/problems";
import type { Problem } from "../../src/schemas";

export const PROBLEM_JSON = "application/problem+json";

export function problemResponse(c: Context, error: ProblemError): Response {
  const body: Problem = { type: error.type, title: error.title, status: error.status };
  if (error.detail) body.detail = error.detail;
  if (error.errors) body.errors = error.errors;
  return c.body(JSON.stringify(body), error.status as ContentfulStatusCode, {
    ...error.headers,
    "Content-Type": PROBLEM_JSON,
    "Cache-Control": "no-store",
  });
}

/** zod issues as { path, message }, naming the field; unknown keys become one error each. */
export function fieldErrors(error: ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: path ? `${path}.${key}` : key, message: "Unknown field" }));
    }
    return [{ path: path || "body", message: issue.message }];
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
  console.error("unhandled error", error instanceof Error ? `${error.name}: ${error.message}` : typeof error);
  return problems.internal();
}

export const onError: ErrorHandler = (error, c) => problemResponse(c, toProblem(error));
