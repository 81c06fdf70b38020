/** What the console hands over as the API gives it (report CSV, signatures export) and the embed form's preview. */
import { Hono } from "hono";
import { EmbedOptions } from "../../src/embed/options";
import { formPage } from "../../src/embed/pages";
import { isAcceptingSignatures } from "../../src/store/accepting-signatures";
import { readPublishedCountDocument } from "../../src/store/published-tally";
import { publicCount } from "../../src/tally/public-count";
import { embedding, htmlResponse, viewWithCount } from "../embed/pages";
import type { AdminApi } from "./api-client";
import { type ConsoleEnv, requireConsoleUser } from "./auth";

export function petitionFilePages(api: AdminApi) {
  return (
    new Hono<ConsoleEnv>()
      .get("/p/:slug/report", requireConsoleUser, async (c) => {
        const petition = await api.petition(c, c.req.param("slug"));
        const query = new URLSearchParams(c.req.query());
        return api.passThrough(c, `/v1/petitions/${petition.slug}/report?${query}`);
      })
      .get("/p/:slug/signatures.csv", requireConsoleUser, async (c) => {
        const petition = await api.petition(c, c.req.param("slug"));
        return api.passThrough(c, `/v1/petitions/${petition.slug}/signatures.csv`);
      })
      // The embed form as signers will see it, drafts included, framed by the console only.
      .get("/p/:slug/preview", requireConsoleUser, async (c) => {
        const petition = await api.petition(c, c.req.param("slug"));
        const options = EmbedOptions.parse({ lang: c.req.query("lang"), theme: c.req.query("theme") });
        const embedded = embedding(c, petition, options);
        // Framed by the console only, and telling it the form's height, so the frame fits it at any width.
        const frame = { ...embedded.frame, parentOrigins: [new URL(c.req.url).origin] };
        const embed = { ...embedded, ancestors: ["'self'"], frame };
        // The count signers see: the published one, or (never published, as a draft) the exact one rounded alike.
        const published = await readPublishedCountDocument(c.env.KV, petition.slug).catch(() => null);
        const count = published?.count ?? publicCount(petition.public_count_rounding, petition.count);
        const view = viewWithCount(c, petition, embed, count);
        const body = formPage(view, { values: {}, errors: [] }, isAcceptingSignatures(petition, new Date()));
        return htmlResponse(embed, body, 200);
      })
  );
}
