/** Driving the console as a browser does: its form headers, token sign-in, a session and form posts. */
import { expect } from "vitest";
import { call, freshIp, ORIGIN } from "./index";

/** What Chromium sends with a form the console's own page submits. */
export const SAME_ORIGIN = { "Sec-Fetch-Site": "same-origin", Origin: ORIGIN };

export const FORM = { ...SAME_ORIGIN, "Content-Type": "application/x-www-form-urlencoded" };

/** Each sign-in from its own network unless told: attempts are limited per network. */
export async function signIn(token = "test-admin-token", ip = freshIp()): Promise<Response> {
  return call("/admin/sign-in", {
    method: "POST",
    headers: { ...FORM, "cf-connecting-ip": ip },
    body: new URLSearchParams({ token }),
    redirect: "manual",
  });
}

/** A signed-in session: its cookie header and the CSRF token its pages carry. */
export async function session(): Promise<{ cookie: string; csrf: string }> {
  const res = await signIn();
  expect(res.status).toBe(303);
  const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
  const page = await (await call("/admin/new", { headers: { cookie } })).text();
  const csrf = page.match(/name="csrf" value="([^"]+)"/)![1]!;
  return { cookie, csrf };
}

export function post(
  path: string,
  cookie: string,
  fields: Record<string, string>,
  headers: Record<string, string> = FORM,
) {
  return call(path, {
    method: "POST",
    headers: { ...headers, cookie },
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
}
