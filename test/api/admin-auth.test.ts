import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../functions/app";
import { ADMIN, call, expectProblem } from "../helpers/index";

const json = (body: unknown, headers: Record<string, string> = ADMIN) => ({
  headers: { ...headers, "Content-Type": "application/json" },
  body: JSON.stringify(body),
});

describe("admin authentication", () => {
  const body = { slug: "auth-check", title: "t", summary: "s", goal: 10 };

  it("401 without a token, with a wrong token, and with another scheme", async () => {
    for (const headers of <Record<string, string>[]>[
      {},
      { Authorization: "Bearer nope" },
      { Authorization: "Basic dGVzdC1hZG1pbi10b2tlbg==" },
    ]) {
      const res = await call("/v1/petitions", { method: "POST", ...json(body, headers) });
      const problem = await expectProblem(res, 401);
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
      expect(problem.type).toBe("/problems/unauthorized");
    }
    expect(await env.DB.prepare("SELECT count(*) AS n FROM petitions WHERE slug = 'auth-check'").first("n")).toBe(0);
  });

  it("fails closed with 503 when no ADMIN_TOKEN is configured, even for an empty bearer", async () => {
    for (const headers of <Record<string, string>[]>[
      { Authorization: "Bearer " },
      { Authorization: "Bearer test-admin-token" },
      {},
    ]) {
      const res = await app.request("/v1/admin/petitions", { headers }, { ...env, ADMIN_TOKEN: "" });
      expect((await expectProblem(res, 503)).type).toBe("/problems/admin-disabled");
    }
  });
});
