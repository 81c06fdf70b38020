/**
 * A petition's suspected fraud waves in the console, a client of the API's fraud flags
 * (functions/fraud-flags.ts): the list, voiding exactly a flag's slice through the API's invalidation
 * once confirmed, and dismissing a flag.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import { isConfirmed } from "../../src/console/confirm-page";
import { number, percent } from "../../src/console/format";
import { type FraudFlagView, flagTimes, fraudFlagsPage } from "../../src/console/fraud-flags";
import { withNotice } from "../../src/console/notices";
import { html } from "../../src/markup/html";
import { problems } from "../../src/problems";
import type { PetitionWithCount } from "../../src/schemas";
import { type AdminApi, dataOf } from "./api-client";
import { type ConsoleEnv, requireConsoleUser } from "./auth";
import { askToConfirm, formValues, frameFor, page, removalPath } from "./page";

const flagsOf = async (c: Context<ConsoleEnv>, api: AdminApi, slug: string) =>
  dataOf(await api.json<{ flags: FraudFlagView[] }>(c, `/v1/petitions/${slug}/fraud-flags`)).flags;

/** The petition and its flag named in the path, or a 404. */
async function flagOf(c: Context<ConsoleEnv>, api: AdminApi): Promise<[PetitionWithCount, FraudFlagView]> {
  const petition = await api.petition(c, c.req.param("slug") ?? "");
  const id = Number(c.req.param("id"));
  const flag = (await flagsOf(c, api, petition.slug)).find((f) => f.id === id);
  if (!flag) throw problems.notFound("No such fraud flag on this petition.");
  return [petition, flag];
}

const setStatus = (c: Context<ConsoleEnv>, api: AdminApi, slug: string, flag: FraudFlagView, status: string) =>
  api.send(c, "PATCH", `/v1/petitions/${slug}/fraud-flags/${flag.id}`, { status }).then(dataOf);

export function fraudPages(api: AdminApi) {
  return new Hono<ConsoleEnv>()
    .get("/p/:slug/fraud-flags", requireConsoleUser, async (c) => {
      const petition = await api.petition(c, c.req.param("slug"));
      const frame = frameFor(c);
      return page(frame.nonce, fraudFlagsPage(frame, petition, await flagsOf(c, api, petition.slug)));
    })
    .post("/p/:slug/fraud-flags/:id/void", requireConsoleUser, async (c) => {
      const [petition, flag] = await flagOf(c, api);
      const values = await formValues(c);
      if (!isConfirmed(values))
        return askToConfirm(c, values, {
          title: `Void ${number.format(flag.signatures)} signatures of “${petition.title}”?`,
          consequences: [
            html`Every signature from ${flag.seen} signed ${flagTimes(flag)} is deleted: ${number.format(flag.signatures)} were counted, ${percent.format(flag.share_of_hour)} of that hour.`,
            html`The petition has ${number.format(petition.count)} signatures counted; they drop at the next tally run, and webhook endpoints hear of each voided signature.`,
            html`This cannot be undone.`,
          ],
          action: `/admin/p/${petition.slug}/fraud-flags/${flag.id}/void`,
          button: "Void these signatures",
          back: `/admin/p/${petition.slug}`,
        });
      const voided = dataOf(
        await api.send<{ status: string }>(c, "POST", `/v1/admin/petitions/${petition.slug}/invalidations`, flag.slice),
      );
      await setStatus(c, api, petition.slug, flag, "voided");
      return c.redirect(withNotice(removalPath(voided.status), "invalidated"), 303);
    })
    .post("/p/:slug/fraud-flags/:id/dismiss", requireConsoleUser, async (c) => {
      const [petition, flag] = await flagOf(c, api);
      await setStatus(c, api, petition.slug, flag, "dismissed");
      return c.redirect(withNotice(`/admin/p/${petition.slug}`, "flag-dismissed"), 303);
    });
}
