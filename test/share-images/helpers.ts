/** Uploading and reading share images as an organiser's script does, and what KV holds of them. */
import { env } from "cloudflare:workers";
import { toBase64Url } from "../../src/crypto/base64url";
import { ADMIN, call } from "../helpers/index";

const query = (lang?: string) => (lang ? `?lang=${lang}` : "");

export function putShareImage(
  slug: string,
  body: BodyInit,
  type: string,
  { lang, headers = ADMIN }: { lang?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  return call(`/v1/petitions/${slug}/share-image${query(lang)}`, {
    method: "PUT",
    headers: { ...headers, "Content-Type": type },
    body,
  });
}

export function adminShareImage(slug: string, method: "GET" | "DELETE", lang?: string, headers = ADMIN) {
  return call(`/v1/petitions/${slug}/share-image${query(lang)}`, { method, headers });
}

export async function listedShareImages(slug: string): Promise<Record<string, any>[]> {
  const res = await call(`/v1/petitions/${slug}/share-images`, { headers: ADMIN });
  return (await res.json<{ share_images: Record<string, any>[] }>()).share_images;
}

/** Every KV key of a petition's share images, descriptions and files. */
export async function shareImageKeys(slug: string): Promise<string[]> {
  const { keys } = await env.KV.list({ prefix: "share-image" });
  return keys.map((key) => key.name).filter((name) => name.includes(`:${slug}:`));
}

export async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return toBase64Url(await crypto.subtle.digest("SHA-256", bytes));
}
