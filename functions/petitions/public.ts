/** Public reads of petitions: the list of open ones and a single petition with its count. */
import { createRoute, z } from "@hono/zod-openapi";
import { choosePetitionLanguage, petitionLanguages, petitionTexts } from "../../src/i18n/petition-language";
import { LanguageQuery, LocalizedPetition } from "../../src/schemas";
import { publicPetition } from "../../src/store/petitions";
import { readPublishedCount } from "../../src/tally/published-count";
import { PageQuery, SlugParam } from "../http/params";
import { loadPetition } from "../http/petition";
import { PetitionList, petitionList } from "../http/petition-list";
import { createRouter, problemResponses, publicAccess } from "../http/router";

const listOpen = createRoute({
  method: "get",
  path: "/",
  operationId: "listOpenPetitions",
  tags: ["Petitions"],
  summary: "Open petitions with their counts, newest first",
  security: publicAccess,
  request: { query: PageQuery },
  responses: {
    200: { description: "A page of petitions", content: { "application/json": { schema: PetitionList } } },
    ...problemResponses(422),
  },
});

const getOne = createRoute({
  method: "get",
  path: "/{slug}",
  operationId: "getPetition",
  tags: ["Petitions"],
  summary: "One petition with its published count, in the reader's language",
  security: publicAccess,
  middleware: [loadPetition("public")] as const,
  request: { params: SlugParam, query: LanguageQuery },
  responses: {
    200: {
      description: "The petition",
      headers: z.object({ "Content-Language": z.string(), Vary: z.string() }),
      content: { "application/json": { schema: LocalizedPetition } },
    },
    ...problemResponses(404, 422),
  },
});

export const petitionRoutes = createRouter()
  .openapi(listOpen, async (c) => {
    return c.json(await petitionList(c.env.DB, c.req.valid("query"), "public"), 200);
  })
  .openapi(getOne, async (c) => {
    const petition = c.var.petition;
    const { count } = await readPublishedCount(c.env.KV, c.env.DB, petition);
    const language = choosePetitionLanguage(petition, c.req.valid("query").lang, c.req.header("Accept-Language"));
    return c.json(
      {
        ...publicPetition(petition),
        ...petitionTexts(petition, language),
        count,
        languages: petitionLanguages(petition),
        text_language: language,
      },
      200,
      { "Content-Language": language, Vary: "Accept-Language" },
    );
  });
