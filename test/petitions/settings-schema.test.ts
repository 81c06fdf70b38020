import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Petition } from "../../src/schemas";

describe("one list of petition settings", () => {
  // The schema and the store are kept in step by the compiler; the migrations are checked here.
  it("the petitions table has a column for every field of the Petition schema and none besides the row id", async () => {
    const { results } = await env.DB.prepare("SELECT name FROM pragma_table_info('petitions')").all<{ name: string }>();
    expect(results.map((column) => column.name).sort()).toEqual(["id", ...Object.keys(Petition.shape)].sort());
  });
});
