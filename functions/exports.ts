/** Exports for organisers: a petition's signatures as CSV, decrypted, in parts on a large table. */
import { createRoute, z } from "@hono/zod-openapi";
import { signaturesCsv } from "../src/privacy/export";
import { bulkCallBudget, keyring } from "./config";
import { requireAdmin } from "./http/admin-auth";
import { SlugParam } from "./http/params";
import { loadPetition } from "./http/petition";
import { adminSecurity, createRouter, HEADERS, problemResponses } from "./http/router";

const exportSignatures = createRoute({
  method: "get",
  path: "/{slug}/signatures.csv",
  operationId: "exportSignatures",
  tags: ["Admin"],
  summary: "Export a petition's signatures as CSV (admin)",
  description:
    "Streamed in signature id order, decrypted. Confirmed signatures by default; `?signatures=pending` exports those still waiting for confirmation by email (signed_at: when first signed). One response reads at most what one invocation's D1 calls allow (about 3.8 million signature ids); on a larger table its `Link` header names the next part.",
  security: adminSecurity,
  middleware: [requireAdmin, loadPetition("current")] as const,
  request: {
    params: SlugParam,
    query: z.object({
      signatures: z.enum(["confirmed", "pending"]).default("confirmed"),
      after: z.string().regex(/^\d+$/, "a signature id, from the Link header's next part").optional(),
    }),
  },
  responses: {
    200: {
      description: "email, name, country, postcode, consent, locale, source, signed_at",
      headers: { Link: HEADERS.LinkNext },
      content: { "text/csv": { schema: z.string() } },
    },
    ...problemResponses(401, 404, 422, 503),
  },
});

export const exportRoutes = createRouter().openapi(exportSignatures, async (c) => {
  const { slug } = c.req.valid("param");
  const petition = c.var.petition;
  const { signatures: which, after: from } = c.req.valid("query");
  const after = Number(from ?? 0);
  const csv = await signaturesCsv(c.env.DB, await keyring(c.env), petition, which, bulkCallBudget(c.env), after);
  const part = `${which === "pending" ? "-pending" : ""}${after === 0 ? "" : `-after-${after}`}`;
  return c.body(csv.body, 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${slug}-signatures${part}.csv"`,
    "Cache-Control": "no-store",
    ...(csv.next === null
      ? {}
      : { Link: `</v1/petitions/${slug}/signatures.csv?signatures=${which}&after=${csv.next}>; rel="next"` }),
  });
});
