/**
 * The console's petition form: one field per setting of the admin API, and the translation between
 * the form's text fields and the API's JSON. Validation is the API's own (the same zod schemas); its
 * problem's `errors` come back by field and are shown as each field's rule (src/console/form.ts).
 */
import { fieldErrors, problemDocument, problems } from "../problems";
import { type Petition, PetitionCreate, PetitionPatch, type Problem, TRANSLATED_FIELDS } from "../schemas";
import { type FormField, type FormValues, fieldOfErrorPath } from "./form";
import { instantOfUtcInput, utcInputValue } from "./format";

export interface SettingField extends FormField {
  /** Set once, at creation (the slug). */
  createOnly?: boolean;
  /** Empty means null (no value) rather than an empty string. */
  nullable?: boolean;
  /** Empty means left out: the API's default stands (or, when editing, the current value). */
  defaulted?: boolean;
}

const FIELD_MODES = ["required", "optional", "off"] as const;

/** The console's own check of a typed closing date (the API takes any instant): its error's message. */
export const CLOSING_DATE_PASSED = "not in the future";

export const SETTING_FIELDS: readonly SettingField[] = [
  {
    name: "slug",
    label: "Slug",
    kind: "text",
    hint: "The petition's name in its links: 3 to 64 of a-z, 0-9 and -. It cannot change later.",
    rule: "Enter a slug of 3 to 64 characters, using only lower-case letters, digits and hyphens",
    required: true,
    createOnly: true,
  },
  { name: "title", label: "Title", kind: "text", rule: "Enter a title of at most 200 characters", required: true },
  {
    name: "summary",
    label: "Summary",
    kind: "textarea",
    hint: "One or two sentences: link previews show it.",
    rule: "Enter a summary of at most 1,000 characters",
    required: true,
  },
  {
    name: "body",
    label: "Full text",
    kind: "textarea",
    hint: "Shown on the petition page.",
    rule: "Shorten the full text to at most 20,000 characters",
    nullable: true,
  },
  {
    name: "goal",
    label: "Goal",
    kind: "number",
    hint: "Signatures wanted.",
    rule: "Enter the goal as a whole number from 1 to 1,000,000,000",
    required: true,
  },
  {
    name: "status",
    label: "Status",
    kind: "select",
    options: ["draft", "open", "closed"],
    rule: "Choose the status: draft, open or closed",
  },
  {
    name: "closes_at",
    label: "Closes at (UTC)",
    kind: "datetime",
    hint: "In UTC, not your local time. Empty: open until you close it.",
    rule: "Enter the closing date and time, or leave it empty",
    messages: { [CLOSING_DATE_PASSED]: "Closing date must be in the future" },
    nullable: true,
  },
  {
    name: "locales",
    label: "Languages",
    kind: "list",
    hint: "Comma-separated, such as pt-BR, en. The first is the default.",
    rule: "Enter at most 20 language codes such as en or pt-BR, separated by commas",
  },
  {
    name: "embed_origins",
    label: "Sites that embed the form",
    kind: "lines",
    hint: "One origin per line, such as https://campaign.example. Empty: any site (see EMBED_FRAME_ANCESTORS).",
    rule: "Enter at most 50 sites, one per line, each as its address alone, such as https://campaign.example (no path after it)",
  },
  {
    name: "fields.name",
    label: "Signer's name",
    kind: "select",
    options: FIELD_MODES,
    rule: "Choose whether the form asks for the signer's name: required, optional or off",
  },
  {
    name: "fields.postcode",
    label: "Signer's postcode",
    kind: "select",
    options: FIELD_MODES,
    rule: "Choose whether the form asks for the signer's postcode: required, optional or off",
  },
  {
    name: "consent_text",
    label: "Consent checkbox text",
    kind: "textarea",
    hint: "Empty: no checkbox.",
    rule: "Shorten the consent text to at most 1,000 characters",
    nullable: true,
  },
  {
    name: "share_text",
    label: "Share message",
    kind: "textarea",
    hint: "What share links say before the link (WhatsApp, X, email). Empty: the form's own words.",
    rule: "Shorten the share message to at most 280 characters",
    nullable: true,
  },
  {
    name: "language",
    label: "Language of these texts",
    kind: "text",
    hint: "Such as en or pt-BR: signers whose language has no translation read these texts. Empty: the first of the languages above, else en.",
    rule: "Enter a language code such as en or pt-BR that is not also one of the translations",
    defaulted: true,
  },
  {
    name: "translations",
    label: "Translations",
    kind: "translations",
    rule: "Enter each translation's texts within the same lengths as the default's, for a language code such as es or pt-BR",
  },
  {
    name: "thank_you_url",
    label: "Thank-you page",
    kind: "url",
    hint: "An https page signers go to after signing. Empty: the built-in thanks.",
    rule: "Enter the thank-you page as a full address starting with https://, or leave it empty",
    nullable: true,
  },
  {
    name: "share_url",
    label: "Page to share",
    kind: "url",
    hint: "Your campaign site's https page for this petition: share links lead there. Empty: the petition page.",
    rule: "Enter the page to share as a full address starting with https://, or leave it empty",
    nullable: true,
  },
  {
    name: "privacy_url",
    label: "Privacy notice",
    kind: "url",
    hint: "The https page of this petition's privacy notice, linked next to consent. Empty: no link.",
    rule: "Enter the privacy notice as a full address starting with https://, or leave it empty",
    nullable: true,
  },
  {
    name: "confirmation",
    label: "Verify signatures",
    kind: "select",
    options: ["none", "email"],
    hint: "email: a signature counts once its signer confirms it from an email.",
    rule: "Choose how signatures are verified: none or email",
  },
  {
    name: "public_count_rounding",
    label: "Round public counts to",
    kind: "number",
    hint: "Such as 10, for petitions where watching the count must not tell whether one person signed. Empty: exact.",
    rule: "Enter a whole number from 2 to 1,000,000 to round public counts to, or leave it empty",
    nullable: true,
  },
  {
    name: "turnstile_site_key",
    label: "Turnstile site key",
    kind: "text",
    hint: "Empty: no Turnstile challenge.",
    rule: "Enter the site key Cloudflare Turnstile gives you, such as 0x4AAAAAAABkMYinukE8nzY, or leave it empty",
    nullable: true,
  },
];

/** The texts a translation carries, as the petition's own fields name them. */
const TRANSLATED_SETTING_FIELDS = SETTING_FIELDS.filter((field) =>
  (TRANSLATED_FIELDS as readonly string[]).includes(field.name),
);

/** The stand-in tag of the language still to be added (no language code starts with "_"). */
export const ADDED_LANGUAGE = "_add";
/** The form's key for that language's code. */
export const NEW_TRANSLATION = `translations.${ADDED_LANGUAGE}`;

/** The languages the form's translations section holds: those the petition has, as a hidden list. */
export function translationTags(values: FormValues): string[] {
  return (values.translations ?? "").split(/[\s,]+/).filter(Boolean);
}

/**
 * One field per text of each translation ("translations.es.title"), with the default's rule: where the
 * API's errors for a translation land. The language still to be added is under NEW_TRANSLATION.
 */
export function translationFields(values: FormValues): (SettingField & { tag: string; of: SettingField })[] {
  return [...translationTags(values), ADDED_LANGUAGE].flatMap((tag) =>
    TRANSLATED_SETTING_FIELDS.map((of) => ({
      ...of,
      name: `translations.${tag}.${of.name}`,
      required: false,
      tag,
      of,
    })),
  );
}

/** A petition's settings as the form shows them. */
export function formValuesOf(petition: Petition): FormValues {
  const values: FormValues = {};
  for (const [tag, texts] of Object.entries(petition.translations))
    for (const [field, text] of Object.entries(texts)) values[`translations.${tag}.${field}`] = text ?? "";
  for (const field of SETTING_FIELDS) {
    const [key, sub] = field.name.split(".") as [keyof Petition, string?];
    const value = sub ? (petition[key] as Record<string, unknown>)[sub] : petition[key];
    values[field.name] =
      field.kind === "translations"
        ? Object.keys(petition.translations).join(", ")
        : Array.isArray(value)
          ? value.join(field.kind === "lines" ? "\n" : ", ")
          : field.kind === "datetime"
            ? utcInputValue(value as string | null)
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
/**
 * The translations as the API takes them: each language's non-empty texts (an empty one falls back to
 * the default); a language the form emptied is removed (null) when editing and left out when creating.
 */
function translationsOf(values: FormValues, mode: "create" | "edit"): Record<string, Record<string, string> | null> {
  const newTag = (values[NEW_TRANSLATION] ?? "").trim();
  const translations: Record<string, Record<string, string> | null> = {};
  for (const tag of [...translationTags(values), ADDED_LANGUAGE]) {
    const texts = Object.fromEntries(
      TRANSLATED_SETTING_FIELDS.flatMap((field) => {
        const text = (values[`translations.${tag}.${field.name}`] ?? "").trim();
        return text ? [[field.name, text]] : [];
      }),
    );
    const language = tag === ADDED_LANGUAGE ? newTag : tag;
    if (Object.keys(texts).length > 0 && language) translations[language] = texts;
    else if (tag !== ADDED_LANGUAGE && mode === "edit") translations[language] = null;
  }
  return translations;
}

export function apiBodyOf(values: FormValues, mode: "create" | "edit"): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of SETTING_FIELDS) {
    if ((field.createOnly && mode === "edit") || !(field.name in values)) continue;
    if (field.kind === "translations") {
      body.translations = translationsOf(values, mode);
      continue;
    }
    const text = (values[field.name] ?? "").trim();
    if (field.defaulted && text === "") continue;
    const value =
      field.nullable && text === ""
        ? null
        : field.kind === "number"
          ? numberOrText(text)
          : field.kind === "list"
            ? text.split(/[\s,]+/).filter(Boolean)
            : field.kind === "lines"
              ? text.split(/\s*\n\s*/).filter(Boolean)
              : field.kind === "datetime"
                ? instantOfUtcInput(text)
                : text;
    const [key, sub] = field.name.split(".") as [string, string?];
    if (sub) body[key] = { ...(body[key] as object), [sub]: value };
    else body[key] = value;
  }
  return body;
}

/**
 * The console's own check beside the API's: a closing date typed into the form is in the future (the
 * API takes any instant; closing at once is the Close button's, which asks first). A date left as it
 * was passes, so a petition that closed on its date can still be edited. When it is refused, the other
 * fields are checked by the API's own schema too, so every error shows at once.
 */
export function closingDateProblem(
  values: FormValues,
  body: Record<string, unknown>,
  mode: "create" | "edit",
  current: string | null,
  now: number,
): Problem | undefined {
  const typed = (values.closes_at ?? "").trim();
  if (!typed || typed === utcInputValue(current)) return undefined;
  // A date the API cannot read is the API's to name.
  const at = Date.parse(instantOfUtcInput(typed));
  if (Number.isNaN(at) || at > now) return undefined;
  const parsed = (mode === "create" ? PetitionCreate : PetitionPatch).safeParse(body);
  const others = parsed.success
    ? []
    : fieldErrors(parsed.error).filter((error) => fieldOfErrorPath(SETTING_FIELDS, error.path)?.name !== "closes_at");
  return problemDocument(problems.validation([{ path: "closes_at", message: CLOSING_DATE_PASSED }, ...others]));
}
