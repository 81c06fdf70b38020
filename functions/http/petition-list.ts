/** The petition list as the API shows it: shared by the public list and the organisers' list of all petitions. */
import { z } from "@hono/zod-openapi";
import { PetitionWithCount } from "../../src/schemas";
import { listPetitions } from "../../src/store/petitions";
import type { PageQuery } from "./params";

export const PetitionList = z
  .object({ petitions: z.array(PetitionWithCount), next_cursor: z.string().nullable() })
  .meta({ id: "PetitionList" });

/** A page of the list as the API shows it; `openAt` limits it to petitions open then. */
export async function petitionList(
  db: D1Database,
  query: z.infer<typeof PageQuery>,
  openAt?: Date,
): Promise<z.infer<typeof PetitionList>> {
  const page = await listPetitions(db, {
    limit: query.limit,
    before: query.cursor ? Number(query.cursor) : undefined,
    openAt,
  });
  return { petitions: page.petitions, next_cursor: page.nextCursor?.toString() ?? null };
}
