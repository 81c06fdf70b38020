import { beforeAll, describe, expect, it } from "vitest";
import { SIGNATURE_SCAN_IDS } from "../../src/store/signatures";
import { measured, seedScannedTable } from "../helpers/scanned-table";

let small: { slug: string; id: number };

beforeAll(async () => {
  small = await seedScannedTable();
}, 60_000);

const emails = (csv: string) =>
  csv
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split(",")[0]!);

describe("reads that scan the signatures table", { timeout: 60_000 }, () => {
  it("the export reads one id range per query, and is complete and in order", async () => {
    const exported = await measured(`/v1/petitions/${small.slug}/signatures.csv`);
    expect(exported.res.status).toBe(200);
    expect(emails(exported.body)).toEqual([
      "first@example.org",
      "middle@example.org",
      "middle2@example.org",
      "last@example.org",
    ]);
    expect(exported.res.headers.get("Link")).toBeNull();
    expect(exported.mostRowsRead).toBeLessThanOrEqual(SIGNATURE_SCAN_IDS + 10);
    expect(exported.calls).toBeLessThan(10);
  });

  it("an export past one invocation's budget is cut into parts, each naming the next in Link", async () => {
    // 22 calls fit one id range's worst case (21 reads) and the newest id's read.
    const budget = { D1_CALLS_PER_BULK_STEP: "22" };
    let next: string | null = `/v1/petitions/${small.slug}/signatures.csv`;
    const all: string[] = [];
    let parts = 0;
    while (next) {
      const part = await measured(next, budget);
      expect(part.res.status).toBe(200);
      expect(part.calls).toBeLessThanOrEqual(22);
      all.push(...emails(part.body));
      next = part.res.headers.get("Link")?.match(/^<([^>]+)>; rel="next"$/)?.[1] ?? null;
      parts += 1;
    }
    expect(parts).toBe(3);
    expect(all).toEqual(["first@example.org", "middle@example.org", "middle2@example.org", "last@example.org"]);
  });
});
