import { describe, expect, it } from "vitest";
import { tagWithId, withoutShareCodes } from "../helpers/html";
import { call, createPetition, freshIp, ORIGIN, signatureRows } from "../helpers/index";

const meta = (page: string, key: string) =>
  page.match(new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)">`))?.[1];

describe("GET /p/:slug", () => {
  it("is a full page with the sign form, progress, the body text and share links to itself", async () => {
    const petition = await createPetition({ body: "First paragraph.\n\nSecond one.", fields: { name: "optional" } });
    const res = await call(`/p/${petition.slug}`, { cf: { country: "BR" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    // Nobody's frame: no site may frame the page with its form.
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    const page = await res.text();
    expect(page).toContain(`<meta name="viewport" content="width=device-width,initial-scale=1">`);
    expect(page).toContain(
      `<form method="post" action="/v1/petitions/${petition.slug}/signatures" novalidate data-sign>`,
    );
    expect(tagWithId(page, "field-email")).toContain(" required");
    expect(page).toContain(`<option value="BR" selected>Brazil</option>`);
    expect(page).toContain(`<progress id="progress" max="1000" value="0">`);
    expect(page).toContain(`<div class="petition-body" dir="auto">First paragraph.\n\nSecond one.</div>`);
    const own = encodeURIComponent(`${ORIGIN}/p/${petition.slug}`);
    expect(withoutShareCodes(page)).toContain(`href="https://www.facebook.com/sharer/sharer.php?u=${own}"`);
    expect(page).not.toContain(encodeURIComponent(`/embed/${petition.slug}`));
    expect(page).toMatch(/<section class="share-block" aria-labelledby="share-block-label">/);
  });

  it("has one row of share links, signed or not: the thanks the form turns into leaves them to the page's own", async () => {
    const petition = await createPetition();
    const page = await (await call(`/p/${petition.slug}`)).text();
    const thanks = page.match(/<template id="thanks">([\s\S]*?)<\/template>/)?.[1];
    expect(thanks).toContain(`<h2 id="thanks-title"`);
    expect(thanks).not.toContain(`class="share"`);
    expect(page.match(/<ul class="share"/g)).toHaveLength(1);
  });

  it("carries Open Graph and Twitter card meta, every value escaped", async () => {
    const petition = await createPetition({
      title: `Stop "fracking" <now> & forever`,
      summary: `It's <script>alert(1)</script> "urgent"`,
      locales: ["pt-BR", "en"],
    });
    const page = await (await call(`/p/${petition.slug}`)).text();
    const canonical = `${ORIGIN}/p/${petition.slug}`;
    expect(page).toContain(`<link rel="canonical" href="${canonical}">`);
    expect(meta(page, "og:url")).toBe(canonical);
    expect(meta(page, "og:type")).toBe("website");
    expect(meta(page, "og:title")).toBe("Stop &quot;fracking&quot; &lt;now&gt; &amp; forever");
    expect(meta(page, "twitter:title")).toBe(meta(page, "og:title"));
    expect(meta(page, "og:description")).toBe("It&#39;s &lt;script&gt;alert(1)&lt;/script&gt; &quot;urgent&quot;");
    expect(meta(page, "description")).toBe(meta(page, "og:description"));
    expect(meta(page, "twitter:description")).toBe(meta(page, "og:description"));
    expect(meta(page, "twitter:card")).toBe("summary");
    expect(meta(page, "og:locale")).toBe("pt_BR");
    expect(page).not.toContain("<script>alert(1)");
  });

  it("takes a signature without JavaScript: the form as a browser posts it is a 303 to the thanks", async () => {
    const petition = await createPetition();
    const page = await (await call(`/p/${petition.slug}`)).text();
    const action = page.match(/<form method="post" action="([^"]+)"/)?.[1];
    const hidden = Object.fromEntries(
      [...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]),
    );
    const res = await call(action!, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "text/html,application/xhtml+xml,*/*;q=0.8",
        Origin: ORIGIN,
        "Sec-Fetch-Site": "same-origin",
        "cf-connecting-ip": freshIp(),
      },
      body: new URLSearchParams({ ...hidden, name: "Ana", email: "page-nojs@example.org", country: "PT" }),
      redirect: "manual",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/embed/${petition.slug}/thanks?lang=en`);
    expect(await signatureRows(petition.slug)).toHaveLength(1);
  });

  it("shows a closed petition's notice instead of the form, and is 404 for drafts", async () => {
    const closed = await createPetition({ status: "closed" });
    const page = await (await call(`/p/${closed.slug}`)).text();
    expect(page).toContain(`<p class="notice">`);
    expect(page).not.toContain("<form");
    const draft = await createPetition({ status: "draft" });
    const res = await call(`/p/${draft.slug}`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain(draft.title);
  });
});
