/**
 * OSDI 1.1 at /osdi/v1, as Action Network speaks it, so CRMs and OSDI client libraries pointed here
 * list petitions, record signatures and page through signatures unchanged. The entry point and the
 * petitions are public (a key limited to some petitions sees those); recording a signature is the
 * public sign path, or a key's; reading signatures needs a key with signatures:read, and a partner
 * key sees only the signatures it brought. Every answer is application/hal+json, every error
 * problem+json. The mapping and what is not supported: README, Partners and CRMs.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { signatureInputOf, withOsdiPaths } from "../../src/osdi/person";
import {
  collectionPage,
  entryPoint,
  MAX_PER_PAGE,
  OSDI_PATH,
  osdiPetition,
  osdiUrls,
  recordedSignature,
  storedSignature,
} from "../../src/osdi/resources";
import {
  OsdiEmpty,
  OsdiEntryPoint,
  OsdiPetition,
  OsdiPetitions,
  OsdiRecordSignature,
  OsdiSignature,
  OsdiSignatures,
} from "../../src/osdi/schemas";
import { signaturePage } from "../../src/osdi/signature-pages";
import { problems } from "../../src/problems";
import { signPetition } from "../../src/signing/sign";
import { scopedSignature } from "../../src/store/osdi-signatures";
import type { PetitionRecord } from "../../src/store/petitions";
import { visiblePetitionsPage } from "../../src/store/petitions";
import { publicCount } from "../../src/tally/public-count";
import { readPublishedCount } from "../../src/tally/published-count";
import { keyring, publicOrigin, queuedSignatureWriter } from "../config";
import { limitBody, requireMediaType, SIGNATURE_BODY_LIMIT } from "../http/body";
import { attributedKey, type Caller, identifyCaller, requireCaller, requirePetitionAccess } from "../http/callers";
import { requireSigningOrigin, signingCors } from "../http/cors";
import { SlugParam } from "../http/params";
import { loadPetition } from "../http/petition";
import { rateLimited, rateLimitHeaders } from "../http/rate-limit";
import { createRouter, HEADERS, partnerOrPublicAccess, partnerSecurity, problemResponses } from "../http/router";
import { signingDeps } from "../http/signing-deps";
import { publicSigningPetition } from "../http/signing-petition";

const HAL_JSON = "application/hal+json";

const hal = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { [HAL_JSON]: { schema } },
});

/** Every answer: HAL, never cached (signatures carry personal data; petitions are cheap to read). */
function halResponse<T>(c: Context, body: T, headers: Record<string, string> = {}) {
  return c.json(body, 200, { ...headers, "Content-Type": HAL_JSON, "Cache-Control": "no-store" });
}

/** What links need of a request: the configured origin, or the one it came to. */
type RequestPlace = { env: Env; req: { url: string } };

const urlsOf = (c: RequestPlace) => osdiUrls(`${publicOrigin(c.env, c.req.url)}${OSDI_PATH}`);

const PageQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000_000).default(1).meta({ description: "From 1" }),
  per_page: z.coerce
    .number()
    .int()
    .min(1)
    .default(MAX_PER_PAGE)
    .transform((n) => Math.min(n, MAX_PER_PAGE))
    .meta({ description: `At most ${MAX_PER_PAGE}: more is read as ${MAX_PER_PAGE}` }),
  filter: z
    .string()
    .refine(() => false, "OData filters are not supported: page through the collection")
    .optional()
    .meta({ description: "Not supported: refused with 422" }),
});

const SignaturePageQuery = PageQuery.extend({
  after: z
    .string()
    .regex(/^\d+$/, "a signature id from a next link")
    .optional()
    .meta({ description: "The cursor a `next` link carries: the page starts after this signature id" }),
});

const SignatureParams = SlugParam.extend({
  id: z
    .string()
    .regex(/^\d+$/, "a signature id such as 1234")
    .meta({ param: { name: "id", in: "path" }, example: "1234" }),
});

const entry = createRoute({
  method: "get",
  path: "/",
  operationId: "osdiEntryPoint",
  tags: ["OSDI"],
  summary: "OSDI's API entry point: links to the petitions",
  security: partnerOrPublicAccess,
  middleware: [identifyCaller()] as const,
  responses: { 200: hal(OsdiEntryPoint, "The entry point"), ...problemResponses(401) },
});

const listPetitions = createRoute({
  method: "get",
  path: "/petitions",
  operationId: "osdiListPetitions",
  tags: ["OSDI"],
  summary: "Petitions as OSDI resources, oldest first, in numbered pages",
  description:
    "Drafts are left out. A partner key limited to some petitions lists those. A page past the last one is 200 with an empty `osdi:petitions`.",
  security: partnerOrPublicAccess,
  middleware: [identifyCaller()] as const,
  request: { query: PageQuery },
  responses: { 200: hal(OsdiPetitions, "A page of petitions"), ...problemResponses(401, 422) },
});

const getPetition = createRoute({
  method: "get",
  path: "/petitions/{slug}",
  operationId: "osdiGetPetition",
  tags: ["OSDI"],
  summary: "One petition as an OSDI resource; its id is its slug",
  security: partnerOrPublicAccess,
  middleware: [identifyCaller(), loadPetition("public")] as const,
  request: { params: SlugParam },
  responses: { 200: hal(OsdiPetition, "The petition"), ...problemResponses(401, 403, 404, 422) },
});

const recordSignature = createRoute({
  method: "post",
  path: "/petitions/{slug}/signatures",
  operationId: "osdiRecordSignature",
  tags: ["OSDI"],
  summary: "OSDI's record signature helper: sign with a person",
  description:
    "The sign endpoint's use-case, OSDI's body. Without a key it is the public sign path (the network's limits, the petition's embed_origins for browsers) and answers `{}`; with a key (signatures:write), the key's limits and attribution, and the signature as recorded. A repeat signature gets exactly the answer a first one gets. `?background_request=true` answers `{}` once the queue holds the signature, whatever the write mode.",
  security: partnerOrPublicAccess,
  middleware: [
    identifyCaller("signatures:write"),
    requireSigningOrigin,
    limitBody(SIGNATURE_BODY_LIMIT),
    requireMediaType(["application/json", HAL_JSON]),
  ] as const,
  request: {
    params: SlugParam,
    query: z.object({
      background_request: z
        .enum(["true", "false"])
        .optional()
        .meta({ description: "true: store through the queue and answer `{}`" }),
    }),
    body: { required: true, content: { "application/json": { schema: OsdiRecordSignature } } },
  },
  responses: {
    200: {
      description: "Signed (or signed before: indistinguishable). `{}` without a key or in the background.",
      headers: { "RateLimit-Policy": { ...HEADERS.RateLimitPolicy, required: false }, RateLimit: HEADERS.RateLimit },
      content: { [HAL_JSON]: { schema: z.union([OsdiSignature, OsdiEmpty]) } },
    },
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 503),
  },
});

const listSignatures = createRoute({
  method: "get",
  path: "/petitions/{slug}/signatures",
  operationId: "osdiListSignatures",
  tags: ["OSDI"],
  summary: "A petition's signatures with their people, in numbered pages (signatures:read)",
  description:
    "The owner sees every signature; a partner key only those it brought. Each page's `next` link carries a cursor (`after`), so following links costs the same on every page; a page number alone walks the index up to it. `total_records` is the count of the last tally run. A page past the last one is 200 with an empty `osdi:signatures`.",
  security: partnerSecurity,
  middleware: [requireCaller("signatures:read"), loadPetition("public")] as const,
  request: { params: SlugParam, query: SignaturePageQuery },
  responses: { 200: hal(OsdiSignatures, "A page of signatures"), ...problemResponses(401, 403, 404, 422, 503) },
});

const getSignature = createRoute({
  method: "get",
  path: "/petitions/{slug}/signatures/{id}",
  operationId: "osdiGetSignature",
  tags: ["OSDI"],
  summary: "One signature with its person (signatures:read); its id is `petition_edge:<id>`",
  description: "A partner key sees only the signatures it brought: another's is 404, like one that does not exist.",
  security: partnerSecurity,
  middleware: [requireCaller("signatures:read"), loadPetition("public")] as const,
  request: { params: SignatureParams },
  responses: { 200: hal(OsdiSignature, "The signature"), ...problemResponses(401, 403, 404, 422, 503) },
});

/** The petition's count as the public sees it, from a stored tally. */
const visibleCount = (petition: PetitionRecord & { count: number }) =>
  publicCount(petition.public_count_rounding, petition.count);

/** The petition's own page on this Worker, for browser_url when the campaign has no share_url. */
const petitionPage = (c: RequestPlace, slug: string) => new URL(`/p/${slug}`, publicOrigin(c.env, c.req.url)).href;

/** Whose signatures a caller reads: a partner key its own, the owner every one (null). */
const readerKey = (caller: Caller | undefined): string | null => attributedKey(caller);

const router = createRouter();
// Before the helper, so preflights are answered and every answer carries the grant.
router.on(["POST", "OPTIONS"], "/petitions/:slug/signatures", signingCors);

const answerEntryPoint = (c: Context) =>
  halResponse(c, entryPoint(urlsOf(c), `${publicOrigin(c.env, c.req.url)}/docs`));

/** The entry point's middleware and handler, for app.ts to serve at the base with a trailing slash too. */
export const osdiEntryPoint = [identifyCaller(), answerEntryPoint] as const;

export const osdiRoutes = router
  .openapi(entry, answerEntryPoint)
  .openapi(listPetitions, async (c) => {
    const { page, per_page: perPage } = c.req.valid("query");
    const caller = c.var.caller;
    const urls = urlsOf(c);
    const listed = await visiblePetitionsPage(c.env.DB, {
      skip: (page - 1) * perPage,
      limit: perPage,
      slugs: caller?.kind === "partner" ? caller.key.petitions : null,
    });
    const entries = listed.petitions.map((petition) => ({
      href: urls.petition(petition.slug),
      resource: osdiPetition(petition, visibleCount(petition), urls, petitionPage(c, petition.slug)),
    }));
    const hrefOf = (n: number) => `${urls.petitions}?page=${n}&per_page=${perPage}`;
    const more = (page - 1) * perPage + entries.length < listed.total;
    return halResponse(
      c,
      collectionPage("osdi:petitions", entries, {
        page,
        perPage,
        totalRecords: listed.total,
        selfHref: hrefOf(page),
        nextHref: more && entries.length > 0 ? hrefOf(page + 1) : null,
      }),
    );
  })
  .openapi(getPetition, async (c) => {
    const petition = c.var.petition;
    requirePetitionAccess(c.var.caller, petition.slug);
    const { count } = await readPublishedCount(c.env.KV, c.env.DB, petition);
    return halResponse(c, osdiPetition(petition, count, urlsOf(c), petitionPage(c, petition.slug)));
  })
  .openapi(recordSignature, async (c) => {
    const { slug } = c.req.valid("param");
    const caller = c.var.caller;
    requirePetitionAccess(caller, slug);
    const background = c.req.valid("query").background_request === "true";
    const input = signatureInputOf(c.req.valid("json"));
    const deps = await signingDeps(c, caller);
    const writer = background ? () => queuedSignatureWriter(c.env, c.executionCtx) : deps.writer;
    const result = await signPetition({ slug, load: () => publicSigningPetition(c) }, input, {
      ...deps,
      writer,
    }).catch((error) => {
      throw withOsdiPaths(error);
    });
    if (result.status === "rate-limited") throw rateLimited(result);
    const headers = rateLimitHeaders(result.rateLimit);
    // Anonymous callers hear what OSDI gives them, `{}`; so do those who asked not to wait.
    if (!caller || background) return halResponse(c, {}, headers);
    const petition = (await publicSigningPetition(c))!;
    const signer = {
      email: input.email,
      name: [input.first_name, input.last_name].filter(Boolean).join(" ") || null,
      postcode: input.postcode ?? null,
      country: input.country,
      consent: input.consent,
      locale: input.locale ?? null,
    };
    const answer = recordedSignature(petition, signer, input.source ?? null, result.status, deps.now, urlsOf(c));
    return halResponse(c, answer, headers);
  })
  .openapi(listSignatures, async (c) => {
    const petition = c.var.petition;
    requirePetitionAccess(c.var.caller, petition.slug);
    const { page, per_page: perPage, after } = c.req.valid("query");
    const listed = await signaturePage(
      c.env.DB,
      await keyring(c.env),
      petition,
      readerKey(c.var.caller),
      { page, perPage, after: after === undefined ? undefined : Number(after) },
      urlsOf(c),
    );
    return halResponse(c, listed);
  })
  .openapi(getSignature, async (c) => {
    const petition = c.var.petition;
    requirePetitionAccess(c.var.caller, petition.slug);
    const id = Number(c.req.valid("param").id);
    const scope = { petitionId: petition.id, apiKeyId: readerKey(c.var.caller) };
    const stored = await scopedSignature(c.env.DB, scope, id);
    if (!stored) throw problems.notFound(`No signature ${id} on petition "${petition.slug}" for this key.`);
    return halResponse(c, await storedSignature(petition, stored, await keyring(c.env), urlsOf(c)));
  });
