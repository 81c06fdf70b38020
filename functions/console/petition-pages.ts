/** The console's petition pages: the list, the form for a new one, and one petition's dashboard, sources and edit form. */
import { Hono } from "hono";
import {
  type DashboardData,
  dashboardPage,
  petitionFormPage,
  petitionListPage,
  sourcesPage,
} from "../../src/console/pages";
import { apiBodyOf, formValuesOf } from "../../src/console/petition-form";
import type { PetitionWithCount } from "../../src/schemas";
import type { SourceCount } from "../../src/store/sources";
import type { PetitionReport } from "../../src/tally/report";
import { type AdminApi, dataOf } from "./api-client";
import { type ConsoleEnv, requireConsoleUser } from "./auth";
import { formValues, frameFor, newPetitionValues, page } from "./page";
import { shareImageSection } from "./share-image-pages";

type PetitionPage = { petitions: PetitionWithCount[]; next_cursor: string | null };

/** The list of every petition and the form that creates one. */
export function petitionListPages(api: AdminApi) {
  return new Hono<ConsoleEnv>()
    .get("/", requireConsoleUser, async (c) => {
      const cursor = c.req.query("cursor");
      const query = new URLSearchParams({ limit: "100", ...(cursor && /^\d+$/.test(cursor) ? { cursor } : {}) });
      const [list, status] = await Promise.all([
        api.json<PetitionPage>(c, `/v1/admin/petitions?${query}`),
        api.json<{ dead_letters: { batches: number; signatures: number } }>(c, "/v1/admin/status"),
      ]);
      const frame = frameFor(c);
      const petitions = dataOf(list);
      const body = petitionListPage(frame, petitions.petitions, petitions.next_cursor, dataOf(status).dead_letters);
      return page(frame.nonce, body);
    })
    .post("/dead-letters/replay", requireConsoleUser, async (c) => {
      await api.perform(c, "/v1/admin/dead-letters/replay", { method: "POST" });
      return c.redirect("/admin", 303);
    })
    .get("/new", requireConsoleUser, (c) => {
      const frame = frameFor(c);
      return page(frame.nonce, petitionFormPage(frame, { mode: "create", values: newPetitionValues() }));
    })
    .post("/new", requireConsoleUser, async (c) => {
      const values = await formValues(c);
      const created = await api.send(c, "POST", "/v1/petitions", apiBodyOf(values, "create"));
      if (created.ok) return c.redirect(`/admin/p/${created.data.slug}`, 303);
      const frame = frameFor(c);
      const body = petitionFormPage(frame, { mode: "create", values, problem: created.problem });
      return page(frame.nonce, body, created.problem.status);
    });
}

/** One petition's dashboard and its sources. */
export function petitionDashboardPages(api: AdminApi) {
  return new Hono<ConsoleEnv>()
    .get("/p/:slug", requireConsoleUser, async (c) => {
      const petition = await api.petition(c, c.req.param("slug"));
      const [report, webhooks, sources] = await Promise.all([
        api.json<PetitionReport>(c, `/v1/petitions/${petition.slug}/report`),
        api.json<{ webhooks: DashboardData["webhooks"] }>(c, "/v1/admin/webhooks"),
        api.json<{ sources: SourceCount[] }>(c, `/v1/petitions/${petition.slug}/sources`),
      ]);
      const frame = frameFor(c);
      const data = {
        petition,
        report: dataOf(report),
        webhooks: dataOf(webhooks).webhooks,
        sources: dataOf(sources).sources,
        origin: new URL(c.req.url).origin,
      };
      return page(frame.nonce, dashboardPage(frame, data));
    })
    .get("/p/:slug/sources", requireConsoleUser, async (c) => {
      const petition = await api.petition(c, c.req.param("slug"));
      const { sources } = dataOf(
        await api.json<{ sources: SourceCount[] }>(c, `/v1/petitions/${petition.slug}/sources`),
      );
      const frame = frameFor(c);
      return page(frame.nonce, sourcesPage(frame, petition, sources));
    });
}

/** Editing a petition: its form, and closing or reopening it. */
export function petitionEditPages(api: AdminApi) {
  return new Hono<ConsoleEnv>()
    .get("/p/:slug/edit", requireConsoleUser, async (c) => {
      const petition = await api.petition(c, c.req.param("slug"));
      const frame = frameFor(c);
      const shareImages = await shareImageSection(c, api, frame.user, petition.slug);
      const state = { mode: "edit", slug: petition.slug, values: formValuesOf(petition), shareImages } as const;
      return page(frame.nonce, petitionFormPage(frame, state));
    })
    .post("/p/:slug/edit", requireConsoleUser, async (c) => {
      const petition = await api.petition(c, c.req.param("slug"));
      const values = await formValues(c);
      const updated = await api.send(c, "PATCH", `/v1/petitions/${petition.slug}`, apiBodyOf(values, "edit"));
      if (updated.ok) return c.redirect(`/admin/p/${petition.slug}`, 303);
      const frame = frameFor(c);
      const shareImages = await shareImageSection(c, api, frame.user, petition.slug);
      const state = { mode: "edit", slug: petition.slug, values, problem: updated.problem, shareImages } as const;
      return page(frame.nonce, petitionFormPage(frame, state), updated.problem.status);
    })
    .post("/p/:slug/status", requireConsoleUser, async (c) => {
      const petition = await api.petition(c, c.req.param("slug"));
      const { status } = await formValues(c);
      dataOf(await api.send(c, "PATCH", `/v1/petitions/${petition.slug}`, { status }));
      return c.redirect(`/admin/p/${petition.slug}`, 303);
    });
}
