/** Guards that run before a request body is parsed: its media type and its size. */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { problems } from "../../src/problems";

/** 415 unless the body is one of `accepted` (parameters such as charset are fine). */
export function requireMediaType(accepted: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    const type = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();
    if (!type || !accepted.includes(type)) throw problems.unsupportedMediaType(accepted);
    await next();
  };
}

/** 413 past `maxBytes`, whether or not the client declared a Content-Length. */
export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw problems.payloadTooLarge(maxBytes);
    },
  });
}
