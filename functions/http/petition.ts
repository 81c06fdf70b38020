/**
 * The petition a route's `{slug}` names, loaded once per request and put on the context
 * (`c.var.petition`); an unknown one is the 404 problem, thrown here and nowhere else.
 */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { fieldErrors, type ProblemError, problems } from "../../src/problems";
import { cachedPetition, cachedPublicPetition } from "../../src/store/petition-cache";
import { findPetition, type PetitionRecord } from "../../src/store/petitions";
import { petitionCacheOptions } from "../config";
import type { AppEnv } from "../types";
import { SlugParam } from "./params";

export interface PetitionEnv extends AppEnv {
  Variables: { petition: PetitionRecord };
}

/** Which petitions a route may see, and how fresh. */
const LOOKUPS = {
  /** Open and closed petitions, from the isolate's cache: drafts are 404 to the public. */
  public: (slug, env) => cachedPublicPetition(slug, petitionCacheOptions(env)),
  /** Drafts too, from the cache: organisers' reads that tolerate a cache's age. */
  cached: (slug, env) => cachedPetition(slug, petitionCacheOptions(env)),
  /** Drafts too, read from D1: what an organiser changes or exports must be current. */
  current: (slug, env) => findPetition(env.DB, slug),
} satisfies Record<string, (slug: string, env: Env) => Promise<PetitionRecord | null>>;

/** A route that answers an unknown petition itself (an HTML page, say) rather than with problem+json. */
export type UnknownPetitionAnswer = (c: Context<PetitionEnv>, problem: ProblemError) => Response | Promise<Response>;

/** The 404 every route gives for a petition it may not show, whoever asks. */
export function unknownPetition(slug: string): ProblemError {
  return problems.petitionNotFound(slug);
}

/** The petition a write found, or the 404 problem: for a route whose write itself tells whether it exists. */
export function knownPetition(slug: string, petition: PetitionRecord | null): PetitionRecord {
  if (!petition) throw unknownPetition(slug);
  return petition;
}

/**
 * Route middleware runs before the route's validators, so the slug is checked here with the route's
 * own schema: a malformed slug is the same 422 the validator gives, and never reaches storage.
 */
export function loadPetition(lookup: keyof typeof LOOKUPS, answerUnknown?: UnknownPetitionAnswer) {
  return createMiddleware<PetitionEnv>(async (c, next) => {
    const params = SlugParam.safeParse({ slug: c.req.param("slug") });
    if (!params.success) throw problems.validation(fieldErrors(params.error));
    const { slug } = params.data;
    const petition = await LOOKUPS[lookup](slug, c.env);
    if (!petition && answerUnknown) return answerUnknown(c, unknownPetition(slug));
    c.set("petition", knownPetition(slug, petition));
    await next();
  });
}
