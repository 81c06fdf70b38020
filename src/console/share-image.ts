/** The edit page's share-image section: the petition's images with a remove button each, and the upload form. */
import { CATALOGS } from "../i18n/messages";
import { type Html, html } from "../markup/html";
import type { Problem } from "../schemas";
import { SHARE_IMAGE_MAX_BYTES, SHARE_IMAGE_MIN_SIDE, SHARE_IMAGE_TYPES, shareImageSlot } from "../share-image";
import type { ShareImage } from "../store/share-images";
import { languageName, number } from "./format";
import { type ConsoleUserView, csrfInput } from "./layout";

const audience = (lang: string | null) =>
  lang ? `Pages in ${languageName(lang)}` : "Default: pages in every language without their own";

export interface ShareImageSectionState {
  slug: string;
  images: readonly ShareImage[];
  /** The API's refusal of the last upload. */
  problem?: Problem;
}

function current(user: ConsoleUserView, slug: string, image: ShareImage): Html {
  const query = image.lang ? `?lang=${image.lang}` : "";
  const format = image.type.replace("image/", "").toUpperCase();
  const caption = `share-image-${shareImageSlot(image.lang)}`;
  return html`<figure>
<img class="figure" src="/admin/p/${slug}/share-image${query}" width="${image.width}" height="${image.height}" alt="Current share image">
<figcaption id="${caption}">${audience(image.lang)} · ${format}, ${image.width}×${image.height}, ${number.format(Math.ceil(image.bytes / 1024))} KB</figcaption>
<form method="post" action="/admin/p/${slug}/share-image/delete">${csrfInput(user)}<input type="hidden" name="lang" value="${image.lang ?? ""}"><button type="submit" class="secondary" aria-describedby="${caption}">Remove</button></form>
</figure>`;
}

/** The API's words for a refusal: the field errors' messages, else its detail. */
const refusal = (problem: Problem) => problem.errors?.map((error) => error.message).join("; ") || problem.detail;

export function shareImageSection(user: ConsoleUserView, state: ShareImageSectionState): Html {
  const { slug, images, problem } = state;
  const languages = Object.keys(CATALOGS).map((lang) => html`<option value="${lang}">${languageName(lang)}</option>`);
  return html`<section id="share-image" aria-labelledby="share-image-title">
<h2 id="share-image-title">Share image</h2>
<p class="hint">The picture of the petition page's link previews (WhatsApp, Facebook, X). An image for one language replaces the default on pages in that language.</p>
${images.length ? html`<div class="grid two">${images.map((image) => current(user, slug, image))}</div>` : html`<p>No share image yet: link previews show the title and summary only.</p>`}
<form method="post" action="/admin/p/${slug}/share-image" enctype="multipart/form-data">
${csrfInput(user)}
<div class="field">
<label for="share-image-file">Image</label>
<p class="hint" id="share-image-hint">PNG, JPEG or WebP, at most ${SHARE_IMAGE_MAX_BYTES / 1_048_576} MB, at least ${SHARE_IMAGE_MIN_SIDE}×${SHARE_IMAGE_MIN_SIDE} pixels; 1200×630 shows best.</p>
<input id="share-image-file" name="file" type="file" accept="${SHARE_IMAGE_TYPES.join(",")}" required aria-describedby="share-image-hint${problem ? " share-image-error" : ""}"${problem && html` aria-invalid="true"`}>
${problem && html`<p class="error" id="share-image-error" role="alert">${problem.title}: ${refusal(problem)}</p>`}
</div>
<div class="field">
<label for="share-image-lang">For</label>
<select id="share-image-lang" name="lang"><option value="">Every language without its own (default)</option>${languages}</select>
</div>
<button type="submit">Upload</button>
</form>
</section>`;
}
