import { describe, expect, it } from "vitest";
import { ProblemError } from "../../src/problems";
import { checkShareImage } from "../../src/share-image";
import { jpegHeader, pngImage, webpHeader } from "../helpers/images";

/** The 422's one error, for the body. */
function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemError);
    const problem = error as ProblemError;
    expect(problem.status).toBe(422);
    expect(problem.errors).toHaveLength(1);
    expect(problem.errors![0]!.path).toBe("body");
    return problem.errors![0]!.message;
  }
  throw new Error("not refused");
}

describe("checkShareImage", () => {
  it("reads width and height from PNG IHDR, JPEG SOF and each kind of WebP", async () => {
    expect(checkShareImage(await pngImage(1200, 630), "image/png")).toEqual({
      type: "image/png",
      width: 1200,
      height: 630,
    });
    expect(checkShareImage(jpegHeader(1080, 1350), "image/jpeg")).toEqual({
      type: "image/jpeg",
      width: 1080,
      height: 1350,
    });
    for (const kind of ["VP8 ", "VP8L", "VP8X"] as const) {
      expect(checkShareImage(webpHeader(kind, 1200, 628), "image/webp"), kind).toEqual({
        type: "image/webp",
        width: 1200,
        height: 628,
      });
    }
    // VP8X holds 24 bits a side, beyond VP8L's 14.
    expect(checkShareImage(webpHeader("VP8X", 20_000, 300), "image/webp").width).toBe(20_000);
  });

  it("refuses bytes that are not the declared type, or no image of ours", async () => {
    expect(refusal(() => checkShareImage(jpegHeader(400, 400), "image/png"))).toBe(
      "the bytes are a JPEG image, but Content-Type says image/png",
    );
    expect(refusal(() => checkShareImage(webpHeader("VP8L", 400, 400), "image/jpeg"))).toBe(
      "the bytes are a WebP image, but Content-Type says image/jpeg",
    );
    const gif = new TextEncoder().encode("GIF89a\x90\x01\x90\x01");
    expect(refusal(() => checkShareImage(gif, "image/png"))).toBe(
      "the bytes are not a PNG, JPEG or WebP image (Content-Type says image/png)",
    );
    expect(refusal(() => checkShareImage(new Uint8Array(), "image/webp"))).toMatch(/^the bytes are not/);
  });

  it("refuses a header cut short or without a size", async () => {
    const png = await pngImage(300, 300);
    expect(refusal(() => checkShareImage(png.subarray(0, 20), "image/png"))).toBe(
      "the PNG header gives no width and height",
    );
    // A JPEG whose scan starts before any frame header.
    const noFrame = new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0, 2, 0xff, 0xd9]);
    expect(refusal(() => checkShareImage(noFrame, "image/jpeg"))).toBe("the JPEG header gives no width and height");
    expect(refusal(() => checkShareImage(jpegHeader(300, 300).subarray(0, 30), "image/jpeg"))).toBe(
      "the JPEG header gives no width and height",
    );
    const lossy = webpHeader("VP8 ", 300, 300);
    lossy[23] = 0; // not the VP8 start code
    expect(refusal(() => checkShareImage(lossy, "image/webp"))).toBe("the WebP header gives no width and height");
  });

  it("refuses an image under 200 pixels on either side, and takes 200×200", async () => {
    expect(refusal(() => checkShareImage(jpegHeader(1200, 199), "image/jpeg"))).toBe(
      "the image is 1200×199 pixels; link previews need at least 200×200 (1200×630 shows best)",
    );
    expect(refusal(() => checkShareImage(webpHeader("VP8 ", 150, 800), "image/webp"))).toMatch(/150×800 pixels/);
    expect(checkShareImage(await pngImage(200, 200), "image/png")).toMatchObject({ width: 200, height: 200 });
  });
});
