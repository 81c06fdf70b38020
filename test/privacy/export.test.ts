/** Exporting a petition's signatures as CSV: every signature, formulas neutralised, admin only. */
import { describe, expect, it } from "vitest";
import { ADMIN, call, createPetition, expectProblem, signJson } from "../helpers/index";

describe("exporting signatures", () => {
  it("streams every signature of one petition as CSV, formulas neutralised, admin only", async () => {
    const petition = await createPetition({ fields: { name: "optional", postcode: "optional" } });
    const other = await createPetition();
    const sign = (slug: string, body: Record<string, unknown>) =>
      call(`/v1/petitions/${slug}/signatures`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "cf-connecting-ip": `203.0.${Math.floor(Math.random() * 250)}.1`,
        },
        body: JSON.stringify(body),
      });
    expect(
      (
        await sign(petition.slug, {
          email: "ana@example.org",
          name: 'Ana, "the" Bold',
          country: "BR",
          consent: true,
          source: "wa",
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await sign(petition.slug, {
          email: "eve@example.org",
          name: '=HYPERLINK("x")',
          country: "FR",
          postcode: "75001",
        })
      ).status,
    ).toBe(201);
    expect((await sign(other.slug, { email: "not-here@example.org", name: "Other" })).status).toBe(201);

    await expectProblem(await call(`/v1/petitions/${petition.slug}/signatures.csv`), 401);
    const res = await call(`/v1/petitions/${petition.slug}/signatures.csv`, { headers: ADMIN });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = (await res.text()).split("\r\n");
    expect(lines[0]).toBe("email,name,country,postcode,consent,locale,source,partner_key,signed_at");
    expect(lines[1]).toMatch(/^ana@example\.org,"Ana, ""the"" Bold",BR,,yes,,wa,,\d{4}-\d\d-\d\dT/);
    expect(lines[2]).toMatch(/^eve@example\.org,"'=HYPERLINK\(""x""\)",FR,75001,no,,,,/);
    expect(lines.slice(3)).toEqual([""]);
  });
});

describe("CSV for spreadsheets", () => {
  it("starts the signatures export and the report CSVs with a UTF-8 BOM, so Excel reads non-Latin names", async () => {
    const petition = await createPetition();
    expect((await signJson(petition.slug, { email: "bom@example.org", name: "Ελένη 李" })).status).toBe(201);
    for (const path of [
      `/v1/petitions/${petition.slug}/signatures.csv`,
      `/v1/petitions/${petition.slug}/report?format=csv&by=country`,
    ]) {
      const bytes = new Uint8Array(await (await call(path, { headers: ADMIN })).arrayBuffer());
      expect(Array.from(bytes.slice(0, 3)), path).toEqual([0xef, 0xbb, 0xbf]);
    }
    const text = new TextDecoder().decode(
      await (await call(`/v1/petitions/${petition.slug}/signatures.csv`, { headers: ADMIN })).arrayBuffer(),
    );
    expect(text).toContain("bom@example.org,Ελένη 李,");
  });
});
