/** The organisers' side of petitions: create, update (closing included), list and read with drafts, counts by source. */
import { createRoute, z } from "@hono/zod-openapi";
import { unspokenLanguages } from "../../src/i18n/petition-locales";
import { problems } from "../../src/problems";
import { Petition, PetitionCreate, PetitionPatch, PetitionWithCount } from "../../src/schemas";
import { refreshCachedPetition } from "../../src/store/petition-cache";
import { insertPetition, publicPetition, updatePetition } from "../../src/store/petitions";
import { writePublishedCount } from "../../src/store/published-tally";
import { SOURCE_LIMIT, signaturesBySource } from "../../src/store/sources";
import { findPetitionTally } from "../../src/store/tallies";
import { publishedCountDocument, tallyDocument } from "../../src/tally/published-count";
import { ADMIN_WRITE, requireAdmin } from "../http/admin-auth";
import { PageQuery, SlugParam } from "../http/params";
import { knownPetition, loadPetition } from "../http/petition";
import { PetitionList, petitionList } from "../http/petition-list";
import { adminSecurity, createRouter, HEADERS, problemResponses } from "../http/router";

const create = createRoute({
  method: "post",
  path: "/petitions",
  operationId: "createPetition",
  tags: ["Admin"],
  summary: "Create a petition (admin)",
  security: adminSecurity,
  middleware: ADMIN_WRITE,
  request: { body: { required: true, content: { "application/json": { schema: PetitionCreate } } } },
  responses: {
    201: {
      description: "Created",
      headers: { Location: HEADERS.Location },
      content: { "application/json": { schema: Petition } },
    },
    ...problemResponses(400, 401, 409, 413, 415, 422, 503),
  },
});

const update = createRoute({
  method: "patch",
  path: "/petitions/{slug}",
  operationId: "updatePetition",
  tags: ["Admin"],
  summary: "Update a petition, closing it included (admin)",
  security: adminSecurity,
  middleware: ADMIN_WRITE,
  request: { params: SlugParam, body: { required: true, content: { "application/json": { schema: PetitionPatch } } } },
  responses: {
    200: { description: "Updated", content: { "application/json": { schema: Petition } } },
    ...problemResponses(400, 401, 404, 413, 415, 422, 503),
  },
});

const listAll = createRoute({
  method: "get",
  path: "/admin/petitions",
  operationId: "listAllPetitions",
  tags: ["Admin"],
  summary: "All petitions, drafts and closed ones included (admin)",
  security: adminSecurity,
  middleware: [requireAdmin] as const,
  request: { query: PageQuery },
  responses: {
    200: { description: "A page of petitions", content: { "application/json": { schema: PetitionList } } },
    ...problemResponses(401, 422, 503),
  },
});

const getAny = createRoute({
  method: "get",
  path: "/admin/petitions/{slug}",
  operationId: "getAnyPetition",
  tags: ["Admin"],
  summary: "One petition with its count, drafts included (admin)",
  security: adminSecurity,
  middleware: [requireAdmin, loadPetition("current")] as const,
  request: { params: SlugParam },
  responses: {
    200: { description: "The petition", content: { "application/json": { schema: PetitionWithCount } } },
    ...problemResponses(401, 404, 422, 503),
  },
});

const SourceCounts = z
  .object({
    sources: z.array(
      z.object({
        source: z.string().nullable().meta({ description: "The source tag; null: signatures sent without one" }),
        api_key_id: z
          .string()
          .nullable()
          .meta({ description: "The partner key that brought them; null: the public sign path" }),
        count: z.int(),
      }),
    ),
  })
  .meta({ id: "SourceCounts" });

const sources = createRoute({
  method: "get",
  path: "/petitions/{slug}/sources",
  operationId: "countSignaturesBySource",
  tags: ["Admin"],
  summary: "A petition's signatures counted by attribution: partner key and source tag (admin)",
  description: `As the minute's tally keeps them (one indexed read, exact as of the last cron run), most first, at most ${SOURCE_LIMIT}.`,
  security: adminSecurity,
  middleware: [requireAdmin, loadPetition("current")] as const,
  request: { params: SlugParam },
  responses: {
    200: { description: "Counts by source", content: { "application/json": { schema: SourceCounts } } },
    ...problemResponses(401, 404, 422, 503),
  },
});

export const petitionAdminRoutes = createRouter()
  .openapi(create, async (c) => {
    const input = c.req.valid("json");
    const unspoken = unspokenLanguages(input);
    if (unspoken) throw unspoken;
    const petition = await insertPetition(c.env.DB, input, new Date());
    if (!petition) throw problems.slugTaken(input.slug);
    await Promise.all([
      refreshCachedPetition(c.env.KV, petition),
      // Drafts stay unpublished: their count would tell the public they exist.
      petition.status === "draft"
        ? undefined
        : writePublishedCount(c.env.KV, publishedCountDocument(petition, 0, null)),
    ]);
    return c.json(publicPetition(petition), 201, { Location: `/v1/petitions/${petition.slug}` });
  })
  .openapi(update, async (c) => {
    const { slug } = c.req.valid("param");
    const patch = c.req.valid("json");
    const unspoken = unspokenLanguages(patch);
    if (unspoken) throw unspoken;
    // The update itself tells whether the petition exists: no lookup before it.
    const petition = knownPetition(slug, await updatePetition(c.env.DB, slug, patch, new Date()));
    await Promise.all([
      refreshCachedPetition(c.env.KV, petition),
      // The published count carries the goal and follows the rounding: keep it in step without waiting for the next tally.
      petition.status === "draft" ? undefined : writePublishedCount(c.env.KV, await tallyDocument(c.env.DB, petition)),
    ]);
    return c.json(publicPetition(petition), 200);
  })
  .openapi(listAll, async (c) => {
    return c.json(await petitionList(c.env.DB, c.req.valid("query"), "admin"), 200);
  })
  .openapi(getAny, async (c) => {
    const petition = c.var.petition;
    // Organisers see the exact count, not the public's (maybe rounded) one.
    const count = (await findPetitionTally(c.env.DB, petition.id))?.count ?? 0;
    return c.json({ ...publicPetition(petition), count }, 200, { "Cache-Control": "no-store" });
  })
  .openapi(sources, async (c) => {
    const petition = c.var.petition;
    return c.json({ sources: await signaturesBySource(c.env.DB, petition.id) }, 200, { "Cache-Control": "no-store" });
  });
