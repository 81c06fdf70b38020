import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../functions/app";
import { jpegHeader, pngImage, webpHeader } from "../helpers/images";
import { call, createPetition, failingKV, ORIGIN } from "../helpers/index";
import { adminShareImage, putShareImage } from "./helpers";

const meta = (page: string, key: string) =>
  page.match(new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)">`))?.[1];

const pageOf = async (slug: string, query = "", headers: Record<string, string> = {}) =>
  (await call(`/p/${slug}${query}`, { headers })).text();

async function uploaded(slug: string, body: Uint8Array<ArrayBuffer>, type: string, lang?: string) {
  const res = await putShareImage(slug, body, type, { lang });
  expect(res.status).toBe(201);
  return res.json<{ url: string }>();
}

describe("the petition page's share image", () => {
  it("is the page's og:image, with its type, size and alt text, and makes a large-image card; every value escaped", async () => {
    const { slug } = await createPetition({ title: `Stop "fracking" <now> & forever` });
    expect(meta(await pageOf(slug), "twitter:card")).toBe("summary");
    expect(await pageOf(slug)).not.toContain("og:image");

    const png = await pngImage(1200, 630);
    const { url } = await uploaded(slug, png, "image/png");
    const page = await pageOf(slug);
    expect(meta(page, "og:image")).toBe(url);
    expect(url).toMatch(new RegExp(`^${ORIGIN}/p/${slug}/share-image/default/[\\w-]{43}\\.png$`));
    expect(meta(page, "og:image:type")).toBe("image/png");
    expect(meta(page, "og:image:width")).toBe("1200");
    expect(meta(page, "og:image:height")).toBe("630");
    expect(meta(page, "og:image:alt")).toBe("Stop &quot;fracking&quot; &lt;now&gt; &amp; forever");
    expect(meta(page, "twitter:card")).toBe("summary_large_image");
    // What a link preview then fetches is the image.
    const served = await call(new URL(url).pathname);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(png);
  });

  it("is the page language's own image, else the default; none once both are removed", async () => {
    const { slug } = await createPetition({ locales: ["pt-BR", "en"] });
    const fallback = await uploaded(slug, await pngImage(1200, 630), "image/png");
    const portuguese = await uploaded(slug, jpegHeader(1200, 630), "image/jpeg", "pt");
    const french = await uploaded(slug, webpHeader("VP8L", 800, 800), "image/webp", "fr");

    const inPortuguese = await pageOf(slug, "", { "Accept-Language": "pt-BR,pt;q=0.9" });
    expect(inPortuguese).toContain(`<html lang="pt"`);
    expect(meta(inPortuguese, "og:image")).toBe(portuguese.url);
    expect(meta(inPortuguese, "og:image:type")).toBe("image/jpeg");
    // The petition's first locale when the reader's is not offered.
    expect(meta(await pageOf(slug, "", { "Accept-Language": "de" }), "og:image")).toBe(portuguese.url);
    expect(meta(await pageOf(slug, "", { "Accept-Language": "en" }), "og:image")).toBe(fallback.url);
    const askedFrench = await pageOf(slug, "?lang=fr");
    expect(meta(askedFrench, "og:image")).toBe(french.url);
    expect(meta(askedFrench, "og:image:width")).toBe("800");
    expect(meta(await pageOf(slug, "?lang=es"), "og:image")).toBe(fallback.url);

    expect((await adminShareImage(slug, "DELETE")).status).toBe(204);
    const english = await pageOf(slug, "?lang=en");
    expect(meta(english, "og:image")).toBeUndefined();
    expect(meta(english, "twitter:card")).toBe("summary");
    expect(meta(await pageOf(slug, "?lang=pt"), "og:image")).toBe(portuguese.url);
    expect((await adminShareImage(slug, "DELETE", "pt")).status).toBe(204);
    expect(meta(await pageOf(slug, "?lang=pt"), "og:image")).toBeUndefined();
  });

  it("is an absolute URL on PUBLIC_BASE_URL, else on the page's host over https (http on a local host only)", async () => {
    const { slug } = await createPetition();
    const { url } = await uploaded(slug, await pngImage(300, 300), "image/png");
    const path = new URL(url).pathname;
    const imageOf = async (pageUrl: string, base: string) =>
      meta(await (await app.request(pageUrl, {}, { ...env, PUBLIC_BASE_URL: base })).text(), "og:image");
    expect(await imageOf(`http://worker.example/p/${slug}`, "https://petitions.example")).toBe(
      `https://petitions.example${path}`,
    );
    expect(await imageOf(`http://worker.example/p/${slug}`, "")).toBe(`https://worker.example${path}`);
    expect(await imageOf(`http://localhost:8787/p/${slug}`, "")).toBe(`http://localhost:8787${path}`);
  });

  it("is left out, not the page, when KV fails", async () => {
    const { slug } = await createPetition({ title: "Still here" });
    await uploaded(slug, await pngImage(300, 300), "image/png");
    const res = await app.request(`/p/${slug}`, {}, { ...env, KV: failingKV() });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(meta(page, "og:title")).toBe("Still here");
    expect(meta(page, "og:image")).toBeUndefined();
  });
});
