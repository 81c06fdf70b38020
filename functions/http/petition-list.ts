/** The petition list as the API shows it: shared by the public list and the organisers' list of all petitions. */
import { z } from "@hono/zod-openapi";
import { PetitionWithCount } from "../../src/schemas";
import { listPetitions } from "../../src/store/petitions";
import { publicCount } from "../../src/tally/public-count";
import type { PageQuery } from "./params";

export const PetitionList = z
  .object({ petitions: z.array(PetitionWithCount), next_cursor: z.string().nullable() })
  .meta({ id: "PetitionList" });

/**
 * A page of the list as the API shows it. `public`: only petitions open now, their counts as the
 * public sees them (rounded where a petition asks); `admin`: every petition, exact counts.
 */
export async function petitionList(
  db: D1Database,
  query: z.infer<typeof PageQuery>,
  audience: "public" | "admin",
): Promise<z.infer<typeof PetitionList>> {
  const page = await listPetitions(db, {
    limit: query.limit,
    before: query.cursor ? Number(query.cursor) : undefined,
    openAt: audience === "public" ? new Date() : undefined,
  });
  const petitions =
    audience === "public"
      ? page.petitions.map((p) => ({ ...p, count: publicCount(p.public_count_rounding, p.count) }))
      : page.petitions;
  return { petitions, next_cursor: page.nextCursor?.toString() ?? null };
}
