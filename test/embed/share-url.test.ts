import { describe, expect, it } from "vitest";
import { withoutShareCodes } from "../helpers/html";
import { ADMIN, call, createPetition, expectProblem, ORIGIN, signJson } from "../helpers/index";

const facebookLink = (page: string) =>
  withoutShareCodes(page).match(/href="https:\/\/www\.facebook\.com\/sharer\/sharer\.php\?u=([^"]+)"/)?.[1];

describe("share_url", () => {
  it("is stored normalised, https only", async () => {
    const petition = await createPetition({ share_url: "https://Campaign.EXAMPLE:443/petitions/rivers?via=share" });
    expect(petition.share_url).toBe("https://campaign.example/petitions/rivers?via=share");
    const refused = await expectProblem(
      await call(`/v1/petitions/${petition.slug}`, {
        method: "PATCH",
        headers: { ...ADMIN, "Content-Type": "application/json" },
        body: JSON.stringify({ share_url: "http://campaign.example/rivers" }),
      }),
      422,
    );
    expect(refused.errors).toEqual([expect.objectContaining({ path: "share_url" })]);
  });

  it("is where share links lead, on the petition page, the embed form's thanks and the thank-you page", async () => {
    const petition = await createPetition({ share_url: "https://campaign.example/rivers" });
    const shared = encodeURIComponent("https://campaign.example/rivers");
    const page = await (await call(`/p/${petition.slug}`)).text();
    expect(facebookLink(page)).toBe(shared);
    // The petition page stays its own canonical URL: the campaign page has its own meta.
    expect(page).toContain(`<link rel="canonical" href="${ORIGIN}/p/${petition.slug}">`);
    const form = await (await call(`/embed/${petition.slug}`)).text();
    expect(facebookLink(form.slice(form.indexOf('<template id="thanks">')))).toBe(shared);
    expect(facebookLink(await (await call(`/embed/${petition.slug}/thanks`)).text())).toBe(shared);
  });

  it("unset (or cleared), share links lead to the petition page", async () => {
    const petition = await createPetition({ share_url: "https://campaign.example/rivers" });
    const cleared = await call(`/v1/petitions/${petition.slug}`, {
      method: "PATCH",
      headers: { ...ADMIN, "Content-Type": "application/json" },
      body: JSON.stringify({ share_url: null }),
    });
    expect(((await cleared.json()) as { share_url: string | null }).share_url).toBeNull();
    expect((await signJson(petition.slug, { email: "share@example.org", name: "S" })).status).toBe(201);
    const thanks = await (await call(`/embed/${petition.slug}/thanks`)).text();
    expect(facebookLink(thanks)).toBe(encodeURIComponent(`${ORIGIN}/p/${petition.slug}`));
  });
});
