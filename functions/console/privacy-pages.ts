/**
 * The console's privacy requests, a client of the API's privacy routes (functions/privacy.ts): access
 * requests, erasure and invalidation, the last two only once confirmed, and how far a removal has come.
 * Addresses travel in form posts only, never in a URL.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import { isConfirmed } from "../../src/console/confirm-page";
import type { FormValues } from "../../src/console/form";
import { counted, number } from "../../src/console/format";
import { withNotice } from "../../src/console/notices";
import {
  accessReportPage,
  criteriaSentences,
  invalidationPage,
  invalidationRequestOf,
  type PrivacyRefusal,
  petitionsOf,
  privacyPage,
  type RemovalView,
  removalPage,
} from "../../src/console/privacy-pages";
import { html } from "../../src/markup/html";
import type { AccessReport } from "../../src/privacy/access";
import { fieldErrors, problemDocument, problems } from "../../src/problems";
import { InvalidationRequest, type PetitionWithCount, type Problem } from "../../src/schemas";
import { type AdminApi, dataOf } from "./api-client";
import { type ConsoleEnv, requireConsoleUser } from "./auth";
import { askToConfirm, formValues, frameFor, page, removalPath } from "./page";

function refusedPage(c: Context<ConsoleEnv>, refusal: PrivacyRefusal) {
  const frame = frameFor(c);
  return page(frame.nonce, privacyPage(frame, refusal), refusal.problem.status);
}

function invalidationForm(c: Context<ConsoleEnv>, petition: PetitionWithCount, values: FormValues, problem?: Problem) {
  const frame = frameFor(c);
  return page(frame.nonce, invalidationPage(frame, { petition, values, problem }), problem?.status ?? 200);
}

const accessRequest = (c: Context<ConsoleEnv>, api: AdminApi, email: string) =>
  api.send<AccessReport>(c, "POST", "/v1/admin/access-requests", { email });

export function privacyPages(api: AdminApi) {
  return new Hono<ConsoleEnv>()
    .get("/privacy", requireConsoleUser, (c) => {
      const frame = frameFor(c);
      return page(frame.nonce, privacyPage(frame));
    })
    .post("/privacy/access", requireConsoleUser, async (c) => {
      const values = await formValues(c);
      const email = values.email ?? "";
      const report = await accessRequest(c, api, email);
      if (!report.ok) return refusedPage(c, { form: "access", problem: report.problem, values });
      if (values.format === "json")
        return c.body(JSON.stringify(report.data, null, 2), 200, {
          "Content-Type": "application/json; charset=utf-8",
          "Content-Disposition": 'attachment; filename="access-request.json"',
          "Cache-Control": "no-store",
        });
      const frame = frameFor(c);
      return page(frame.nonce, accessReportPage(frame, email.trim(), report.data));
    })
    .post("/privacy/erasure", requireConsoleUser, async (c) => {
      const values = await formValues(c);
      const email = values.email ?? "";
      if (!isConfirmed(values)) {
        // What the erasure will remove: the access request finds the person as the erasure will.
        const found = await accessRequest(c, api, email);
        if (!found.ok) return refusedPage(c, { form: "erasure", problem: found.problem, values });
        const { signatures, pending } = found.data;
        const petitions = petitionsOf(found.data);
        return askToConfirm(c, values, {
          title: `Erase ${email.trim()}?`,
          consequences: [
            signatures.length + pending.length
              ? html`Their ${counted(signatures.length, "signature")} and ${number.format(pending.length)} waiting for confirmation are deleted, on ${petitions.join(", ")}.`
              : html`No signature of theirs is stored now; any still in the queue or kept for a replay is never stored.`,
            html`This cannot be undone: the counts drop at the next tally run and webhook endpoints hear of each erased signature.`,
          ],
          action: "/admin/privacy/erasure",
          button: "Erase",
          back: "/admin/privacy",
        });
      }
      const erased = await api.send<{ status: string }>(c, "POST", "/v1/admin/erasures", { email });
      if (!erased.ok) return refusedPage(c, { form: "erasure", problem: erased.problem, values });
      return c.redirect(withNotice(removalPath(erased.data.status), "erased"), 303);
    })
    .get("/p/:slug/invalidate", requireConsoleUser, async (c) => {
      const petition = await api.petition(c, c.req.param("slug"));
      return invalidationForm(c, petition, {});
    })
    .post("/p/:slug/invalidate", requireConsoleUser, async (c) => {
      const petition = await api.petition(c, c.req.param("slug"));
      const values = await formValues(c);
      const request = invalidationRequestOf(values);
      if (!isConfirmed(values)) {
        // Checked before asking, by the API's own schema: nobody confirms a request that would be refused.
        const checked = InvalidationRequest.safeParse(request);
        if (!checked.success)
          return invalidationForm(
            c,
            petition,
            values,
            problemDocument(problems.validation(fieldErrors(checked.error))),
          );
        return askToConfirm(c, values, {
          title: `Void signatures of “${petition.title}”?`,
          consequences: [
            html`Every signature stored so far ${criteriaSentences(request).map((s, i) => html`${i ? ", " : ""}${s}`)} is deleted.`,
            html`The petition has ${number.format(petition.count)} signatures counted; they drop at the next tally run, and webhook endpoints hear of each voided signature.`,
            html`This cannot be undone.`,
          ],
          action: `/admin/p/${petition.slug}/invalidate`,
          button: "Void signatures",
          back: `/admin/p/${petition.slug}`,
        });
      }
      const voided = await api.send<{ status: string }>(
        c,
        "POST",
        `/v1/admin/petitions/${petition.slug}/invalidations`,
        request,
      );
      if (!voided.ok) return invalidationForm(c, petition, values, voided.problem);
      return c.redirect(withNotice(removalPath(voided.data.status), "invalidated"), 303);
    })
    .get("/removals/:id", requireConsoleUser, async (c) => {
      const id = c.req.param("id");
      if (!/^[1-9]\d{0,15}$/.test(id)) throw problems.notFound("No such removal.");
      const removal = dataOf(await api.json<RemovalView>(c, `/v1/admin/removals/${id}`));
      const frame = frameFor(c);
      return page(frame.nonce, removalPage(frame, id, removal));
    });
}
