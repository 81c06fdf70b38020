/**
 * The HTML the Worker serves is valid: html-validate's recommended rules (the HTML specification's
 * content models, attributes and ids, as the W3C validator checks them, and its accessibility and
 * best-practice rules) on every signer-facing page in every language the form speaks, on form answers
 * and on the organiser console's pages.
 */
import { HtmlValidate } from "html-validate";
import { describe, expect, inject, it } from "vitest";
import { CATALOGS } from "../../src/i18n/messages";
import { createPetition } from "./helpers";

const workerUrl = inject("workerUrl");
const adminToken = inject("adminToken");
const slug = `valid-${Date.now().toString(36)}`;

const validator = new HtmlValidate({
  extends: ["html-validate:recommended"],
  // Both spellings are valid; the house writes the doctype as the HTML standard's examples do today.
  rules: { "doctype-style": ["error", { style: "lowercase" }] },
});

async function expectValid(path: string, init?: RequestInit, status = 200): Promise<void> {
  const response = await fetch(`${workerUrl}${path}`, { redirect: "manual", ...init });
  expect(response.status, path).toBe(status);
  expect(response.headers.get("content-type"), path).toMatch(/^text\/html/);
  const report = await validator.validateString(await response.text());
  const messages = report.results.flatMap((r) =>
    r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`),
  );
  expect(messages, path).toEqual([]);
}

describe("valid HTML", () => {
  let created = false;
  const ready = async () => {
    if (!created)
      await createPetition({
        slug,
        title: "Love is not a crime",
        summary: "Ask every government to repeal these laws.",
        body: "Forty countries still criminalise love.\n\nSign, and share it.",
        consent_text: "Keep me posted",
        share_text: "I signed: love is not a crime.",
        translations: { ar: { title: "الحب ليس جريمة" }, es: { title: "El amor no es un delito" } },
        status: "open",
      });
    created = true;
  };

  it("the form, the thank-you page and the petition page, in every language the form speaks", async () => {
    await ready();
    for (const lang of Object.keys(CATALOGS)) {
      await expectValid(`/embed/${slug}?lang=${lang}`);
      await expectValid(`/embed/${slug}/thanks?lang=${lang}`);
      await expectValid(`/p/${slug}?lang=${lang}`);
    }
  });

  it("a form posted with mistakes, and pages for a petition that does not exist", async () => {
    await ready();
    await expectValid(
      `/v1/petitions/${slug}/signatures`,
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
        body: new URLSearchParams({ name: "", email: "not an address", locale: "fr" }),
      },
      422,
    );
    await expectValid(
      "/v1/petitions/no-such-petition/signatures",
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
        body: new URLSearchParams({ name: "A signer", email: "signer@example.org" }),
      },
      404,
    );
    await expectValid("/embed/no-such-petition", undefined, 404);
  });

  it("the organiser console's pages", async () => {
    await ready();
    await expectValid("/admin/sign-in");
    const signIn = await fetch(`${workerUrl}/admin/sign-in`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: workerUrl },
      body: new URLSearchParams({ token: adminToken }),
    });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    for (const path of [
      "/admin",
      "/admin/new",
      `/admin/p/${slug}`,
      `/admin/p/${slug}/edit`,
      `/admin/p/${slug}/sources`,
      `/admin/p/${slug}/import`,
      `/admin/p/${slug}/invalidate`,
      "/admin/api-keys",
      "/admin/webhooks",
      "/admin/privacy",
      "/admin/status",
    ]) {
      await expectValid(path, { headers: { cookie } });
    }
    await expectValid("/admin/p/no-such-petition", { headers: { cookie } }, 404);
  });
});
