/**
 * The console's forms speak plainly: a field the admin API refuses shows, beside it and in the summary,
 * what it takes in words (never the validator's text), keeping what was typed; its date-time inputs are
 * UTC and say so, and times are written for people.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { dateTime, instantOfUtcInput, utcInputValue } from "../../src/console/format";
import { SETTING_FIELDS } from "../../src/console/petition-form";
import { PetitionCreate } from "../../src/schemas";
import { post, session } from "../helpers/console";
import { tagWithId } from "../helpers/html";
import { ADMIN, call, createPetition, uniqueSlug } from "../helpers/index";

const errorOf = (page: string, id: string) =>
  page.match(new RegExp(`<p class="error" id="${id}-error">([^<]*)</p>`))?.[1];

/** A schema's bound where zod keeps one: a string's or array's largest length, a number's largest value. */
function upperBound(schema: z.ZodType): number | undefined {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable || inner instanceof z.ZodDefault)
    inner = inner.unwrap() as z.ZodType;
  if (inner instanceof z.ZodString || inner instanceof z.ZodNumber)
    return (inner instanceof z.ZodString ? inner.maxLength : inner.maxValue) ?? undefined;
  if (inner instanceof z.ZodArray)
    return (inner.def.checks ?? []).map((check) => (check._zod.def as { maximum?: number }).maximum).find(Boolean);
  return undefined;
}

describe("the petition form's errors", () => {
  it("says what each refused field takes, in words, beside it and in the summary, keeping what was typed", async () => {
    const { cookie, csrf } = await session();
    const res = await post("/admin/new", cookie, {
      csrf,
      slug: "Not A Slug",
      title: "x".repeat(201),
      summary: "",
      goal: "0",
      status: "open",
      locales: "en, not_a_language",
      embed_origins: "https://ok.example\nhttps://ok.example/with/path",
      thank_you_url: "http://insecure.example/thanks",
      public_count_rounding: "1",
    });
    expect(res.status).toBe(422);
    const page = await res.text();
    const expected: Record<string, string> = {
      "f-slug": "Enter a slug of 3 to 64 characters, using only lower-case letters, digits and hyphens",
      "f-title": "Enter a title of at most 200 characters",
      "f-summary": "Enter a summary of at most 1,000 characters",
      "f-goal": "Enter the goal as a whole number from 1 to 1,000,000,000",
      "f-locales": "Enter at most 20 language codes such as en or pt-BR, separated by commas",
      "f-embed_origins":
        "Enter at most 50 sites, one per line, each as its address alone, such as https://campaign.example (no path after it)",
      "f-thank_you_url": "Enter the thank-you page as a full address starting with https://, or leave it empty",
      "f-public_count_rounding":
        "Enter a whole number from 2 to 1,000,000 to round public counts to, or leave it empty",
    };
    for (const [id, words] of Object.entries(expected)) {
      expect(errorOf(page, id), id).toBe(words);
      expect(page).toContain(`<li><a href="#${id}">${words}</a></li>`);
    }
    expect(page).toContain('<h2 id="error-summary-title">There is a problem</h2>');
    // None of the validator's own words reach the page.
    for (const zodText of ["Too small", "Too big", "Invalid", "expected", "an origin such as", "a BCP 47"])
      expect(page).not.toContain(zodText);
    expect(tagWithId(page, "f-title")).toContain(`value="${"x".repeat(201)}"`);
    expect(page).toContain("https://ok.example\nhttps://ok.example/with/path</textarea>");
  });

  it("names a taken slug as such", async () => {
    const { cookie, csrf } = await session();
    const existing = await createPetition();
    const res = await post("/admin/new", cookie, { csrf, slug: existing.slug, title: "T", summary: "S", goal: "10" });
    expect(res.status).toBe(409);
    expect(errorOf(await res.text(), "f-slug")).toBe("Another petition has this slug: choose another");
  });

  it("has a rule for every setting that states the schema's own bounds, so the words cannot drift from it", () => {
    for (const field of SETTING_FIELDS) {
      expect(field.rule, field.name).toMatch(/^(Enter|Choose|Shorten)/);
      const [key] = field.name.split(".") as [keyof typeof PetitionCreate.shape];
      const bound = upperBound(PetitionCreate.shape[key] as z.ZodType);
      if (bound !== undefined && !field.name.startsWith("fields."))
        expect(field.rule, field.name).toContain(new Intl.NumberFormat("en").format(bound));
    }
  });
});

describe("the closing date", () => {
  it("is a datetime-local input in UTC, saved as that instant and shown for people", async () => {
    const { cookie, csrf } = await session();
    const form = await (await call("/admin/new", { headers: { cookie } })).text();
    expect(tagWithId(form, "f-closes_at")).toContain('type="datetime-local"');
    expect(form).toContain('<label for="f-closes_at">Closes at (UTC)</label>');

    const slug = uniqueSlug("closing");
    const created = await post("/admin/new", cookie, {
      csrf,
      slug,
      title: "T",
      summary: "S",
      goal: "10",
      status: "open",
      closes_at: "2099-12-04T07:30",
    });
    expect(created.status).toBe(303);
    const stored = await (await call(`/v1/admin/petitions/${slug}`, { headers: ADMIN })).json<{ closes_at: string }>();
    expect(stored.closes_at).toBe("2099-12-04T07:30:00.000Z");
    const dashboard = await (await call(`/admin/p/${slug}`, { headers: { cookie } })).text();
    expect(dashboard).toContain(" · closes 4 Dec 2099, 07:30 UTC");
    expect(dashboard).not.toContain("2099-12-04T07:30");
    const edit = await (await call(`/admin/p/${slug}/edit`, { headers: { cookie } })).text();
    expect(tagWithId(edit, "f-closes_at")).toContain('value="2099-12-04T07:30"');
  });

  it("must be in the future: a past one is refused beside the field with every other error, and nothing is created", async () => {
    const { cookie, csrf } = await session();
    const slug = uniqueSlug("past");
    const res = await post("/admin/new", cookie, {
      csrf,
      slug,
      title: "Kept",
      summary: "",
      goal: "10",
      status: "open",
      closes_at: "2020-01-01T10:00",
    });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(errorOf(page, "f-closes_at")).toBe("Closing date must be in the future");
    expect(errorOf(page, "f-summary")).toBe("Enter a summary of at most 1,000 characters");
    expect(tagWithId(page, "f-closes_at")).toContain('value="2020-01-01T10:00"');
    expect((await call(`/v1/admin/petitions/${slug}`, { headers: ADMIN })).status).toBe(404);
  });

  it("left as it was, passes: a petition that closed on its date can still be edited", async () => {
    const { cookie, csrf } = await session();
    const petition = await createPetition({ closes_at: "2021-03-04T05:06:07Z" });
    const edit = await (await call(`/admin/p/${petition.slug}/edit`, { headers: { cookie } })).text();
    // Seconds are shown (and kept) when the instant has them.
    expect(tagWithId(edit, "f-closes_at")).toContain('step="1" value="2021-03-04T05:06:07"');
    const saved = await post(`/admin/p/${petition.slug}/edit`, cookie, {
      csrf,
      title: "Renamed",
      summary: "S",
      goal: "10",
      closes_at: "2021-03-04T05:06:07",
    });
    expect(saved.status).toBe(303);
    const stored = await (await call(`/v1/admin/petitions/${petition.slug}`, { headers: ADMIN })).json<any>();
    expect(stored).toMatchObject({ title: "Renamed", closes_at: "2021-03-04T05:06:07.000Z" });
  });
});

describe("times for people", () => {
  it("writes instants to the minute in UTC and reads the inputs as UTC", () => {
    expect(dateTime("2026-12-04T07:30:59.000Z")).toBe("4 Dec 2026, 07:30 UTC");
    expect(dateTime(null)).toBe("never");
    expect(instantOfUtcInput("2026-12-04T07:30")).toBe("2026-12-04T07:30:00.000Z");
    expect(instantOfUtcInput("tomorrow")).toBe("tomorrow");
    expect(utcInputValue("2026-12-04T07:30:00.000Z")).toBe("2026-12-04T07:30");
    expect(utcInputValue(null)).toBe("");
  });
});

describe("other forms' errors", () => {
  it("puts a partner key's errors beside their fields, in words", async () => {
    const { cookie, csrf } = await session();
    const res = await post("/admin/api-keys", cookie, { csrf, name: "", rate_limit_per_minute: "0" });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(errorOf(page, "f-name")).toBe("Enter a name for the key, at most 100 characters");
    expect(errorOf(page, "f-scopes")).toBe("Tick at least one scope");
    expect(errorOf(page, "f-rate_limit_per_minute")).toBe(
      "Enter the signatures per minute as a whole number from 1 to 1,000,000",
    );
  });

  it("puts a webhook endpoint's errors beside their fields, in words", async () => {
    const { cookie, csrf } = await session();
    const res = await post("/admin/webhooks", cookie, { csrf, url: "not a url", petitions: "no-such-petition" });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(errorOf(page, "f-url")).toBe("Enter the receiver&#39;s address, starting with https://");
    expect(errorOf(page, "f-events")).toBe("Tick at least one event");
  });
});
