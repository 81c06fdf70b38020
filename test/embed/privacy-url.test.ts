/** The petition's privacy notice: privacy_url is linked next to consent in the form, https only. */
import { describe, expect, it } from "vitest";
import { ADMIN, call, createPetition } from "../helpers/index";

describe("privacy_url", () => {
  it("is linked next to consent in the form, https only", async () => {
    const petition = await createPetition({
      consent_text: "Keep me informed",
      privacy_url: "https://campaign.example/privacy?a=1&b=2",
      locales: ["de"],
    });
    const page = await (await call(`/embed/${petition.slug}`)).text();
    expect(page).toMatch(
      /<label for="field-consent" dir="auto">Keep me informed<\/label>\n<\/div>\n<p><a href="https:\/\/campaign\.example\/privacy\?a=1&amp;b=2" target="_blank" rel="noopener">Datenschutzhinweis<\/a><\/p>/,
    );
    const refused = await call("/v1/petitions", {
      method: "POST",
      headers: { ...ADMIN, "Content-Type": "application/json" },
      body: JSON.stringify({
        slug: "privacy-js",
        title: "t",
        summary: "s",
        goal: 5,
        privacy_url: "javascript:alert(1)",
      }),
    });
    expect(refused.status).toBe(422);
    expect(await (await call(`/embed/${(await createPetition()).slug}`)).text()).not.toContain("Privacy notice");
  });
});
