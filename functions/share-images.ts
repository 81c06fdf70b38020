/**
 * A petition's share images, the og:image of its page (/p/SLUG): organisers upload, read and remove
 * them (one default, and one per page language that wins on pages in that language); link previews
 * fetch each version from its own immutable URL.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { CATALOGS } from "../src/i18n/messages";
import { problems } from "../src/problems";
import {
  checkShareImage,
  languageOfSlot,
  SHARE_IMAGE_EXTENSIONS,
  SHARE_IMAGE_MAX_BYTES,
  SHARE_IMAGE_MIN_SIDE,
  SHARE_IMAGE_TYPES,
  type ShareImageType,
} from "../src/share-image";
import {
  deleteShareImage,
  findShareImage,
  listShareImages,
  readShareImageFile,
  type ShareImage,
  storeShareImage,
} from "../src/store/share-images";
import { requireAdmin } from "./http/admin-auth";
import { limitBody, mediaType, requireMediaType } from "./http/body";
import { SlugParam } from "./http/params";
import { loadPetition, type PetitionEnv } from "./http/petition";
import { adminSecurity, createRouter, HEADERS, problemResponses, publicAccess } from "./http/router";
import { SHARE_IMAGE_FILE_PATH, shareImageUrl } from "./http/share-image";

const LANGUAGES = Object.keys(CATALOGS) as [string, ...string[]];

const LangQuery = z.object({
  lang: z
    .enum(LANGUAGES)
    .optional()
    .meta({ description: "A language the pages speak; without it, the default image, shown in every other language" }),
});

const ShareImageDocument = z
  .object({
    lang: z
      .enum(LANGUAGES)
      .nullable()
      .meta({ description: "The pages it is for; null: every language without its own" }),
    type: z.enum(SHARE_IMAGE_TYPES),
    width: z.int(),
    height: z.int(),
    bytes: z.int(),
    hash: z.string().meta({ description: "SHA-256 of the bytes, base64url: the version in `url`" }),
    url: z.string().meta({
      description:
        "Where link previews fetch it (cached for good: a new upload gets a new URL); 404 while the petition is a draft",
    }),
    updated_at: z.string(),
  })
  .meta({ id: "ShareImage" });

/** Here a 404 may also mean the petition has no image (for that language, or at that version). */
const noImage404 = {
  404: { ...problemResponses(404)[404], description: "No such petition, or no such image of it" },
};

const imageContent = Object.fromEntries(
  SHARE_IMAGE_TYPES.map((type) => [type, { schema: z.string().meta({ format: "binary" }) }]),
);

const upload = createRoute({
  method: "put",
  path: "/v1/petitions/{slug}/share-image",
  operationId: "putShareImage",
  tags: ["Admin"],
  summary: "Upload a petition's share image, the picture of its link previews (admin)",
  description: `The raw image as the body: PNG, JPEG or WebP, at most ${SHARE_IMAGE_MAX_BYTES} bytes, at least ${SHARE_IMAGE_MIN_SIDE}×${SHARE_IMAGE_MIN_SIDE} pixels (1200×630 shows best). Its first bytes must be of the type Content-Type names. Replaces the image of the same \`lang\`.`,
  security: adminSecurity,
  middleware: [
    requireAdmin,
    limitBody(SHARE_IMAGE_MAX_BYTES),
    requireMediaType(SHARE_IMAGE_TYPES),
    loadPetition("current"),
  ] as const,
  request: { params: SlugParam, query: LangQuery, body: { required: true, content: imageContent } },
  responses: {
    200: { description: "Replaced", content: { "application/json": { schema: ShareImageDocument } } },
    201: {
      description: "Stored: the petition had no image for this language",
      headers: { Location: HEADERS.Location },
      content: { "application/json": { schema: ShareImageDocument } },
    },
    ...problemResponses(401, 404, 413, 415, 422, 503),
  },
});

const list = createRoute({
  method: "get",
  path: "/v1/petitions/{slug}/share-images",
  operationId: "listShareImages",
  tags: ["Admin"],
  summary: "A petition's share images: the default and each language's (admin)",
  security: adminSecurity,
  middleware: [requireAdmin, loadPetition("current")] as const,
  request: { params: SlugParam },
  responses: {
    200: {
      description: "The default first, then by language",
      content: { "application/json": { schema: z.object({ share_images: z.array(ShareImageDocument) }) } },
    },
    ...problemResponses(401, 404, 422, 503),
  },
});

const read = createRoute({
  method: "get",
  path: "/v1/petitions/{slug}/share-image",
  operationId: "getShareImage",
  tags: ["Admin"],
  summary: "A petition's share image as uploaded, drafts' included (admin)",
  security: adminSecurity,
  middleware: [requireAdmin, loadPetition("current")] as const,
  request: { params: SlugParam, query: LangQuery },
  responses: {
    200: { description: "The image", content: imageContent },
    ...problemResponses(401, 422, 503),
    ...noImage404,
  },
});

const remove = createRoute({
  method: "delete",
  path: "/v1/petitions/{slug}/share-image",
  operationId: "deleteShareImage",
  tags: ["Admin"],
  summary: "Remove a petition's share image (admin)",
  description: "Pages in that language show the default image again (none: no picture in link previews).",
  security: adminSecurity,
  middleware: [requireAdmin, loadPetition("current")] as const,
  request: { params: SlugParam, query: LangQuery },
  responses: {
    204: { description: "Removed" },
    ...problemResponses(401, 422, 503),
    ...noImage404,
  },
});

const serve = createRoute({
  method: "get",
  path: SHARE_IMAGE_FILE_PATH,
  operationId: "getPublicShareImage",
  tags: ["Embed"],
  summary: "One version of a petition's share image, as its page's og:image names it",
  security: publicAccess,
  middleware: [loadPetition("public")] as const,
  request: {
    params: SlugParam.extend({
      slot: z.enum(["default", ...LANGUAGES]).meta({ description: "The image's language, or default" }),
      file: z
        .string()
        .regex(/^[\w-]{43}\.(png|jpg|webp)$/, "the hash and extension the image's url names")
        .meta({ example: "n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg.png" }),
    }),
  },
  responses: {
    200: {
      description: "The image, cached for good",
      headers: { "Cache-Control": HEADERS.CacheControl },
      content: imageContent,
    },
    ...problemResponses(422),
    ...noImage404,
  },
});

const noImage = (slug: string, lang: string | null) =>
  problems.notFound(`Petition "${slug}" has no share image${lang ? ` for "${lang}"` : ""}.`);

const withUrl = (c: Context<PetitionEnv>, image: ShareImage) => ({
  ...image,
  url: shareImageUrl(c.env, c.req.url, c.var.petition.slug, image),
});

const langOf = (query: { lang?: string }) => query.lang ?? null;

export const shareImageRoutes = createRouter()
  .openapi(upload, async (c) => {
    const { slug } = c.var.petition;
    const lang = langOf(c.req.valid("query"));
    const bytes = await c.req.arrayBuffer();
    const header = checkShareImage(new Uint8Array(bytes), mediaType(c) as ShareImageType);
    const { image, replaced } = await storeShareImage(c.env.KV, slug, lang, bytes, header, new Date());
    const location = `/v1/petitions/${slug}/share-image${lang ? `?lang=${lang}` : ""}`;
    return replaced ? c.json(withUrl(c, image), 200) : c.json(withUrl(c, image), 201, { Location: location });
  })
  .openapi(list, async (c) => {
    const images = await listShareImages(c.env.KV, c.var.petition.slug, LANGUAGES);
    return c.json({ share_images: images.map((image) => withUrl(c, image)) }, 200, { "Cache-Control": "no-store" });
  })
  .openapi(read, async (c) => {
    const { slug } = c.var.petition;
    const lang = langOf(c.req.valid("query"));
    const current = await findShareImage(c.env.KV, slug, lang);
    const file = current && (await readShareImageFile(c.env.KV, slug, current));
    if (!file) throw noImage(slug, lang);
    return c.body(file.bytes, 200, { "Content-Type": file.image.type, "Cache-Control": "no-store" });
  })
  .openapi(remove, async (c) => {
    const { slug } = c.var.petition;
    const lang = langOf(c.req.valid("query"));
    if (!(await deleteShareImage(c.env.KV, slug, lang))) throw noImage(slug, lang);
    return c.body(null, 204);
  })
  .openapi(serve, async (c) => {
    const { slug, slot, file: name } = c.req.valid("param");
    const [hash = "", extension] = name.split(".");
    const file = await readShareImageFile(c.env.KV, slug, { lang: languageOfSlot(slot), hash });
    if (!file || SHARE_IMAGE_EXTENSIONS[file.image.type] !== extension) {
      throw problems.notFound(`No share image ${slot}/${name} for petition "${slug}": it was replaced or removed.`);
    }
    return c.body(file.bytes, 200, {
      "Content-Type": file.image.type,
      "Cache-Control": "public, max-age=31536000, immutable",
    });
  });
