import type { ZodError } from "zod";
import type { Problem } from "./schemas";

/** Members a problem type adds to the RFC 9457 ones (the Problem schema names each). */
export type ProblemExtensions = Pick<Problem, "challenge">;

/**
 * Failures as values: each has an RFC 9457 type, title and status. The edge turns any of them into
 * application/problem+json in one place (functions/http/problem.ts).
 */
export interface FieldError {
  path: string;
  message: string;
}

export class ProblemError extends Error {
  constructor(
    readonly type: string,
    readonly title: string,
    readonly status: number,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
    readonly extensions?: ProblemExtensions,
  ) {
    super(detail ?? title);
    this.name = "ProblemError";
  }

  /** The failure this problem reports, kept (as Error.cause) for whoever logs it. */
  withCause(cause: unknown): this {
    this.cause = cause;
    return this;
  }
}

const typeUri = (name: string) => `/problems/${name}`;

export const problems = {
  malformedBody: (detail: string) => new ProblemError(typeUri("malformed-body"), "Malformed request body", 400, detail),
  validation: (errors: FieldError[]) =>
    new ProblemError(
      typeUri("validation"),
      "Invalid request",
      422,
      errors.map((e) => `${e.path}: ${e.message}`).join("; "),
      errors,
    ),
  unauthorized: () =>
    new ProblemError(
      typeUri("unauthorized"),
      "Unauthorized",
      401,
      "A valid admin bearer token is required.",
      undefined,
      { "WWW-Authenticate": 'Bearer realm="admin"' },
    ),
  invalidApiKey: () =>
    new ProblemError(
      typeUri("invalid-api-key"),
      "Unauthorized",
      401,
      "A valid API key is required: Authorization: Bearer <secret>, or OSDI-API-Token: <secret>.",
      undefined,
      { "WWW-Authenticate": 'Bearer realm="partners"' },
    ),
  keyNotAllowed: (detail: string) => new ProblemError(typeUri("key-not-allowed"), "Forbidden", 403, detail),
  adminDisabled: () =>
    new ProblemError(
      typeUri("admin-disabled"),
      "Admin API not configured",
      503,
      "Set the ADMIN_TOKEN secret to enable the admin API.",
    ),
  accessDenied: () =>
    new ProblemError(
      typeUri("access-denied"),
      "Access denied",
      403,
      "The console needs a valid Cloudflare Access token (Cf-Access-Jwt-Assertion) for this application.",
    ),
  csrfRejected: () =>
    new ProblemError(
      typeUri("csrf-rejected"),
      "Request not from the console",
      403,
      "A change in the console must come from its own form: reload the page and try again.",
      [{ path: "csrf", message: "missing or wrong" }],
    ),
  notConfigured: (what: string) => new ProblemError(typeUri("not-configured"), "Service not configured", 503, what),
  notFound: (detail = "No such resource.") => new ProblemError(typeUri("not-found"), "Not found", 404, detail),
  petitionNotFound: (slug: string) =>
    new ProblemError(typeUri("petition-not-found"), "Petition not found", 404, `No petition "${slug}".`),
  removalNotFound: (id: number) =>
    new ProblemError(typeUri("removal-not-found"), "Removal not found", 404, `No removal ${id}.`),
  petitionClosed: (slug: string) =>
    new ProblemError(
      typeUri("petition-closed"),
      "Petition closed",
      409,
      `Petition "${slug}" no longer accepts signatures.`,
    ),
  /** Neither D1 nor the queue could take the signature: the one case where a person must try again. */
  signingUnavailable: (retryAfterSeconds: number) =>
    new ProblemError(
      typeUri("signing-unavailable"),
      "Signing temporarily unavailable",
      503,
      "Your signature could not be stored. Nothing was kept; please try again shortly.",
      undefined,
      { "Retry-After": String(retryAfterSeconds) },
    ),
  slugTaken: (slug: string) =>
    new ProblemError(typeUri("slug-taken"), "Slug already exists", 409, `A petition "${slug}" already exists.`, [
      { path: "slug", message: "already taken" },
    ]),
  payloadTooLarge: (limit: number) =>
    new ProblemError(
      typeUri("payload-too-large"),
      "Payload too large",
      413,
      `The body must be at most ${limit} bytes.`,
    ),
  /** 422 naming each of a list's petitions (`petitions.<i>`) that does not exist; null when all do. */
  unknownPetitions: (slugs: readonly string[], known: ReadonlyMap<string, unknown>) => {
    const errors = slugs.flatMap((slug, i) =>
      known.has(slug) ? [] : [{ path: `petitions.${i}`, message: `No petition "${slug}"` }],
    );
    return errors.length > 0 ? problems.validation(errors) : null;
  },
  tooManyItems: (max: number, count: number) =>
    new ProblemError(
      typeUri("too-many-items"),
      "Too many items",
      413,
      `A batch carries at most ${max} signatures; this one has ${count}. Send the rest in further batches.`,
    ),
  unsupportedMediaType: (accepted: readonly string[]) =>
    new ProblemError(
      typeUri("unsupported-media-type"),
      "Unsupported media type",
      415,
      `Send one of: ${accepted.join(", ")}.`,
      undefined,
      { "Accept-Post": accepted.join(", ") },
    ),
  rateLimited: (retryAfterSeconds: number, headers: Record<string, string>) =>
    new ProblemError(
      typeUri("rate-limited"),
      "Too many requests",
      429,
      `Try again in ${retryAfterSeconds} seconds.`,
      undefined,
      { "Retry-After": String(retryAfterSeconds), ...headers },
    ),
  /** Over the network's limits, but a solved challenge is taken: the widget to show and where its token goes. */
  challengeRequired: (
    retryAfterSeconds: number,
    headers: Record<string, string>,
    challenge: NonNullable<Problem["challenge"]>,
  ) =>
    new ProblemError(
      typeUri("challenge-required"),
      "Challenge required",
      429,
      `Too many signatures came from your network. Solve the Turnstile challenge (site key ${challenge.site_key}) and send the signature again with its token in ${challenge.field}, or try again in ${retryAfterSeconds} seconds.`,
      undefined,
      { "Retry-After": String(retryAfterSeconds), ...headers },
      { challenge },
    ),
  forbiddenOrigin: () =>
    new ProblemError(
      typeUri("forbidden-origin"),
      "Origin not allowed",
      403,
      "This petition takes signatures from its own pages and its embed_origins only.",
    ),
  /** Cloudflare Access's signing keys could not be fetched: the JWT can be neither trusted nor refused. */
  accessUnavailable: () =>
    new ProblemError(
      typeUri("access-unavailable"),
      "Sign-in check unavailable",
      503,
      "Cloudflare Access's keys could not be fetched to check your sign-in. Try again shortly.",
      undefined,
      { "Retry-After": "10" },
    ),
  verificationUnavailable: () =>
    new ProblemError(
      typeUri("verification-unavailable"),
      "Verification unavailable",
      503,
      "The bot check could not be completed; nothing was stored. Try again shortly.",
      undefined,
      { "Retry-After": "10" },
    ),
  internal: () =>
    new ProblemError(
      typeUri("internal"),
      "Internal error",
      500,
      "Something went wrong on our side; nothing was stored.",
    ),
};

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

/** The RFC 9457 document of a problem: what a response carries, or an item of a batch's answer. */
export function problemDocument(error: ProblemError): Problem {
  const body: Problem = { type: error.type, title: error.title, status: error.status };
  if (error.detail) body.detail = error.detail;
  if (error.errors) body.errors = error.errors;
  return { ...body, ...error.extensions };
}
