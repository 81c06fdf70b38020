/** The console's petition pages: the list, the form for a new one, and one petition's dashboard, sources and edit form. */
import { type Context, Hono } from "hono";
import { isConfirmed } from "../../src/console/confirm-page";
import type { FormValues } from "../../src/console/form";
import { number } from "../../src/console/format";
import type { FraudFlagView } from "../../src/console/fraud-flags";
import { type NoticeKey, withNotice } from "../../src/console/notices";
import {
  type DashboardData,
  dashboardPage,
  petitionFormPage,
  petitionListPage,
  sourcesPage,
} from "../../src/console/pages";
import { apiBodyOf, closingDateProblem, formValuesOf } from "../../src/console/petition-form";
import { html } from "../../src/markup/html";
import type { Petition, PetitionWithCount } from "../../src/schemas";
import type { SourceCount } from "../../src/store/sources";
import type { PetitionReport } from "../../src/tally/report";
import { type AdminApi, type ApiResult, dataOf } from "./api-client";
import { type ConsoleEnv, requireConsoleUser } from "./auth";
import { askToConfirm, formValues, frameFor, newPetitionValues, page } from "./page";
import { shareImageSection } from "./share-image-pages";

type PetitionPage = { petitions: PetitionWithCount[]; next_cursor: string | null };

/** The form, created or saved through the API, unless the console's own check of the closing date refuses it first. */
async function savePetition(
  c: Context<ConsoleEnv>,
  api: AdminApi,
  values: FormValues,
  current: PetitionWithCount | null,
): Promise<ApiResult<PetitionWithCount>> {
  const mode = current ? "edit" : "create";
  const body = apiBodyOf(values, mode);
  const refused = closingDateProblem(values, body, mode, current?.closes_at ?? null, Date.now());
  if (refused) return { ok: false, problem: refused };
  return current
    ? api.send(c, "PATCH", `/v1/petitions/${current.slug}`, body)
    : api.send(c, "POST", "/v1/petitions", body);
}

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
      return c.redirect(withNotice("/admin", "dead-letters-replayed"), 303);
    })
    .get("/new", requireConsoleUser, (c) => {
      const frame = frameFor(c);
      return page(frame.nonce, petitionFormPage(frame, { mode: "create", values: newPetitionValues() }));
    })
    .post("/new", requireConsoleUser, async (c) => {
      const values = await formValues(c);
      const created = await savePetition(c, api, values, null);
      if (created.ok) return c.redirect(withNotice(`/admin/p/${created.data.slug}`, "created"), 303);
      const frame = frameFor(c);
      const form = petitionFormPage(frame, { mode: "create", values, problem: created.problem });
      return page(frame.nonce, form, created.problem.status);
    });
}

/** One petition's dashboard and its sources. */
export function petitionDashboardPages(api: AdminApi) {
  return new Hono<ConsoleEnv>()
    .get("/p/:slug", requireConsoleUser, async (c) => {
      const petition = await api.petition(c, c.req.param("slug"));
      const [report, webhooks, sources, flags] = await Promise.all([
        api.json<PetitionReport>(c, `/v1/petitions/${petition.slug}/report`),
        api.json<{ webhooks: DashboardData["webhooks"] }>(c, "/v1/admin/webhooks"),
        api.json<{ sources: SourceCount[] }>(c, `/v1/petitions/${petition.slug}/sources`),
        api.json<{ flags: FraudFlagView[] }>(c, `/v1/petitions/${petition.slug}/fraud-flags?status=open`),
      ]);
      const frame = frameFor(c);
      const data = {
        petition,
        report: dataOf(report),
        webhooks: dataOf(webhooks).webhooks,
        sources: dataOf(sources).sources,
        origin: new URL(c.req.url).origin,
        openFraudFlags: dataOf(flags).flags,
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

/** What closing a petition does, as its confirmation says it. */
function closingConsequences(petition: PetitionWithCount) {
  return [
    html`It stops taking signatures at once: its form, its page and the API refuse new ones.`,
    html`The ${number.format(petition.count)} signatures counted so far stay, with the counts, reports and downloads.`,
    html`You can reopen it later.`,
  ];
}

/** Whether a post would close a petition that is not closed (so it asks first). */
const closes = (petition: PetitionWithCount, values: FormValues) =>
  values.status === "closed" && petition.status !== "closed";

/** The notice for a move from one status to another. */
function statusNotice(from: Petition["status"], to: Petition["status"]): NoticeKey {
  if (to === from) return "saved";
  if (to === "closed") return "closed";
  return from === "closed" ? "reopened" : "published";
}

/** Editing a petition: its form, and publishing, closing (once confirmed) or reopening it. */
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
      if (closes(petition, values) && !isConfirmed(values))
        return askToConfirm(c, values, {
          title: `Save and close “${petition.title}”?`,
          consequences: [...closingConsequences(petition), html`Your other changes are saved with it.`],
          action: `/admin/p/${petition.slug}/edit`,
          button: "Save and close",
          back: `/admin/p/${petition.slug}/edit`,
        });
      const updated = await savePetition(c, api, values, petition);
      if (updated.ok) return c.redirect(withNotice(`/admin/p/${petition.slug}`, "saved"), 303);
      const frame = frameFor(c);
      const shareImages = await shareImageSection(c, api, frame.user, petition.slug);
      const state = { mode: "edit", slug: petition.slug, values, problem: updated.problem, shareImages } as const;
      return page(frame.nonce, petitionFormPage(frame, state), updated.problem.status);
    })
    .post("/p/:slug/status", requireConsoleUser, async (c) => {
      const petition = await api.petition(c, c.req.param("slug"));
      const values = await formValues(c);
      if (closes(petition, values) && !isConfirmed(values))
        return askToConfirm(c, values, {
          title: `Close “${petition.title}”?`,
          consequences: closingConsequences(petition),
          action: `/admin/p/${petition.slug}/status`,
          button: "Close petition",
          back: `/admin/p/${petition.slug}`,
        });
      const updated = dataOf(await api.send(c, "PATCH", `/v1/petitions/${petition.slug}`, { status: values.status }));
      return c.redirect(withNotice(`/admin/p/${petition.slug}`, statusNotice(petition.status, updated.status)), 303);
    });
}
