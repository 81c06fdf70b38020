/**
 * Every shape that crosses the API, as zod schemas. One schema drives validation, the TypeScript
 * types and the OpenAPI document (through `.meta()`), so the three cannot disagree.
 */
import { z } from "zod";
import { isCountryCode } from "./countries";

export const SLUG_PATTERN = /^[a-z0-9-]{3,64}$/;

export const Slug = z
  .string()
  .regex(SLUG_PATTERN, "3 to 64 characters of a-z, 0-9 and -")
  .meta({ description: "URL name of the petition", example: "demo" });

const FieldMode = z.enum(["required", "optional", "off"]);

const fieldModes = { name: FieldMode, postcode: FieldMode };

export const PetitionFields = z
  .strictObject({
    name: FieldMode.default("required"),
    postcode: FieldMode.default("off"),
  })
  .meta({ id: "PetitionFields", description: "Which optional signer fields the form asks for" });

/** No defaults here: a patch that leaves a field out leaves it as it is. */
const PetitionFieldsPatch = z.strictObject(fieldModes).partial();

/** C0 and C1 control characters other than tab, line feed and carriage return. */
const CONTROL_CHARACTER = /(?![\t\n\r])\p{Cc}/u;

/**
 * Every free-text field, trimmed. Control characters (tab and line breaks aside) and lone surrogates are
 * refused, not stripped: nobody types them, and silently changing what was sent would hide a broken client.
 */
export const Text = z
  .string()
  .trim()
  .refine(
    (value) => value.isWellFormed() && !CONTROL_CHARACTER.test(value),
    "text without control characters or unpaired surrogates",
  );

/** A host name as the URL parser leaves it (lower case, IDNs in punycode) or a bracketed IPv6 address. */
const BARE_HOST = /^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/;

/** The normalised origin when `value` is a bare http(s) origin (scheme, host, optional port; no path, query or user). */
function bareOrigin(value: string): string | undefined {
  const url = URL.parse(value);
  const isBare =
    url !== null &&
    (url.protocol === "https:" || url.protocol === "http:") &&
    BARE_HOST.test(url.hostname) &&
    url.href === `${url.origin}/`;
  return isBare ? url.origin : undefined;
}

/**
 * A web origin such as https://campaign.example: what embed_origins lists, CORS compares and CSP
 * frame-ancestors carries. Only a bare origin passes, stored in the form browsers send (lower case, no default port).
 */
export const Origin = z
  .string()
  .trim()
  .refine(
    (value) => bareOrigin(value) !== undefined,
    "an origin such as https://campaign.example (scheme, host and optional port, no path)",
  )
  .transform((value) => bareOrigin(value) ?? value);

/** A page of the campaign's (its thank-you page, its page for the petition, its privacy notice); https only, so it can never be a script URL. Stored as the URL parser writes it. */
const HttpsPage = z
  .url({ protocol: /^https$/, error: "an https URL" })
  .max(2000)
  .transform((value) => new URL(value).href);

/** Cloudflare Turnstile site keys are public identifiers such as 0x4AAAAAAA…. */
export const TurnstileSiteKey = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z_-]{1,100}$/, "a Turnstile site key such as 0x4AAAAAAABkMYinukE8nzY");

/** Whether a signature counts only after its signer confirms it from an email (README: Verified signatures). */
export const Confirmation = z.enum(["none", "email"]);

/** Public counts rounded to the nearest multiple, so watching them cannot tell whether one address signed. */
const PublicCountRounding = z.int().min(2).max(1_000_000);

export const Email = z.string().trim().max(254).pipe(z.email());

const LOCALE_TAG = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;

const LocaleTag = z.string().regex(LOCALE_TAG, "a BCP 47 language tag such as pt-BR");

/** BCP 47's canonical spelling ("PT-br" becomes "pt-BR"), so one language is one key. */
function canonicalTag(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/** A language tag, stored canonical. */
const LanguageTag = LocaleTag.refine((tag) => canonicalTag(tag) !== undefined, "a BCP 47 language tag such as pt-BR")
  .transform((tag) => canonicalTag(tag) ?? tag)
  .meta({ example: "pt-BR" });

/** A petition's own texts: in its default language as settings, in other languages as translations. */
const petitionTexts = {
  title: Text.min(1).max(200),
  summary: Text.min(1).max(1000),
  body: Text.max(20_000),
  consent_text: Text.max(1000),
  share_text: Text.max(280).meta({ description: "What a share link's message says before the link" }),
};

export type TranslatedField = keyof typeof petitionTexts;
export const TRANSLATED_FIELDS = Object.keys(petitionTexts) as TranslatedField[];

export const PetitionTranslation = z
  .strictObject({
    title: petitionTexts.title.optional(),
    summary: petitionTexts.summary.optional(),
    body: petitionTexts.body.optional(),
    consent_text: petitionTexts.consent_text.optional(),
    share_text: petitionTexts.share_text.optional(),
  })
  .meta({
    id: "PetitionTranslation",
    description: "The petition's texts in one language; a field left out is shown in the default language",
  });

export type PetitionTranslation = z.infer<typeof PetitionTranslation>;

const MAX_TRANSLATIONS = 40;

/** Translations by language tag, keys made canonical; two spellings of one language are one too many. */
const Translations = z
  .record(z.string().regex(LOCALE_TAG, "a BCP 47 language tag such as pt-BR"), PetitionTranslation)
  .superRefine((translations, ctx) => {
    const tags = Object.keys(translations);
    if (tags.length > MAX_TRANSLATIONS)
      ctx.addIssue({ code: "custom", message: `at most ${MAX_TRANSLATIONS} languages` });
    const seen = new Set<string>();
    for (const tag of tags) {
      const canonical = canonicalTag(tag);
      if (canonical === undefined)
        ctx.addIssue({ code: "custom", path: [tag], message: "a BCP 47 language tag such as pt-BR" });
      else if (seen.has(canonical))
        ctx.addIssue({ code: "custom", path: [tag], message: `${canonical} is given twice` });
      else seen.add(canonical);
    }
  })
  .transform((translations) =>
    Object.fromEntries(Object.entries(translations).map(([tag, texts]) => [canonicalTag(tag) ?? tag, texts])),
  );

/** A patch's translations: a language's texts replace that language's; null removes the language. */
const TranslationsPatch = z
  .record(z.string().regex(LOCALE_TAG, "a BCP 47 language tag such as pt-BR"), PetitionTranslation.nullable())
  .transform((translations) =>
    Object.fromEntries(Object.entries(translations).map(([tag, texts]) => [canonicalTag(tag) ?? tag, texts])),
  );

/** ISO 8601 with a zone, stored normalised to UTC so string comparison in SQL orders correctly. */
export const Instant = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value).toISOString())
  .meta({ example: "2027-01-31T23:59:59.000Z" });

export const PetitionStatus = z.enum(["draft", "open", "closed"]);

const petitionSettings = {
  title: petitionTexts.title,
  summary: petitionTexts.summary,
  body: petitionTexts.body.nullable().optional(),
  goal: z.int().positive().max(1_000_000_000),
  status: PetitionStatus,
  closes_at: Instant.nullable().optional(),
  locales: z.array(LocaleTag).max(20).meta({
    description:
      "The sign form's languages, the first its default: each one the form speaks, a region allowed (pt-BR); a 422 lists them",
  }),
  embed_origins: z.array(Origin).max(50),
  fields: PetitionFields,
  consent_text: petitionTexts.consent_text.nullable().optional(),
  share_text: petitionTexts.share_text.nullable().optional(),
  language: LanguageTag.meta({ description: "The language of the petition's own texts, its default" }),
  translations: Translations.meta({ description: "Its texts in other languages, by BCP 47 tag" }),
  thank_you_url: HttpsPage.nullable().optional().meta({ description: "Where signers go after signing" }),
  share_url: HttpsPage.nullable()
    .optional()
    .meta({ description: "The campaign site's page for the petition: share links lead there, else to /p/SLUG" }),
  turnstile_site_key: TurnstileSiteKey.nullable().optional(),
  confirmation: Confirmation,
  privacy_url: HttpsPage.nullable().optional(),
  public_count_rounding: PublicCountRounding.nullable().optional(),
};

export const PetitionCreate = z
  .strictObject({
    slug: Slug,
    ...petitionSettings,
    status: petitionSettings.status.default("open"),
    locales: petitionSettings.locales.default([]),
    embed_origins: petitionSettings.embed_origins.default([]),
    fields: PetitionFields.default({ name: "required", postcode: "off" }),
    confirmation: Confirmation.default("none"),
    language: petitionSettings.language
      .optional()
      .meta({ description: "The language of the petition's own texts; default: the first of locales, else en" }),
    translations: petitionSettings.translations.default({}),
  })
  .superRefine((petition, ctx) => {
    const language = defaultLanguageOf(petition);
    if (Object.hasOwn(petition.translations, language))
      ctx.addIssue({ code: "custom", ...defaultLanguageTranslated(language) });
  })
  .meta({ id: "PetitionCreate" });

/** A new petition's default language when it names none: the first of its form languages, else English. */
export function defaultLanguageOf(petition: { language?: string; locales: readonly string[] }): string {
  return petition.language ?? petition.locales[0] ?? "en";
}

/** The default language's texts are the petition's own settings, never a translation. */
export function defaultLanguageTranslated(language: string): { path: string[]; message: string } {
  return {
    path: ["translations", language],
    message: `${language} is the petition's default language: its texts are the petition's own title, summary…`,
  };
}

export const PetitionPatch = z
  .strictObject({ ...petitionSettings, fields: PetitionFieldsPatch, translations: TranslationsPatch })
  .partial()
  .meta({ id: "PetitionPatch" });

export type PetitionCreate = z.infer<typeof PetitionCreate>;
export type PetitionPatch = z.infer<typeof PetitionPatch>;

/** What the API answers for a petition; `satisfies` keeps its fields those of PetitionCreate plus the timestamps. */
export const Petition = z
  .object({
    slug: Slug,
    title: z.string(),
    summary: z.string(),
    body: z.string().nullable(),
    goal: z.int(),
    status: PetitionStatus,
    closes_at: z.string().nullable(),
    locales: z.array(z.string()),
    embed_origins: z.array(z.string()),
    fields: z.object(fieldModes),
    consent_text: z.string().nullable(),
    share_text: z.string().nullable(),
    language: z.string(),
    translations: z.record(z.string(), PetitionTranslation),
    thank_you_url: z.string().nullable(),
    share_url: z.string().nullable(),
    turnstile_site_key: z.string().nullable(),
    confirmation: Confirmation,
    privacy_url: z.string().nullable(),
    public_count_rounding: z.int().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  } satisfies Record<keyof PetitionCreate | "created_at" | "updated_at", z.ZodType>)
  .meta({ id: "Petition" });

export type Petition = z.infer<typeof Petition>;

export const PetitionWithCount = Petition.extend({
  count: z.int().meta({ description: "Signatures counted by the last tally run" }),
}).meta({ id: "PetitionWithCount" });

export type PetitionWithCount = z.infer<typeof PetitionWithCount>;

/** The public read of one petition: its texts in the language the reader asked for. */
export const LocalizedPetition = PetitionWithCount.extend({
  languages: z.array(z.string()).meta({ description: "Every language the petition can be read in, its default first" }),
  text_language: z.string().meta({
    description:
      "The language of title, summary, body, consent_text and share_text here (a field its translation lacks is in the default language)",
  }),
}).meta({ id: "LocalizedPetition" });

/** ?lang= on the pages and reads a signer sees. */
export const LanguageQuery = z.object({
  lang: LocaleTag.optional().meta({ description: "A language to read it in; else Accept-Language, else the default" }),
});

/** HTML forms send "on" for a ticked box and nothing for an unticked one; JSON sends a boolean. */
const Checkbox = z.preprocess(
  (value) => (typeof value === "string" ? ["on", "true", "1", "yes"].includes(value.toLowerCase()) : value),
  z.boolean(),
);

/** A form's empty field is a field not given. */
const emptyAsMissing = (value: unknown) => (value === "" ? undefined : value);

const optionalText = (max: number) => z.preprocess(emptyAsMissing, Text.max(max).optional());

/** Where a share link was shared: the share buttons' channels, `native` for the browser's share sheet. */
export const SHARE_CHANNELS = ["whatsapp", "telegram", "facebook", "x", "email", "link", "native"] as const;
export const ShareChannel = z.enum(SHARE_CHANNELS);
export type ShareChannel = z.infer<typeof ShareChannel>;

/** A share's referral code: random, minted for one share, never derived from who shared. */
export const ReferralCode = z.string().regex(/^[A-Za-z0-9_-]{8,16}$/, "a referral code from a share link");

export const SignatureInput = z
  .object({
    email: Email,
    name: optionalText(200),
    first_name: optionalText(100),
    last_name: optionalText(100),
    country: z.preprocess(
      (value) => (typeof value === "string" ? value.trim().toUpperCase() || undefined : value),
      z.string().refine(isCountryCode, "an ISO 3166-1 alpha-2 country code such as BR").optional(),
    ),
    postcode: optionalText(20),
    consent: Checkbox.default(false),
    locale: z.preprocess(emptyAsMissing, LocaleTag.optional()),
    source: optionalText(100),
    referral: z.preprocess(emptyAsMissing, ReferralCode.optional()),
    channel: z.preprocess(emptyAsMissing, ShareChannel.optional()),
    /** The honeypot: hidden from people, filled by naive bots. */
    website: z.string().max(1000).optional(),
    /** The Turnstile token, under the name Turnstile's widget gives its form field; required when the petition has a site key. */
    "cf-turnstile-response": z.string().max(4096).optional(),
  })
  .meta({ id: "SignatureInput" });

export type SignatureInput = z.infer<typeof SignatureInput>;

/** Before this, a "signed_at" is a typo, not a paper signature. */
const EARLIEST_SIGNED_AT = Date.parse("2000-01-01T00:00:00Z");
/** Clocks differ: a partner's "now" may be a little ahead of ours. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** One signature of a batch import: a signature as the sign endpoint takes it, perhaps made earlier. */
export const BatchSignature = SignatureInput.omit({ website: true, "cf-turnstile-response": true })
  .extend({
    signed_at: Instant.optional()
      .refine((value) => value === undefined || Date.parse(value) <= Date.now() + CLOCK_SKEW_MS, "not in the future")
      .refine((value) => value === undefined || Date.parse(value) >= EARLIEST_SIGNED_AT, "not before 2000")
      .meta({ description: "When it was signed (paper, offline, another platform); default: now" }),
  })
  .strict()
  .meta({ id: "BatchSignature" });

export type BatchSignature = z.infer<typeof BatchSignature>;

export const SignatureReceipt = z
  .object({
    status: z.enum(["signed", "pending"]).meta({
      description:
        "signed: taken. pending: the petition verifies signatures by email, and this one counts once confirmed from the link sent (the same answer whether or not a link was sent now).",
    }),
    petition: Slug,
    count: z.int().nullable().meta({
      description:
        "The petition's published count; the same whether or not this address had signed before. Null only when no count could be read (storage trouble); the signature was taken all the same.",
    }),
  })
  .meta({ id: "SignatureReceipt" });

export type SignatureReceipt = z.infer<typeof SignatureReceipt>;

/** A keyed hash (HMAC-SHA-256 under HASH_KEY, base64url) as the API shows one: a network's or an email domain's. */
const KeyedHash = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "a keyed hash of 43 base64url characters");

/** What a fraud wave is voided by (POST /v1/petitions/{slug}/invalidations); the console checks it before asking to confirm. */
export const InvalidationRequest = z
  .strictObject({
    ip: z
      .string()
      .refine(
        (value) => z.ipv4().safeParse(value).success || z.ipv6().safeParse(value).success,
        "an IPv4 or IPv6 address",
      )
      .optional()
      .meta({
        description: "Any IPv4 or IPv6 address in the network to void (its /24 or /64)",
        example: "203.0.113.7",
      }),
    network_hash: KeyedHash.optional().meta({
      description: "The network's keyed hash, as a fraud flag names it (GET /v1/petitions/{slug}/fraud-flags)",
    }),
    email_domain_hash: KeyedHash.optional().meta({
      description: "The keyed hash of the signers' email domain, as a fraud flag names it",
    }),
    from: Instant.optional().meta({ description: "Signed at or after" }),
    to: Instant.optional().meta({ description: "Signed before" }),
    source: Text.max(100).optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message:
      "Give at least one of ip, network_hash, email_domain_hash, from, to, source: a petition's signatures are not voided wholesale",
  })
  .refine((body) => body.ip === undefined || body.network_hash === undefined, {
    message: "Give the network as ip or as network_hash, not both",
    path: ["network_hash"],
  })
  .meta({ id: "InvalidationRequest" });

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    challenge: z
      .object({
        site_key: z.string().meta({ description: "The Turnstile widget's site key" }),
        field: z
          .string()
          .meta({ description: "The field the widget's token goes in when the signature is sent again" }),
      })
      .optional()
      .meta({
        description:
          "With /problems/challenge-required: the challenge a signer over the network's limit may solve to sign now",
      }),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details" });

export type Problem = z.infer<typeof Problem>;

/** Partner API keys (src/partners/api-keys.ts): what a key may do. */
export const SCOPES = ["signatures:write", "signatures:read"] as const;
export type Scope = (typeof SCOPES)[number];

export const ApiKeyCreate = z
  .strictObject({
    name: Text.min(1).max(100),
    petitions: z
      .array(Slug)
      .min(1)
      .max(100)
      .nullable()
      .default(null)
      .meta({ description: "The petitions the key may act on; null: every petition" }),
    scopes: z
      .array(z.enum(SCOPES))
      .min(1)
      .refine((scopes) => new Set(scopes).size === scopes.length, "each scope once"),
    rate_limit_per_minute: z
      .int()
      .min(1)
      .max(1_000_000)
      .default(600)
      .meta({ description: "Signatures the key may bring per minute (a batch counts each item)" }),
  })
  .meta({ id: "ApiKeyCreate" });

export const ApiKey = z
  .object({
    id: z.string().meta({ example: "key_3kTMd9Qx1vB2" }),
    name: z.string(),
    petitions: z.array(Slug).nullable(),
    scopes: z.array(z.enum(SCOPES)),
    rate_limit_per_minute: z.int(),
    created_at: z.string(),
    revoked_at: z.string().nullable(),
    last_used_at: z.string().nullable().meta({ description: "To the minute" }),
    signatures: z.int().meta({ description: "Signatures it brought, as the last tally run counted them" }),
  })
  .meta({ id: "ApiKey" });

export const NewApiKey = ApiKey.omit({ revoked_at: true, last_used_at: true, signatures: true })
  .extend({
    secret: z.string().meta({ description: "Shown this once: only its keyed hash is kept" }),
  })
  .meta({ id: "NewApiKey" });
