/** The console's webhooks page: a client of /v1/admin/webhooks like the rest of the console. */
import type { Context } from "hono";
import { Hono } from "hono";
import { instantOfUtcInput } from "../../src/console/format";
import { withNotice } from "../../src/console/notices";
import type { WebhookView } from "../../src/console/pages";
import type { WebhooksPageState } from "../../src/console/webhook-pages";
import { webhooksPage } from "../../src/console/webhook-pages";
import { EVENT_TYPES } from "../../src/webhooks/events";
import { type AdminApi, dataOf } from "./api-client";
import { type ConsoleEnv, requireConsoleUser } from "./auth";
import { formValues, frameFor, page, slugList, tickedNames } from "./page";

async function render(c: Context<ConsoleEnv>, api: AdminApi, extra: Partial<WebhooksPageState>, status = 200) {
  const { webhooks } = dataOf(await api.json<{ webhooks: WebhookView[] }>(c, "/v1/admin/webhooks"));
  const frame = frameFor(c);
  return page(frame.nonce, webhooksPage(frame, { webhooks, eventTypes: EVENT_TYPES, ...extra }), status);
}

/** An action on the endpoint the console's URL names; its problem (404 and all) goes to the error handler. */
function act(c: Context<ConsoleEnv>, api: AdminApi, path: string, init: RequestInit): Promise<void> {
  return api.perform(c, `/v1/admin/webhooks/${encodeURIComponent(c.req.param("id") ?? "")}${path}`, init);
}

const patchState = (state: "active" | "paused"): RequestInit => ({
  method: "PATCH",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify({ state }),
});

export function webhookPages(api: AdminApi) {
  return new Hono<ConsoleEnv>()
    .get("/webhooks", requireConsoleUser, (c) => render(c, api, {}))
    .post("/webhooks", requireConsoleUser, async (c) => {
      const values = await formValues(c);
      const petitions = slugList(values.petitions);
      const body = {
        url: values.url ?? "",
        events: tickedNames(values, "event."),
        petitions: petitions.length ? petitions : null,
      };
      const created = await api.send<{ id: string; secret: string }>(c, "POST", "/v1/admin/webhooks", body);
      // The secret is shown on this answer only, never behind a redirect.
      if (created.ok) return render(c, api, { created: created.data });
      const kept = { ...values, events: body.events.join(",") };
      return render(c, api, { problem: created.problem, values: kept }, created.problem.status);
    })
    .post("/webhooks/replay", requireConsoleUser, async (c) => {
      const values = await formValues(c);
      const since = instantOfUtcInput(values.since ?? "");
      const replayed = await api.json(
        c,
        `/v1/admin/webhooks/${encodeURIComponent(values.id ?? "")}/replay?since=${encodeURIComponent(since)}`,
        { method: "POST" },
      );
      if (!replayed.ok) return render(c, api, { problem: replayed.problem }, replayed.problem.status);
      return c.redirect(withNotice("/admin/webhooks", "webhook-replayed"), 303);
    })
    .post("/webhooks/:id/pause", requireConsoleUser, async (c) => {
      await act(c, api, "", patchState("paused"));
      return c.redirect(withNotice("/admin/webhooks", "webhook-paused"), 303);
    })
    .post("/webhooks/:id/resume", requireConsoleUser, async (c) => {
      await act(c, api, "", patchState("active"));
      return c.redirect(withNotice("/admin/webhooks", "webhook-resumed"), 303);
    })
    .post("/webhooks/:id/test", requireConsoleUser, async (c) => {
      await act(c, api, "/test", { method: "POST" });
      return c.redirect(withNotice("/admin/webhooks", "webhook-tested"), 303);
    })
    .post("/webhooks/:id/delete", requireConsoleUser, async (c) => {
      await act(c, api, "", { method: "DELETE" });
      return c.redirect(withNotice("/admin/webhooks", "webhook-deleted"), 303);
    });
}
