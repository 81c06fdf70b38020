/**
 * The petition a signing request names, read at most once per request and only when first needed:
 * the CORS grant and the origin check need it for a cross-site Origin only, the sign use-case once
 * the rate limits allow (an over-limit request costs no read), the no-JS form answer after the
 * handler. Loading it up front in middleware would change which answer wins (429 and 422 before
 * 404), so the first reader starts the read and the request keeps its promise.
 */
import type { Context } from "hono";
import { SLUG_PATTERN } from "../../src/schemas";
import { cachedPetition, visibleToPublic } from "../../src/store/petition-cache";
import type { PetitionRecord } from "../../src/store/petitions";
import { petitionCacheOptions } from "../config";
import type { AppEnv } from "../types";

/** Per request (the raw Request outlives no answer), so every middleware and the handler share one read. */
const lookups = new WeakMap<Request, Promise<PetitionRecord | null>>();

/** Drafts included: CORS grants a draft's embed_origins as it always has; signing one is still 404. */
export function signingPetition<E extends AppEnv>(c: Context<E>): Promise<PetitionRecord | null> {
  let lookup = lookups.get(c.req.raw);
  if (!lookup) {
    const slug = c.req.param("slug");
    lookup =
      slug && SLUG_PATTERN.test(slug) ? cachedPetition(slug, petitionCacheOptions(c.env)) : Promise.resolve(null);
    lookups.set(c.req.raw, lookup);
  }
  return lookup;
}

/** The petition as the public sees it, by the same rule as cachedPublicPetition. */
export async function publicSigningPetition<E extends AppEnv>(c: Context<E>): Promise<PetitionRecord | null> {
  return visibleToPublic(await signingPetition(c));
}
