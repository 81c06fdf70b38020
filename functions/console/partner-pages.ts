/** The console's partner pages: API keys and the audit list, and a petition's CSV import (upload, preview, confirm). */
import type { Context } from "hono";
import { Hono } from "hono";
import { withNotice } from "../../src/console/notices";
import {
  type AuditView,
  apiKeysPage,
  type ImportRow,
  importPage,
  type KeysPageState,
  type KeyView,
} from "../../src/console/partner-pages";
import { ProblemError, problemDocument } from "../../src/problems";
import { BATCH_COLUMNS, previewCsv } from "../../src/signing/batch-input";
import { type AdminApi, dataOf } from "./api-client";
import { type ConsoleEnv, requireConsoleUser } from "./auth";
import { formValues, frameFor, page, slugList, tickedNames } from "./page";

/** The form's fields as the API's body: slugs split on commas and spaces, ticked scopes, the limit as a number. */
function keyRequestOf(values: Record<string, string>) {
  const petitions = slugList(values.petitions);
  const limit = values.rate_limit_per_minute?.trim();
  return {
    name: values.name ?? "",
    petitions: petitions.length ? petitions : null,
    scopes: tickedNames(values, "scope."),
    ...(limit ? { rate_limit_per_minute: /^\d+$/.test(limit) ? Number(limit) : limit } : {}),
  };
}

async function keysPage(c: Context<ConsoleEnv>, api: AdminApi, extra: Partial<KeysPageState>, status = 200) {
  const [keys, audit] = await Promise.all([
    api.json<{ api_keys: KeyView[] }>(c, "/v1/admin/api-keys"),
    api.json<{ events: AuditView[] }>(c, "/v1/admin/audit"),
  ]);
  const frame = frameFor(c);
  return page(
    frame.nonce,
    apiKeysPage(frame, { keys: dataOf(keys).api_keys, audit: dataOf(audit).events, ...extra }),
    status,
  );
}

export function apiKeyPages(api: AdminApi) {
  return new Hono<ConsoleEnv>()
    .get("/api-keys", requireConsoleUser, (c) => keysPage(c, api, {}))
    .post("/api-keys", requireConsoleUser, async (c) => {
      const values = await formValues(c);
      const created = await api.send<{ id: string; name: string; secret: string }>(
        c,
        "POST",
        "/v1/admin/api-keys",
        keyRequestOf(values),
      );
      // Shown on this answer, never behind a redirect: the secret must not be in a URL or a later page.
      if (created.ok) return keysPage(c, api, { created: created.data });
      const kept = { ...values, scopes: tickedNames(values, "scope.").join(",") };
      return keysPage(c, api, { problem: created.problem, values: kept }, created.problem.status);
    })
    .post("/api-keys/:id/revoke", requireConsoleUser, async (c) => {
      await api.perform(c, `/v1/admin/api-keys/${encodeURIComponent(c.req.param("id"))}`, { method: "DELETE" });
      return c.redirect(withNotice("/admin/api-keys", "key-revoked"), 303);
    });
}

/** The CSV an import form sent: an uploaded file, else the pasted text. */
async function sentCsv(c: Context<ConsoleEnv>): Promise<{ step: string; csv: string }> {
  const body = await c.req.parseBody();
  const file = body.file;
  const uploaded = file instanceof File && file.size > 0 ? await file.text() : "";
  return { step: String(body.step ?? ""), csv: uploaded || String(body.csv ?? "") };
}

export function importPages(api: AdminApi) {
  return new Hono<ConsoleEnv>()
    .get("/p/:slug/import", requireConsoleUser, async (c) => {
      const petition = await api.petition(c, c.req.param("slug"));
      const frame = frameFor(c);
      return page(frame.nonce, importPage(frame, petition, { step: "upload" }, BATCH_COLUMNS));
    })
    .post("/p/:slug/import", requireConsoleUser, async (c) => {
      const petition = await api.petition(c, c.req.param("slug"));
      const { step, csv } = await sentCsv(c);
      const frame = frameFor(c);
      const render = (state: Parameters<typeof importPage>[2], status = 200) =>
        page(frame.nonce, importPage(frame, petition, state, BATCH_COLUMNS), status);
      if (step === "confirm") {
        const imported = await api.json<{ accepted: number; items: ImportRow[] }>(
          c,
          `/v1/petitions/${petition.slug}/signatures/batch`,
          { method: "POST", headers: { "Content-Type": "text/csv" }, body: csv },
        );
        if (!imported.ok) return render({ step: "upload", problem: imported.problem }, imported.problem.status);
        return render({ step: "done", accepted: imported.data.accepted, rows: imported.data.items });
      }
      try {
        const rows = previewCsv(petition, csv).map((item, index) =>
          item.ok ? { index } : { index, problem: problemDocument(item.problem) },
        );
        return render({ step: "preview", csv, rows });
      } catch (error) {
        if (!(error instanceof ProblemError)) throw error;
        return render({ step: "upload", problem: problemDocument(error) }, error.status);
      }
    });
}
