import { describe, expect, it } from "vitest";
import { ADMIN, call, createPetition, signJson } from "../helpers";
import { expectTallyExact, runCron } from "../helpers/tally";

const sources = async (slug: string) =>
  (await (await call(`/v1/petitions/${slug}/sources`, { headers: ADMIN })).json<{ sources: unknown[] }>()).sources;

describe("signatures by attribution, kept by the tally", () => {
  it("counts new signatures at the next run, and takes an erased signer out again", async () => {
    const petition = await createPetition();
    for (const [i, source] of ["ads", "ads", undefined, "mail"].entries())
      expect((await signJson(petition.slug, { email: `attr${i}@example.org`, name: "A", source })).status).toBe(201);
    // Not counted on request any more: the figure moves with the tally.
    expect(await sources(petition.slug)).toEqual([]);
    await runCron();
    expect(await sources(petition.slug)).toEqual([
      { source: "ads", api_key_id: null, count: 2 },
      { source: null, api_key_id: null, count: 1 },
      { source: "mail", api_key_id: null, count: 1 },
    ]);
    const erasure = await call("/v1/admin/erasures", {
      method: "POST",
      headers: { ...ADMIN, "Content-Type": "application/json" },
      body: JSON.stringify({ email: "attr0@example.org" }),
    });
    expect(erasure.status).toBe(200);
    expect(await sources(petition.slug)).toEqual([
      { source: null, api_key_id: null, count: 1 },
      { source: "ads", api_key_id: null, count: 1 },
      { source: "mail", api_key_id: null, count: 1 },
    ]);
    await expectTallyExact();
  });
});
