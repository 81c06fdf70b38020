/** Where a petition's share image is served: the public URL its API answers name and its page's og:image points to. */
import { SHARE_IMAGE_EXTENSIONS, shareImageSlot } from "../../src/share-image";
import type { ShareImage } from "../../src/store/share-images";
import { publicOrigin } from "../config";

/** The route's path, `{hash}.{ext}` being its file: the version is in the path, so the URL may be cached for good. */
export const SHARE_IMAGE_FILE_PATH = "/p/{slug}/share-image/{slot}/{file}";

/** npm start and wrangler dev answer on plain http; everything deployed has TLS. */
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The absolute URL of one version of a petition's share image, on PUBLIC_BASE_URL (else this host). Https
 * but on a local host: a deployed Worker always has TLS, and a preview app may refuse an http image.
 */
export function shareImageUrl(env: Env, requestUrl: string, slug: string, image: ShareImage): string {
  const path = SHARE_IMAGE_FILE_PATH.replace("{slug}", slug)
    .replace("{slot}", shareImageSlot(image.lang))
    .replace("{file}", `${image.hash}.${SHARE_IMAGE_EXTENSIONS[image.type]}`);
  const url = new URL(path, publicOrigin(env, requestUrl));
  if (url.protocol === "http:" && !LOCAL_HOSTS.has(url.hostname)) url.protocol = "https:";
  return url.href;
}
