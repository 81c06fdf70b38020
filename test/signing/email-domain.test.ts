/**
 * What signing records of an email's domain for fraud-wave detection: its keyed hash on every path
 * (direct and held for confirmation), the domain itself only for a disposable-address service on the
 * public list, never another domain in readable form.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { keyedHash } from "../../src/crypto/keyed-hash";
import { isDisposableDomain } from "../../src/signing/email-domain";
import { confirmPendingSignature } from "../../src/store/pending-signatures";
import { createPetition, signatureRows, signJson } from "../helpers/index";

const domainHash = (domain: string) => keyedHash(env.HASH_KEY!, "email-domain", domain);

describe("the email domain at signing", () => {
  it("stores the keyed hash of the canonical domain, and names only a disposable one", async () => {
    const petition = await createPetition();
    for (const email of ["Ana@GoogleMail.com", "bo@gmail.com", "cy@example.org", "dee@Mailinator.com"])
      expect((await signJson(petition.slug, { email, name: "N", country: "BR" })).status).toBe(201);

    const rows = await signatureRows(petition.slug);
    expect(rows.map((r) => [r.email_domain_hash, r.disposable_domain])).toEqual([
      [await domainHash("gmail.com"), null],
      [await domainHash("gmail.com"), null],
      [await domainHash("example.org"), null],
      [await domainHash("mailinator.com"), "mailinator.com"],
    ]);
    expect(JSON.stringify(rows.map(({ email, ...rest }) => rest))).not.toMatch(/gmail|example\.org/i);
  });

  it("carries both through a signature held for confirmation", async () => {
    const petition = await createPetition({ confirmation: "email" });
    const res = await signJson(petition.slug, { email: "held@mailinator.com", name: "H", country: "NG" });
    expect(res.status).toBe(201);
    const held = await env.DB.prepare(
      `SELECT ps.id, ps.email_domain_hash, ps.disposable_domain FROM pending_signatures ps
       JOIN petitions p ON p.id = ps.petition_id WHERE p.slug = ?`,
    )
      .bind(petition.slug)
      .first<{ id: number; email_domain_hash: string; disposable_domain: string }>();
    expect(held).toMatchObject({
      email_domain_hash: await domainHash("mailinator.com"),
      disposable_domain: "mailinator.com",
    });

    expect(await confirmPendingSignature(env.DB, held!.id, Date.now())).toBe(true);
    expect((await signatureRows(petition.slug))[0]).toMatchObject({
      email_domain_hash: await domainHash("mailinator.com"),
      disposable_domain: "mailinator.com",
    });
  });

  it("knows the public list's disposable-address services, and not the big mail providers", () => {
    for (const domain of ["mailinator.com", "guerrillamail.com", "10minutemail.com", "yopmail.com"])
      expect(isDisposableDomain(domain), domain).toBe(true);
    for (const domain of ["gmail.com", "outlook.com", "yahoo.com", "proton.me", "example.org"])
      expect(isDisposableDomain(domain), domain).toBe(false);
  });
});
