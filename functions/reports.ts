/** Tally reports for organisers (JSON or CSV) and the public, cacheable SVG charts. */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { countryChartSvg } from "../src/charts/country-chart";
import { growthChartSvg } from "../src/charts/growth-chart";
import { worldMapSvg } from "../src/charts/world-map";
import { LanguageOption } from "../src/embed/options";
import { countryLabel } from "../src/i18n/country-names";
import { chooseLocale } from "../src/i18n/locale";
import { messagesFor } from "../src/i18n/messages";
import { toCsv } from "../src/markup/csv";
import { Instant } from "../src/schemas";
import { petitionCountries } from "../src/store/tallies";
import { readGlobalTally } from "../src/tally/global-tally";
import { publicCount } from "../src/tally/public-count";
import { growthPoints, petitionReport } from "../src/tally/report";
import { tallyIntervalSeconds } from "./config";
import { requireAdmin } from "./http/admin-auth";
import { publicTallyRead } from "./http/cache";
import { contentSecurityPolicy } from "./http/html";
import { SlugParam } from "./http/params";
import { loadPetition } from "./http/petition";
import { adminSecurity, createRouter, HEADERS, notModified, problemResponses, publicAccess } from "./http/router";
import type { AppEnv } from "./types";

const DAY_MS = 86_400_000;
/** The chart's country bars: enough to read at 600x300. */
const TOP_COUNTRIES = 15;

const Time = Instant.transform((value) => Date.parse(value));

const ReportQuery = z
  .object({
    from: Time.optional().meta({
      description: "Start; the period it falls in is the first. Default: 30 days before `to`",
    }),
    to: Time.optional().meta({ description: "End; the period it falls in is the last. Default: now" }),
    granularity: z.enum(["hour", "day"]).default("day"),
    format: z.enum(["json", "csv"]).default("json"),
    by: z.enum(["period", "country", "source", "language", "channel"]).default("period").meta({
      description:
        "CSV rows: per period, per country, per source and partner key, per language signed in, or per day and share channel",
    }),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, {
    message: "must be before `to`",
    path: ["from"],
  });

/** Every country a petition has signatures from: the map has room for all of them. */
const ALL_COUNTRIES = 300;

/** A chart speaks the page it is on: `lang`, else the petition's first locale, else English. */
const Language = z.object({ lang: LanguageOption });

const ChartQuery = Language.extend({ by: z.enum(["time", "country"]).default("time") });

const report = createRoute({
  method: "get",
  path: "/petitions/{slug}/report",
  operationId: "getPetitionReport",
  tags: ["Reports"],
  summary: "Tally report: totals, countries, sources, signatures per hour or day, milestones (admin)",
  security: adminSecurity,
  middleware: [requireAdmin, loadPetition("cached")] as const,
  request: { params: SlugParam, query: ReportQuery },
  responses: {
    200: {
      description: "The report (JSON), or its series or countries as CSV with a header row",
      content: { "application/json": { schema: z.object({}).passthrough() }, "text/csv": { schema: z.string() } },
    },
    ...problemResponses(401, 404, 422, 503),
  },
});

/** What every SVG answer carries: it is cached per tally interval and revalidated by its ETag. */
function svgResponses(description: string) {
  return {
    200: {
      description,
      headers: { ETag: HEADERS.ETag, "Cache-Control": HEADERS.CacheControl },
      content: { "image/svg+xml": { schema: z.string() } },
    },
    ...notModified,
  };
}

const chart = createRoute({
  method: "get",
  path: "/petitions/{slug}/chart.svg",
  operationId: "getPetitionChart",
  tags: ["Reports"],
  summary: "SVG chart: signatures over time (goal and milestones marked), or the top 15 countries",
  security: publicAccess,
  middleware: [...publicTallyRead, loadPetition("public")] as const,
  request: { params: SlugParam, query: ChartQuery },
  responses: {
    ...svgResponses("A 600x300 self-contained SVG"),
    ...problemResponses(404, 422),
  },
});

const petitionMap = createRoute({
  method: "get",
  path: "/petitions/{slug}/map.svg",
  operationId: "getPetitionMap",
  tags: ["Reports"],
  summary: "SVG world map: a petition's signatures by country",
  security: publicAccess,
  middleware: [...publicTallyRead, loadPetition("public")] as const,
  request: { params: SlugParam, query: Language },
  responses: {
    ...svgResponses("A 600x400 self-contained SVG; unknown and unmapped countries listed below it"),
    ...problemResponses(404, 422),
  },
});

const globalMap = createRoute({
  method: "get",
  path: "/tally/map.svg",
  operationId: "getGlobalMap",
  tags: ["Reports"],
  summary: "SVG world map: every petition's signatures by country",
  security: publicAccess,
  middleware: publicTallyRead,
  request: { query: Language },
  responses: svgResponses("A 600x400 self-contained SVG"),
});

/** Nothing in a chart runs or loads, and should a browser open one directly, nothing may. */
function svgResponse<E extends AppEnv>(c: Context<E>, svg: string) {
  return c.body(svg, 200, {
    "Content-Type": "image/svg+xml; charset=utf-8",
    "Content-Security-Policy": contentSecurityPolicy({ "default-src": ["'none'"] }),
  });
}

export const reportRoutes = createRouter()
  .openapi(report, async (c) => {
    const { slug } = c.req.valid("param");
    const query = c.req.valid("query");
    const petition = c.var.petition;
    const to = query.to ?? Date.now();
    const result = await petitionReport(c.env.DB, petition, {
      from: query.from ?? to - 30 * DAY_MS,
      to,
      granularity: query.granularity,
    });
    c.header("Cache-Control", "no-store");
    if (query.format === "json") return c.json(result, 200);

    const csv = {
      country: () =>
        toCsv(
          ["country", "signatures"],
          result.countries.map((row) => [row.country, row.count]),
        ),
      source: () =>
        toCsv(
          ["source", "partner_key", "signatures"],
          result.sources.map((row) => [row.source, row.api_key_id, row.count]),
        ),
      language: () =>
        toCsv(
          ["language", "signatures"],
          result.languages.map((row) => [row.language, row.count]),
        ),
      channel: () =>
        toCsv(
          ["date", "channel", "signatures"],
          result.shares.days.flatMap((day) =>
            Object.entries(day.channels).map(([channel, n]) => [day.date, channel, n]),
          ),
        ),
      period: () =>
        toCsv(
          ["period_start", "signatures", "cumulative"],
          result.series.map((row) => [row.start, row.signatures, row.cumulative]),
        ),
    }[query.by]();
    return c.body(csv, 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${slug}-${query.by}.csv"`,
    });
  })
  .openapi(chart, async (c) => {
    const { by, lang } = c.req.valid("query");
    const petition = c.var.petition;
    const locale = chooseLocale(lang, petition.locales, undefined);
    // The right edge moves once per tally run, so within a run the SVG (and its ETag) stays the same.
    const intervalMs = tallyIntervalSeconds(c.env) * 1000;
    const now = Math.floor(Date.now() / intervalMs) * intervalMs;
    const created = Date.parse(petition.created_at);
    const history = await petitionReport(c.env.DB, petition, {
      from: created,
      to: now,
      granularity: now - created > 7 * DAY_MS ? "day" : "hour",
    });
    // A public chart: every figure it shows is a public count.
    const shown = (count: number) => publicCount(petition.public_count_rounding, count);
    const svg =
      by === "country"
        ? countryChartSvg({
            title: petition.title,
            bars: history.countries
              .slice(0, TOP_COUNTRIES)
              .map((row) => ({ ...row, count: shown(row.count), label: countryLabel(row.country, locale) })),
            locale,
          })
        : growthChartSvg({
            title: petition.title,
            goal: petition.goal,
            points: growthPoints(history, created, now).map((point) => ({ ...point, total: shown(point.total) })),
            milestones: history.milestones.map((m) => ({
              threshold: m.threshold,
              reachedAt: Date.parse(m.reached_at),
            })),
            now,
            locale,
          });
    return svgResponse(c, svg);
  })
  .openapi(petitionMap, async (c) => {
    const petition = c.var.petition;
    const locale = chooseLocale(c.req.valid("query").lang, petition.locales, undefined);
    const countries = await petitionCountries(c.env.DB, petition.id, ALL_COUNTRIES);
    // A public map: each country's figure is a public count.
    const shown = countries.map((row) => ({ ...row, count: publicCount(petition.public_count_rounding, row.count) }));
    return svgResponse(c, worldMapSvg({ title: petition.title, countries: shown, locale }));
  })
  .openapi(globalMap, async (c) => {
    const tally = await readGlobalTally(c.env.KV, c.env.DB, new Date());
    const countries = Object.entries(tally.countries).map(([country, count]) => ({ country, count }));
    const locale = chooseLocale(c.req.valid("query").lang, [], undefined);
    const title = messagesFor(locale).charts.worldTitle;
    return svgResponse(c, worldMapSvg({ title, countries, locale }));
  });
