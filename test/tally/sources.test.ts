import { beforeAll, describe, expect, it } from "vitest";
import { SIGNATURE_SCAN_IDS } from "../../src/store/signatures";
import { measured, seedScannedTable } from "../helpers/scanned-table";

let small: { slug: string; id: number };

beforeAll(async () => {
  small = await seedScannedTable();
}, 60_000);

describe("reads that scan the signatures table", { timeout: 60_000 }, () => {
  it("signatures by source read one id range per query and add up across them", async () => {
    const counted = await measured(`/v1/petitions/${small.slug}/sources`);
    expect(JSON.parse(counted.body)).toEqual({
      sources: [
        { source: "ads", count: 2 },
        { source: null, count: 1 },
        { source: "mail", count: 1 },
      ],
    });
    expect(counted.mostRowsRead).toBeLessThanOrEqual(SIGNATURE_SCAN_IDS + 10);
  });
});
