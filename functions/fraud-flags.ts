/** A petition's fraud flags (src/tally/fraud-waves.ts): listed, and dismissed or marked voided by the organiser. */
import { createRoute, z } from "@hono/zod-openapi";
import { isoTime } from "../src/iso-time";
import { problems } from "../src/problems";
import { InvalidationRequest } from "../src/schemas";
import {
  FLAG_STATUSES,
  type FraudFlagRow,
  petitionFlags,
  seenIn,
  setFlagStatus,
  sliceCriteria,
} from "../src/store/fraud-waves";
import { SLICE_DIMENSIONS } from "../src/store/tally-tables";
import { ADMIN_WRITE, requireAdmin } from "./http/admin-auth";
import { SlugParam } from "./http/params";
import { loadPetition } from "./http/petition";
import { adminSecurity, createRouter, problemResponses } from "./http/router";

/** The most flags a list holds: a petition under a sustained attack has a few an hour. */
const FLAG_LIMIT = 100;

const FlagStatus = z.enum(FLAG_STATUSES).meta({
  description:
    "open: waiting for the organiser; dismissed: looked at and kept; voided: its signatures were invalidated",
});

const FraudFlag = z
  .object({
    id: z.int(),
    status: FlagStatus,
    dimension: z.enum(SLICE_DIMENSIONS).meta({ description: "What the slice's signatures share" }),
    seen: z.string().meta({
      description:
        "What was seen, without personal data: a domain is named only when it is a disposable-address service on the public list",
      example: "one network",
    }),
    disposable_domain: z.string().nullable(),
    signatures: z.int().meta({ description: "The slice's signatures in the hour" }),
    hour_signatures: z.int().meta({ description: "All the petition's signatures in that hour" }),
    share_of_hour: z.number(),
    usual_share: z.number().meta({ description: "The share of an hour this slice carried in the 24 hours before" }),
    hour: z.string().meta({ description: "The UTC hour it was seen in" }),
    first_signed_at: z.string(),
    last_signed_at: z.string(),
    flagged_at: z.string(),
    updated_at: z.string(),
    slice: InvalidationRequest.meta({
      description:
        "The invalidation that voids exactly this slice: POST it to /v1/admin/petitions/{slug}/invalidations",
    }),
  })
  .meta({ id: "FraudFlag" });

function flagView(flag: FraudFlagRow): z.infer<typeof FraudFlag> {
  return {
    id: flag.id,
    status: flag.status,
    dimension: flag.dimension,
    seen: seenIn(flag),
    disposable_domain: flag.disposable_domain,
    signatures: flag.count,
    hour_signatures: flag.hour_count,
    share_of_hour: Number((flag.count / flag.hour_count).toFixed(4)),
    usual_share: Number(flag.usual_share.toFixed(4)),
    hour: isoTime(flag.hour * 1000),
    first_signed_at: isoTime(flag.first_at),
    last_signed_at: isoTime(flag.last_at),
    flagged_at: isoTime(flag.flagged_at),
    updated_at: isoTime(flag.updated_at),
    slice: sliceCriteria(flag),
  };
}

const list = createRoute({
  method: "get",
  path: "/petitions/{slug}/fraud-flags",
  operationId: "listFraudFlags",
  tags: ["Admin"],
  summary: "Suspected fraud waves on a petition (admin)",
  description: `Slices of an hour (one network, one email domain, one source) that carried unusually many of the petition's signatures against its previous 24 hours, as the minute's cron found them: newest hour first, at most ${FLAG_LIMIT}. Nothing is removed until the organiser voids a slice.`,
  security: adminSecurity,
  middleware: [requireAdmin, loadPetition("current")] as const,
  request: { params: SlugParam, query: z.object({ status: FlagStatus.optional() }) },
  responses: {
    200: {
      description: "The flags",
      content: { "application/json": { schema: z.object({ flags: z.array(FraudFlag) }).meta({ id: "FraudFlags" }) } },
    },
    ...problemResponses(401, 404, 422, 503),
  },
});

const update = createRoute({
  method: "patch",
  path: "/petitions/{slug}/fraud-flags/{id}",
  operationId: "updateFraudFlag",
  tags: ["Admin"],
  summary: "Dismiss a fraud flag, mark it voided, or open it again (admin)",
  description:
    "Changes the flag only: voiding its signatures is the invalidation its `slice` describes. A voided flag whose slice gains signatures later opens again.",
  security: adminSecurity,
  middleware: [...ADMIN_WRITE, loadPetition("current")] as const,
  request: {
    params: SlugParam.extend({ id: z.coerce.number().int().positive() }),
    body: {
      required: true,
      content: {
        "application/json": { schema: z.strictObject({ status: FlagStatus }).meta({ id: "FraudFlagUpdate" }) },
      },
    },
  },
  responses: {
    200: { description: "The flag", content: { "application/json": { schema: FraudFlag } } },
    ...problemResponses(400, 401, 404, 413, 415, 422, 503),
  },
});

export const fraudFlagRoutes = createRouter()
  .openapi(list, async (c) => {
    const { status } = c.req.valid("query");
    const flags = await petitionFlags(c.env.DB, c.var.petition.id, { status, limit: FLAG_LIMIT });
    return c.json({ flags: flags.map(flagView) }, 200, { "Cache-Control": "no-store" });
  })
  .openapi(update, async (c) => {
    const { id } = c.req.valid("param");
    const flag = await setFlagStatus(c.env.DB, c.var.petition.id, id, c.req.valid("json").status, Date.now());
    if (!flag) throw problems.notFound(`No fraud flag ${id} on this petition.`);
    return c.json(flagView(flag), 200);
  });
