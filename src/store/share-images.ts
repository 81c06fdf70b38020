/**
 * Petitions' share images, in KV: per petition and slot (a language, or the default) a small
 * description, read by every petition page, and the bytes of the version it names, read only by
 * the image's own URL. A version is never rewritten: a new upload is a new key.
 */
import { toBase64Url } from "../crypto/base64url";
import { type ImageHeader, shareImageSlot } from "../share-image";
import { kvKeys } from "./kv-keys";

export interface ShareImage extends ImageHeader {
  /** The language whose pages show it; null: every language without its own. */
  lang: string | null;
  /** Its size in bytes. */
  bytes: number;
  /** SHA-256 of the bytes, base64url: the version in its URL. */
  hash: string;
  updated_at: string;
}

const descriptionKey = (slug: string, lang: string | null) => kvKeys.shareImage(slug, shareImageSlot(lang));
const fileKey = (slug: string, image: Pick<ShareImage, "lang" | "hash">) =>
  kvKeys.shareImageFile(slug, shareImageSlot(image.lang), image.hash);

export function findShareImage(kv: KVNamespace, slug: string, lang: string | null): Promise<ShareImage | null> {
  return kv.get<ShareImage>(descriptionKey(slug, lang), "json");
}

/** The descriptions of the default and of each of `languages`, those that exist, in one KV read. */
export async function listShareImages(
  kv: KVNamespace,
  slug: string,
  languages: readonly string[],
): Promise<ShareImage[]> {
  const keys = [null, ...languages].map((lang) => descriptionKey(slug, lang));
  const found = await kv.get<ShareImage>(keys, "json");
  return keys.flatMap((key) => found.get(key) ?? []);
}

/** What a page in `lang` shows: that language's own image, else the default; one KV read. */
export async function shareImageForLanguage(kv: KVNamespace, slug: string, lang: string): Promise<ShareImage | null> {
  const [own, fallback] = [descriptionKey(slug, lang), descriptionKey(slug, null)];
  const found = await kv.get<ShareImage>([own, fallback], "json");
  return found.get(own) ?? found.get(fallback) ?? null;
}

/** One version's bytes and description; null once it is replaced or removed. */
export async function readShareImageFile(
  kv: KVNamespace,
  slug: string,
  version: Pick<ShareImage, "lang" | "hash">,
): Promise<{ image: ShareImage; bytes: ArrayBuffer } | null> {
  const { value, metadata } = await kv.getWithMetadata<ShareImage>(fileKey(slug, version), "arrayBuffer");
  return value && metadata ? { image: metadata, bytes: value } : null;
}

/**
 * Stores `bytes` as the slot's image and answers it with the one it replaced. The new version's bytes
 * are written first, then its description, then the old bytes go: a failure in between leaves the
 * previous image whole (at worst, bytes nobody refers to).
 */
export async function storeShareImage(
  kv: KVNamespace,
  slug: string,
  lang: string | null,
  bytes: ArrayBuffer,
  header: ImageHeader,
  now: Date,
): Promise<{ image: ShareImage; replaced: ShareImage | null }> {
  const hash = toBase64Url(await crypto.subtle.digest("SHA-256", bytes));
  const replaced = await findShareImage(kv, slug, lang);
  // The same bytes again: nothing to write (KV takes one write per key per second).
  if (replaced?.hash === hash) return { image: replaced, replaced };
  const image: ShareImage = { lang, ...header, bytes: bytes.byteLength, hash, updated_at: now.toISOString() };
  await kv.put(fileKey(slug, image), bytes, { metadata: image });
  await kv.put(descriptionKey(slug, lang), JSON.stringify(image));
  if (replaced) await kv.delete(fileKey(slug, replaced));
  return { image, replaced };
}

/** Removes the slot's image; null when it had none. */
export async function deleteShareImage(kv: KVNamespace, slug: string, lang: string | null): Promise<ShareImage | null> {
  const image = await findShareImage(kv, slug, lang);
  if (!image) return null;
  await kv.delete(descriptionKey(slug, lang));
  await kv.delete(fileKey(slug, image));
  return image;
}
