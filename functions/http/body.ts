/** Guards that run before a request body is parsed: its media type and its size. */
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { problems } from "../../src/problems";

/** The body's media type without parameters, in lower case. */
export function mediaType(c: Context): string | undefined {
  return c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();
}

/** 415 unless the body is one of `accepted` (parameters such as charset are fine). */
export function requireMediaType(accepted: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    const type = mediaType(c);
    if (!type || !accepted.includes(type)) throw problems.unsupportedMediaType(accepted);
    await next();
  };
}

/** Whether every name and value of a urlencoded body decodes strictly: no stray %, no escape that is not UTF-8. */
function isWellFormedUrlencoded(bytes: ArrayBuffer): boolean {
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    for (const part of text.split(/[&=]/)) decodeURIComponent(part.replaceAll("+", " "));
    return true;
  } catch {
    return false;
  }
}

/**
 * 400 for a urlencoded body with malformed percent-encoding. Browsers' lenient decoding would keep
 * `%zz` as text, so `ab%zz@example.org` would be stored as an address nobody typed.
 */
export const refuseMalformedUrlencoded: MiddlewareHandler = async (c, next) => {
  if (mediaType(c) === "application/x-www-form-urlencoded" && !isWellFormedUrlencoded(await c.req.arrayBuffer())) {
    throw problems.malformedBody("The urlencoded body has a malformed percent-escape or bytes that are not UTF-8.");
  }
  await next();
};

/** 413 past `maxBytes`, whether or not the client declared a Content-Length. */
export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw problems.payloadTooLarge(maxBytes);
    },
  });
}

/** What an organiser may send at once: petition settings, a form, a removal's criteria. */
export const ADMIN_BODY_LIMIT = 64 * 1024;

/** One signature: a person's fields fit in far less. */
export const SIGNATURE_BODY_LIMIT = 16 * 1024;

/** A batch import: 1,000 signatures of a few hundred bytes each, with room for long names. */
export const BATCH_BODY_LIMIT = 1024 * 1024;

/** A form body's text fields (files dropped); 400 problem+json when it cannot be parsed. */
export async function formTextFields(c: Context): Promise<Record<string, string>> {
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody();
  } catch (error) {
    throw problems.malformedBody("The form body could not be parsed.").withCause(error);
  }
  return Object.fromEntries(
    Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}
