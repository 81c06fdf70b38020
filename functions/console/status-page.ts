/** The console's status page: a client of GET /v1/admin/status like the rest of the console. */
import { Hono } from "hono";
import { statusPage } from "../../src/console/status-page";
import type { OperatorStatus } from "../../src/operations/status";
import { type AdminApi, dataOf } from "./api-client";
import { type ConsoleEnv, requireConsoleUser } from "./auth";
import { frameFor, page } from "./page";

export function statusPages(api: AdminApi) {
  return new Hono<ConsoleEnv>().get("/status", requireConsoleUser, async (c) => {
    const status = dataOf(await api.json<OperatorStatus>(c, "/v1/admin/status"));
    const frame = frameFor(c);
    return page(frame.nonce, statusPage(frame, status));
  });
}
