/**
 * What a petition's share image (its og:image) must be: a PNG, JPEG or WebP whose first bytes say so,
 * small enough to store and large enough for link previews. Only the header is read, never the pixels:
 * the image is served as the organiser uploaded it.
 */
import { problems } from "./problems";

export const SHARE_IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
export type ShareImageType = (typeof SHARE_IMAGE_TYPES)[number];

/** A share image's file name extension, by type: crawlers and people saving the file both read it. */
export const SHARE_IMAGE_EXTENSIONS: Record<ShareImageType, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
};

/** Far above a good 1200×630 JPEG (100-300 KB), well under what Facebook and WhatsApp fetch. */
export const SHARE_IMAGE_MAX_BYTES = 1024 * 1024;

/** Facebook ignores an og:image smaller than this on either side. */
export const SHARE_IMAGE_MIN_SIDE = 200;

/** The slot of the image every language without its own shows. */
const DEFAULT_SLOT = "default";

/** Where a language's image is kept and served: its language, or "default". */
export function shareImageSlot(lang: string | null): string {
  return lang ?? DEFAULT_SLOT;
}

/** The language a slot names; null for the default. */
export function languageOfSlot(slot: string): string | null {
  return slot === DEFAULT_SLOT ? null : slot;
}

export interface ImageHeader {
  type: ShareImageType;
  width: number;
  height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const ascii = (bytes: Uint8Array, at: number, length: number) =>
  String.fromCharCode(...bytes.subarray(at, at + length));
const startsWith = (bytes: Uint8Array, prefix: readonly number[]) => prefix.every((byte, i) => bytes[i] === byte);

/** The format the first bytes name, if one of ours. */
function sniffImageType(bytes: Uint8Array): ShareImageType | undefined {
  if (startsWith(bytes, PNG_SIGNATURE)) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP") return "image/webp";
  return undefined;
}

type Size = { width: number; height: number };

/** PNG: the IHDR chunk comes first, width and height as big-endian 32-bit integers. */
function pngSize(bytes: Uint8Array, view: DataView): Size | undefined {
  if (bytes.length < 24 || ascii(bytes, 12, 4) !== "IHDR") return undefined;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Start-of-frame markers (C0-CF but DHT C4, JPG C8 and DAC CC) carry the frame's size. */
const isStartOfFrame = (marker: number) =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** JPEG: walk the segments to the first start-of-frame; its height and width follow the precision byte. */
function jpegSize(bytes: Uint8Array, view: DataView): Size | undefined {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1; // a fill byte
    } else if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += 2; // a marker without a segment
    } else if (marker === 0xd9 || marker === 0xda) {
      return undefined; // the image's end, or its scan data, before any frame header
    } else if (isStartOfFrame(marker)) {
      return at + 9 <= bytes.length ? { height: view.getUint16(at + 5), width: view.getUint16(at + 7) } : undefined;
    } else {
      at += 2 + view.getUint16(at + 2);
    }
  }
  return undefined;
}

/** WebP: the first chunk is VP8 (lossy), VP8L (lossless) or VP8X (extended, with the canvas size). */
function webpSize(bytes: Uint8Array, view: DataView): Size | undefined {
  if (bytes.length < 30) return undefined;
  const uint24 = (at: number) => view.getUint16(at, true) | (bytes[at + 2]! << 16);
  switch (ascii(bytes, 12, 4)) {
    case "VP8 ":
      if (!startsWith(bytes.subarray(23), [0x9d, 0x01, 0x2a])) return undefined;
      return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
    case "VP8L": {
      if (bytes[20] !== 0x2f) return undefined;
      const bits = view.getUint32(21, true);
      return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    case "VP8X":
      return { width: uint24(24) + 1, height: uint24(27) + 1 };
    default:
      return undefined;
  }
}

const SIZE_READERS: Record<ShareImageType, (bytes: Uint8Array, view: DataView) => Size | undefined> = {
  "image/png": pngSize,
  "image/jpeg": jpegSize,
  "image/webp": webpSize,
};

/** The width and height the header of an image of `type` gives; undefined when the header is cut short or malformed. */
function readImageSize(bytes: Uint8Array, type: ShareImageType): Size | undefined {
  return SIZE_READERS[type](bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

const NAMES: Record<ShareImageType, string> = { "image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WebP" };

/**
 * The header of an upload that can be a share image, or the 422 naming what is wrong with it: bytes that
 * are not the type the upload declared, a header without a size, a side under SHARE_IMAGE_MIN_SIDE.
 */
export function checkShareImage(bytes: Uint8Array, declared: ShareImageType): ImageHeader {
  const refuse = (message: string) => problems.validation([{ path: "body", message }]);
  const type = sniffImageType(bytes);
  if (!type) throw refuse(`the bytes are not a PNG, JPEG or WebP image (Content-Type says ${declared})`);
  if (type !== declared) throw refuse(`the bytes are a ${NAMES[type]} image, but Content-Type says ${declared}`);
  const size = readImageSize(bytes, type);
  if (!size) throw refuse(`the ${NAMES[type]} header gives no width and height`);
  const { width, height } = size;
  if (width < SHARE_IMAGE_MIN_SIDE || height < SHARE_IMAGE_MIN_SIDE) {
    throw refuse(
      `the image is ${width}×${height} pixels; link previews need at least ${SHARE_IMAGE_MIN_SIDE}×${SHARE_IMAGE_MIN_SIDE} (1200×630 shows best)`,
    );
  }
  return { type, width, height };
}
