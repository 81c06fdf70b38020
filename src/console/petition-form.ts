/**
 * The console's petition form: one field per setting of the admin API, and the translation between
 * the form's text fields and the API's JSON. Validation is the API's own (the same zod schemas); its
 * problem's `errors` come back here by field.
 */
import type { FieldError } from "../problems";
import type { Petition } from "../schemas";

type Kind = "text" | "textarea" | "number" | "url" | "select" | "list" | "lines";

export interface SettingField {
  /** The API's name for it; "fields.name" is `fields: { name }`. */
  name: string;
  label: string;
  kind: Kind;
  hint?: string;
  options?: readonly string[];
  required?: boolean;
  /** Set once, at creation (the slug). */
  createOnly?: boolean;
  /** Empty means null (no value) rather than an empty string. */
  nullable?: boolean;
}

const FIELD_MODES = ["required", "optional", "off"] as const;

export const SETTING_FIELDS: readonly SettingField[] = [
  {
    name: "slug",
    label: "Slug",
    kind: "text",
    hint: "The petition's name in its links: 3 to 64 of a-z, 0-9 and -. It cannot change later.",
    required: true,
    createOnly: true,
  },
  { name: "title", label: "Title", kind: "text", required: true },
  {
    name: "summary",
    label: "Summary",
    kind: "textarea",
    hint: "One or two sentences: link previews show it.",
    required: true,
  },
  { name: "body", label: "Full text", kind: "textarea", hint: "Shown on the petition page.", nullable: true },
  { name: "goal", label: "Goal", kind: "number", hint: "Signatures wanted.", required: true },
  { name: "status", label: "Status", kind: "select", options: ["draft", "open", "closed"] },
  {
    name: "closes_at",
    label: "Closes at",
    kind: "text",
    hint: "Date and time with a zone, such as 2027-01-31T23:59:59Z. Empty: stays open.",
    nullable: true,
  },
  {
    name: "locales",
    label: "Languages",
    kind: "list",
    hint: "Comma-separated, such as pt-BR, en. The first is the default.",
  },
  {
    name: "embed_origins",
    label: "Sites that embed the form",
    kind: "lines",
    hint: "One origin per line, such as https://campaign.example. Empty: any site (see EMBED_FRAME_ANCESTORS).",
  },
  { name: "fields.name", label: "Signer's name", kind: "select", options: FIELD_MODES },
  { name: "fields.postcode", label: "Signer's postcode", kind: "select", options: FIELD_MODES },
  {
    name: "consent_text",
    label: "Consent checkbox text",
    kind: "textarea",
    hint: "Empty: no checkbox.",
    nullable: true,
  },
  {
    name: "thank_you_url",
    label: "Thank-you page",
    kind: "url",
    hint: "An https page signers go to after signing. Empty: the built-in thanks.",
    nullable: true,
  },
  {
    name: "share_url",
    label: "Page to share",
    kind: "url",
    hint: "Your campaign site's https page for this petition: share links lead there. Empty: the petition page.",
    nullable: true,
  },
  {
    name: "privacy_url",
    label: "Privacy notice",
    kind: "url",
    hint: "The https page of this petition's privacy notice, linked next to consent. Empty: no link.",
    nullable: true,
  },
  {
    name: "confirmation",
    label: "Verify signatures",
    kind: "select",
    options: ["none", "email"],
    hint: "email: a signature counts once its signer confirms it from an email.",
  },
  {
    name: "public_count_rounding",
    label: "Round public counts to",
    kind: "number",
    hint: "Such as 10, for petitions where watching the count must not tell whether one person signed. Empty: exact.",
    nullable: true,
  },
  {
    name: "turnstile_site_key",
    label: "Turnstile site key",
    kind: "text",
    hint: "Empty: no Turnstile challenge.",
    nullable: true,
  },
];

export type FormValues = Record<string, string>;

/** A petition's settings as the form shows them. */
export function formValuesOf(petition: Petition): FormValues {
  const values: FormValues = {};
  for (const field of SETTING_FIELDS) {
    const [key, sub] = field.name.split(".") as [keyof Petition, string?];
    const value = sub ? (petition[key] as Record<string, unknown>)[sub] : petition[key];
    values[field.name] = Array.isArray(value)
      ? value.join(field.kind === "lines" ? "\n" : ", ")
      : value === null || value === undefined
        ? ""
        : String(value);
  }
  return values;
}

/** A number when the text is one; otherwise the text as typed, so the API's validation names the field. */
function numberOrText(text: string): number | string {
  return text !== "" && Number.isFinite(Number(text)) ? Number(text) : text;
}

/**
 * The API's JSON body for the form as submitted: every setting the form sent (the slug only when
 * creating); what it did not send is left to the API's defaults or, when editing, as it is.
 */
export function apiBodyOf(values: FormValues, mode: "create" | "edit"): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of SETTING_FIELDS) {
    if ((field.createOnly && mode === "edit") || !(field.name in values)) continue;
    const text = (values[field.name] ?? "").trim();
    const value =
      field.nullable && text === ""
        ? null
        : field.kind === "number"
          ? numberOrText(text)
          : field.kind === "list"
            ? text.split(/[\s,]+/).filter(Boolean)
            : field.kind === "lines"
              ? text.split(/\s*\n\s*/).filter(Boolean)
              : text;
    const [key, sub] = field.name.split(".") as [string, string?];
    if (sub) body[key] = { ...(body[key] as object), [sub]: value };
    else body[key] = value;
  }
  return body;
}

/** The form field an API error path belongs to ("embed_origins.2" → embed_origins); undefined for none. */
export function fieldOfErrorPath(path: string): SettingField | undefined {
  return SETTING_FIELDS.find((field) => path === field.name || path.startsWith(`${field.name}.`));
}

/** Each field's errors, by field name. */
export function errorsByField(errors: readonly FieldError[]): Map<string, string[]> {
  const byField = new Map<string, string[]>();
  for (const error of errors) {
    const name = fieldOfErrorPath(error.path)?.name;
    if (name) byField.set(name, [...(byField.get(name) ?? []), error.message]);
  }
  return byField;
}
