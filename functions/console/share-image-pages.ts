/**
 * A petition's share images in the console: the edit page's section (shareImageSection), the upload and
 * removal its forms post, and the current image as the section shows it (drafts' too, which the public
 * URL keeps to itself).
 */
import type { Context } from "hono";
import { Hono } from "hono";
import type { ConsoleUserView } from "../../src/console/layout";
import { petitionFormPage } from "../../src/console/pages";
import { formValuesOf } from "../../src/console/petition-form";
import { shareImageSection as renderSection } from "../../src/console/share-image";
import { problemDocument, problems } from "../../src/problems";
import type { PetitionWithCount, Problem } from "../../src/schemas";
import { SHARE_IMAGE_MAX_BYTES } from "../../src/share-image";
import type { ShareImage } from "../../src/store/share-images";
import { type AdminApi, dataOf } from "./api-client";
import { type ConsoleEnv, requireConsoleUser } from "./auth";
import { formValues, frameFor, page } from "./page";

/** The upload form's path: its body may carry a phone photo larger than the API takes, so the API's 413 is shown on the page. */
export const SHARE_IMAGE_UPLOAD_PATH = /\/p\/[^/]+\/share-image$/;
export const SHARE_IMAGE_FORM_LIMIT = 8 * SHARE_IMAGE_MAX_BYTES;

const langQuery = (lang: string | undefined) => (lang ? `?lang=${encodeURIComponent(lang)}` : "");

/** The edit page's share-image section, the petition's images read from the API. */
export async function shareImageSection(
  c: Context<ConsoleEnv>,
  api: AdminApi,
  user: ConsoleUserView,
  slug: string,
  problem?: Problem,
) {
  const { share_images: images } = dataOf(
    await api.json<{ share_images: ShareImage[] }>(c, `/v1/petitions/${slug}/share-images`),
  );
  return renderSection(user, { slug, images, problem });
}

/** The edit page again, the upload's refusal in its section. */
async function refusedUpload(c: Context<ConsoleEnv>, api: AdminApi, petition: PetitionWithCount, problem: Problem) {
  const frame = frameFor(c);
  const shareImages = await shareImageSection(c, api, frame.user, petition.slug, problem);
  const state = { mode: "edit", slug: petition.slug, values: formValuesOf(petition), shareImages } as const;
  return page(frame.nonce, petitionFormPage(frame, state), problem.status);
}

export function shareImagePages(api: AdminApi) {
  return new Hono<ConsoleEnv>()
    .get("/p/:slug/share-image", requireConsoleUser, async (c) => {
      const petition = await api.petition(c, c.req.param("slug"));
      return api.passThrough(c, `/v1/petitions/${petition.slug}/share-image${langQuery(c.req.query("lang"))}`);
    })
    .post("/p/:slug/share-image", requireConsoleUser, async (c) => {
      const petition = await api.petition(c, c.req.param("slug"));
      const { file, lang } = await c.req.parseBody();
      if (!(file instanceof File) || file.size === 0) {
        const problem = problems.validation([{ path: "file", message: "choose an image file" }]);
        return refusedUpload(c, api, petition, problemDocument(problem));
      }
      const uploaded = await api.json<ShareImage>(
        c,
        `/v1/petitions/${petition.slug}/share-image${langQuery(typeof lang === "string" ? lang : undefined)}`,
        { method: "PUT", headers: { "Content-Type": file.type }, body: await file.arrayBuffer() },
      );
      if (!uploaded.ok) return refusedUpload(c, api, petition, uploaded.problem);
      return c.redirect(`/admin/p/${petition.slug}/edit#share-image`, 303);
    })
    .post("/p/:slug/share-image/delete", requireConsoleUser, async (c) => {
      const petition = await api.petition(c, c.req.param("slug"));
      const { lang } = await formValues(c);
      await api.perform(c, `/v1/petitions/${petition.slug}/share-image${langQuery(lang)}`, { method: "DELETE" });
      return c.redirect(`/admin/p/${petition.slug}/edit#share-image`, 303);
    });
}
