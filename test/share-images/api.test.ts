import { describe, expect, it } from "vitest";
import { jpegHeader, pngImage, webpHeader } from "../helpers/images";
import { ADMIN, call, createPetition, expectProblem, ORIGIN } from "../helpers/index";
import { adminShareImage, listedShareImages, putShareImage, sha256, shareImageKeys } from "./helpers";

const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());

describe("share images: the admin API and the public file", () => {
  it("uploads, reads, lists, replaces and removes a petition's images, the default and per language", async () => {
    const { slug } = await createPetition({ locales: ["pt-BR", "en"] });
    const png = await pngImage(1200, 630);

    const created = await putShareImage(slug, png, "image/png");
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`/v1/petitions/${slug}/share-image`);
    const image = await created.json<Record<string, any>>();
    const hash = await sha256(png);
    expect(image).toEqual({
      lang: null,
      type: "image/png",
      width: 1200,
      height: 630,
      bytes: png.length,
      hash,
      url: `${ORIGIN}/p/${slug}/share-image/default/${hash}.png`,
      updated_at: expect.any(String),
    });

    const read = await adminShareImage(slug, "GET");
    expect(read.status).toBe(200);
    expect(read.headers.get("content-type")).toBe("image/png");
    expect(read.headers.get("cache-control")).toBe("no-store");
    expect(await bytesOf(read)).toEqual(png);

    const served = await call(new URL(image.url).pathname);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await bytesOf(served)).toEqual(png);
    // Some crawlers ask for the headers first.
    const head = await call(new URL(image.url).pathname, { method: "HEAD" });
    expect([head.status, head.headers.get("content-type"), await head.text()]).toEqual([200, "image/png", ""]);

    const jpeg = jpegHeader(1080, 1080);
    const portuguese = await putShareImage(slug, jpeg, "image/jpeg", { lang: "pt" });
    expect(portuguese.status).toBe(201);
    expect(portuguese.headers.get("location")).toBe(`/v1/petitions/${slug}/share-image?lang=pt`);
    const ptImage = await portuguese.json<Record<string, any>>();
    expect(ptImage).toMatchObject({ lang: "pt", type: "image/jpeg", width: 1080, height: 1080 });
    expect(ptImage.url).toBe(`${ORIGIN}/p/${slug}/share-image/pt/${await sha256(jpeg)}.jpg`);
    expect((await listedShareImages(slug)).map((i) => [i.lang, i.hash])).toEqual([
      [null, hash],
      ["pt", ptImage.hash],
    ]);
    expect(await bytesOf(await adminShareImage(slug, "GET", "pt"))).toEqual(jpeg);

    // The same bytes again change nothing; new bytes are a new version at a new URL, the old one gone.
    const again = await putShareImage(slug, png, "image/png");
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(image);
    const webp = webpHeader("VP8X", 1200, 630);
    const replaced = await putShareImage(slug, webp, "image/webp");
    expect(replaced.status).toBe(200);
    const newer = await replaced.json<Record<string, any>>();
    expect(newer).toMatchObject({ lang: null, type: "image/webp", hash: await sha256(webp) });
    expect((await call(new URL(newer.url).pathname)).status).toBe(200);
    const old = await expectProblem(await call(new URL(image.url).pathname), 404);
    expect(old.detail).toContain("replaced or removed");
    expect(await shareImageKeys(slug)).toHaveLength(4);

    expect((await adminShareImage(slug, "DELETE", "pt")).status).toBe(204);
    const gone = await expectProblem(await adminShareImage(slug, "GET", "pt"), 404);
    expect(gone.detail).toBe(`Petition "${slug}" has no share image for "pt".`);
    await expectProblem(await call(new URL(ptImage.url).pathname), 404);
    await expectProblem(await adminShareImage(slug, "DELETE", "pt"), 404);
    expect((await listedShareImages(slug)).map((i) => i.lang)).toEqual([null]);
    expect(await shareImageKeys(slug)).toHaveLength(2);

    expect((await adminShareImage(slug, "DELETE")).status).toBe(204);
    expect(await listedShareImages(slug)).toEqual([]);
    expect(await shareImageKeys(slug)).toEqual([]);
  });

  it("refuses, changing nothing: wrong bytes, too large, too small, unknown petition or language, no token", async () => {
    const { slug } = await createPetition();
    expect((await putShareImage(slug, await pngImage(600, 315), "image/png")).status).toBe(201);
    const before = { listed: await listedShareImages(slug), keys: await shareImageKeys(slug) };
    const jpeg = jpegHeader(1200, 630);

    const mismatch = await expectProblem(await putShareImage(slug, jpeg, "image/png"), 422);
    expect(mismatch.errors).toEqual([
      { path: "body", message: "the bytes are a JPEG image, but Content-Type says image/png" },
    ]);
    const notAnImage = await expectProblem(await putShareImage(slug, "<svg/>", "image/webp"), 422);
    expect(notAnImage.errors[0].path).toBe("body");

    const huge = new Uint8Array(1024 * 1024 + 1);
    huge.set(await pngImage(1200, 630));
    const tooLarge = await expectProblem(await putShareImage(slug, huge, "image/png"), 413);
    expect(tooLarge.detail).toBe("The body must be at most 1048576 bytes.");

    const tooSmall = await expectProblem(await putShareImage(slug, await pngImage(199, 300), "image/png"), 422);
    expect(tooSmall.errors).toEqual([
      {
        path: "body",
        message: "the image is 199×300 pixels; link previews need at least 200×200 (1200×630 shows best)",
      },
    ]);

    const gif = await expectProblem(await putShareImage(slug, "GIF89a", "image/gif"), 415);
    expect(gif.detail).toBe("Send one of: image/png, image/jpeg, image/webp.");
    const language = await expectProblem(await putShareImage(slug, jpeg, "image/jpeg", { lang: "xx" }), 422);
    expect(language.errors[0].path).toBe("lang");
    await expectProblem(await putShareImage("no-such-petition", jpeg, "image/jpeg"), 404);
    const anonymous = await expectProblem(await putShareImage(slug, jpeg, "image/jpeg", { headers: {} }), 401);
    expect(anonymous.type).toBe("/problems/unauthorized");
    await expectProblem(
      await putShareImage(slug, jpeg, "image/jpeg", { headers: { Authorization: "Bearer no" } }),
      401,
    );
    await expectProblem(await adminShareImage(slug, "DELETE", undefined, {} as typeof ADMIN), 401);
    await expectProblem(await adminShareImage(slug, "GET", undefined, {} as typeof ADMIN), 401);
    await expectProblem(await call(`/v1/petitions/${slug}/share-images`), 401);

    expect(await listedShareImages(slug)).toEqual(before.listed);
    expect(await shareImageKeys(slug)).toEqual(before.keys);
    expect(await shareImageKeys("no-such-petition")).toEqual([]);
  });

  it("serves a draft's image to organisers only, and to everyone once it is published", async () => {
    const { slug } = await createPetition({ status: "draft" });
    const png = await pngImage(400, 400);
    const { url } = await (await putShareImage(slug, png, "image/png")).json<{ url: string }>();
    await expectProblem(await call(new URL(url).pathname), 404);
    expect(await bytesOf(await adminShareImage(slug, "GET"))).toEqual(png);

    const published = await call(`/v1/petitions/${slug}`, {
      method: "PATCH",
      headers: { ...ADMIN, "Content-Type": "application/json" },
      body: JSON.stringify({ status: "open" }),
    });
    expect(published.status).toBe(200);
    expect(await bytesOf(await call(new URL(url).pathname))).toEqual(png);
  });

  it("serves a version only at its own language and extension", async () => {
    const { slug } = await createPetition();
    const png = await pngImage(300, 300);
    const { hash } = await (await putShareImage(slug, png, "image/png", { lang: "fr" })).json<{ hash: string }>();
    expect((await call(`/p/${slug}/share-image/fr/${hash}.png`)).status).toBe(200);
    await expectProblem(await call(`/p/${slug}/share-image/fr/${hash}.jpg`), 404);
    await expectProblem(await call(`/p/${slug}/share-image/default/${hash}.png`), 404);
    await expectProblem(await call(`/p/${slug}/share-image/fr/${hash}.gif`), 422);
    await expectProblem(await call(`/p/${slug}/share-image/xx/${hash}.png`), 422);
  });
});
