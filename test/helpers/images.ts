/** Small images made in code: a real PNG (deflated by CompressionStream), and JPEG and WebP headers. */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const ascii = (text: string) => new TextEncoder().encode(text);

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set(ascii(type), 4);
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  return chunk;
}

async function deflate(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A valid RGB PNG of one colour; `rgb` changes its bytes (and so its hash). */
export async function pngImage(width: number, height: number, rgb: [number, number, number] = [214, 51, 108]) {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, RGB, deflate, no filter method, not interlaced
  const row = [0, ...Array.from({ length: width }, () => rgb).flat()]; // each scanline: filter "none", then pixels
  const pixels = new Uint8Array(Array.from({ length: height }, () => row).flat());
  return concat([
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", await deflate(pixels)),
    pngChunk("IEND", new Uint8Array()),
  ]);
}

/** A JPEG's start: SOI, a JFIF APP0 segment, a baseline SOF0 with the size, EOI (no scan: only the header matters). */
export function jpegHeader(width: number, height: number): Uint8Array<ArrayBuffer> {
  const app0 = [0xff, 0xe0, 0, 16, ...ascii("JFIF"), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const sof0 = [0xff, 0xc0, 0, 17, 8, height >> 8, height & 255, width >> 8, width & 255, 3];
  const components = [1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return new Uint8Array([0xff, 0xd8, 0xff, 0xfe, 0, 4, 0x68, 0x69, ...app0, ...sof0, ...components, 0xff, 0xd9]);
}

/** A WebP's RIFF header with a first chunk of each kind: VP8 (lossy), VP8L (lossless), VP8X (extended). */
export function webpHeader(kind: "VP8 " | "VP8L" | "VP8X", width: number, height: number): Uint8Array<ArrayBuffer> {
  const payload = new Uint8Array(10);
  const view = new DataView(payload.buffer);
  if (kind === "VP8 ") {
    payload.set([0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a]); // a key frame's tag, then the start code
    view.setUint16(6, width, true);
    view.setUint16(8, height, true);
  } else if (kind === "VP8L") {
    payload[0] = 0x2f;
    view.setUint32(1, (width - 1) | ((height - 1) << 14), true);
  } else {
    payload.set([0x10, 0, 0, 0]); // flags: alpha
    payload.set([(width - 1) & 255, ((width - 1) >> 8) & 255, (width - 1) >> 16], 4);
    payload.set([(height - 1) & 255, ((height - 1) >> 8) & 255, (height - 1) >> 16], 7);
  }
  const bytes = new Uint8Array(20 + payload.length);
  const riff = new DataView(bytes.buffer);
  bytes.set(ascii("RIFF"), 0);
  riff.setUint32(4, bytes.length - 8, true);
  bytes.set(ascii("WEBP"), 8);
  bytes.set(ascii(kind), 12);
  riff.setUint32(16, payload.length, true);
  bytes.set(payload, 20);
  return bytes;
}
