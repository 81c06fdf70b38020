import { describe, expect, it } from "vitest";
import { SAME_ORIGIN, session } from "../helpers/console";
import { tagWithId } from "../helpers/html";
import { jpegHeader, pngImage } from "../helpers/images";
import { call, createPetition } from "../helpers/index";
import { listedShareImages, shareImageKeys } from "./helpers";

/** The upload form as a browser posts it: multipart, the file with the type the browser guessed from its name. */
function upload(slug: string, cookie: string, fields: Record<string, string | File>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return call(`/admin/p/${slug}/share-image`, {
    method: "POST",
    headers: { ...SAME_ORIGIN, cookie },
    body: form,
    redirect: "manual",
  });
}

const editPage = async (slug: string, cookie: string) =>
  (await call(`/admin/p/${slug}/edit`, { headers: { cookie } })).text();

describe("the console's share images, on the petition's edit page", () => {
  it("uploads, shows and removes them without JavaScript, drafts' included", async () => {
    const { cookie, csrf } = await session();
    const { slug } = await createPetition({ status: "draft" });
    const before = await editPage(slug, cookie);
    expect(before).toContain(
      `<form method="post" action="/admin/p/${slug}/share-image" enctype="multipart/form-data">`,
    );
    expect(tagWithId(before, "share-image-file")).toContain(`accept="image/png,image/jpeg,image/webp" required`);
    expect(before).toContain("No share image yet");
    // After the settings form, not inside it: forms cannot nest.
    expect(before.indexOf('id="share-image"')).toBeGreaterThan(before.indexOf("</form>"));

    const png = await pngImage(1200, 630);
    const done = await upload(slug, cookie, {
      csrf,
      lang: "",
      file: new File([png], "card.png", { type: "image/png" }),
    });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`/admin/p/${slug}/edit#share-image`);
    const jpeg = jpegHeader(800, 800);
    const file = new File([jpeg], "cartaz.jpg", { type: "image/jpeg" });
    expect((await upload(slug, cookie, { csrf, lang: "pt", file })).status).toBe(303);
    expect((await listedShareImages(slug)).map((image) => image.lang)).toEqual([null, "pt"]);

    const shown = await editPage(slug, cookie);
    expect(shown).toContain(
      `<img class="figure" src="/admin/p/${slug}/share-image" width="1200" height="630" alt="Current share image">`,
    );
    expect(shown).toContain(`Default: pages in every language without their own · PNG, 1200×630,`);
    expect(shown).toContain(`src="/admin/p/${slug}/share-image?lang=pt" width="800" height="800"`);
    expect(shown).toContain(`Pages in Portuguese (pt) · JPEG, 800×800, 1 KB`);
    const preview = await call(`/admin/p/${slug}/share-image`, { headers: { cookie } });
    expect(preview.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await preview.arrayBuffer())).toEqual(png);
    // The console's own preview needs its session, like every console page.
    expect((await call(`/admin/p/${slug}/share-image`, { redirect: "manual" })).status).toBe(303);

    const removeForms = shown.matchAll(
      /<form method="post" action="([^"]+\/share-image\/delete)">.*?name="lang" value="([^"]*)">/g,
    );
    expect([...removeForms].map((match) => [match[1], match[2]])).toEqual([
      [`/admin/p/${slug}/share-image/delete`, ""],
      [`/admin/p/${slug}/share-image/delete`, "pt"],
    ]);
    const removed = await call(`/admin/p/${slug}/share-image/delete`, {
      method: "POST",
      headers: { ...SAME_ORIGIN, cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrf, lang: "pt" }),
      redirect: "manual",
    });
    expect(removed.status).toBe(303);
    expect((await listedShareImages(slug)).map((image) => image.lang)).toEqual([null]);
  });

  it("shows the API's refusal in the section, storing nothing", async () => {
    const { cookie, csrf } = await session();
    const { slug } = await createPetition();
    const refused = async (fields: Record<string, string | File>, status: number) => {
      const res = await upload(slug, cookie, { csrf, lang: "", ...fields });
      const page = await res.text();
      expect(res.status, page).toBe(status);
      expect(tagWithId(page, "share-image-file")).toContain(`aria-invalid="true"`);
      return page.match(/<p class="error" id="share-image-error" role="alert">([^<]*)<\/p>/)?.[1];
    };
    const small = new File([await pngImage(199, 300)], "small.png", { type: "image/png" });
    expect(await refused({ file: small }, 422)).toBe(
      "Invalid request: the image is 199×300 pixels; link previews need at least 200×200 (1200×630 shows best)",
    );
    const renamed = new File([jpegHeader(600, 600)], "photo.png", { type: "image/png" });
    expect(await refused({ file: renamed }, 422)).toBe(
      "Invalid request: the bytes are a JPEG image, but Content-Type says image/png",
    );
    const photo = new Uint8Array(3 * 1024 * 1024);
    photo.set(jpegHeader(4000, 3000));
    const large = new File([photo], "photo.jpg", { type: "image/jpeg" });
    expect(await refused({ file: large }, 413)).toBe("Payload too large: The body must be at most 1048576 bytes.");
    const gif = new File(["GIF89a"], "anim.gif", { type: "image/gif" });
    expect(await refused({ file: gif }, 415)).toBe(
      "Unsupported media type: Send one of: image/png, image/jpeg, image/webp.",
    );
    expect(await refused({}, 422)).toBe("Invalid request: choose an image file");
    expect(await refused({ file: small, lang: "xx" }, 422)).toMatch(/^Invalid request: /);

    const forged = await upload(slug, cookie, { file: small });
    expect(forged.status).toBe(403);
    expect(await shareImageKeys(slug)).toEqual([]);
  });
});
