/** Request parameters several routes share. */
import { z } from "@hono/zod-openapi";
import { Slug } from "../../src/schemas";

export const SlugParam = z.object({ slug: Slug });

export const PageQuery = z.object({
  cursor: z.string().regex(/^\d+$/, "a cursor from next_cursor").optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
