/** Every D1 statement about petitions. */
import { problems } from "../problems";
import {
  defaultLanguageOf,
  defaultLanguageTranslated,
  type Petition,
  type PetitionCreate,
  type PetitionPatch,
  type PetitionWithCount,
} from "../schemas";
import { acceptingSignaturesSql } from "./accepting-signatures";

/** A stored petition: the public shape plus the row id signatures refer to. */
export type PetitionRecord = Petition & { id: number };

/** A settings column holds its value as it is, or as JSON text (lists and objects). */
type ColumnCodec = "value" | "json";

type PetitionSettings = Omit<PetitionCreate, "slug">;

/**
 * Every petition setting and how its column holds it: the one list the SELECT, INSERT, UPDATE and row
 * mapping derive from. Keyed by the schema's settings, so a setting missing here does not compile.
 */
const SETTINGS = {
  title: "value",
  summary: "value",
  body: "value",
  goal: "value",
  status: "value",
  closes_at: "value",
  locales: "json",
  embed_origins: "json",
  fields: "json",
  consent_text: "value",
  share_text: "value",
  language: "value",
  translations: "json",
  thank_you_url: "value",
  share_url: "value",
  turnstile_site_key: "value",
  confirmation: "value",
  privacy_url: "value",
  public_count_rounding: "value",
} as const satisfies { [K in keyof PetitionSettings]-?: ColumnCodec };

type SettingName = keyof typeof SETTINGS;
const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];
type JsonSettingName = { [K in SettingName]: (typeof SETTINGS)[K] extends "json" ? K : never }[SettingName];
const JSON_SETTINGS = SETTING_NAMES.filter((name): name is JsonSettingName => SETTINGS[name] === "json");

type PetitionRow = { id: number } & {
  [K in keyof Petition]: K extends SettingName
    ? (typeof SETTINGS)[K] extends "json"
      ? string
      : Petition[K]
    : Petition[K];
};

const COLUMN_NAMES = ["id", "slug", ...SETTING_NAMES, "created_at", "updated_at"];
const COLUMNS = COLUMN_NAMES.map((name) => `p.${name}`).join(", ");

function fromRow(row: PetitionRow): PetitionRecord {
  const record: Record<string, unknown> = { ...row };
  for (const name of JSON_SETTINGS) record[name] = JSON.parse(row[name]);
  return record as PetitionRecord;
}

/** The public shape: the row id stays inside. */
export function publicPetition({ id: _id, ...petition }: PetitionRecord): Petition {
  return petition;
}

export async function findPetition(db: D1Database, slug: string): Promise<PetitionRecord | null> {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM petitions p WHERE p.slug = ?`).bind(slug).first<PetitionRow>();
  return row ? fromRow(row) : null;
}

/**
 * Closing keeps its instant in closes_at, so whether the petition took signatures at some past instant
 * can be answered later (src/store/accepting-signatures.ts).
 */
function withClosingRecorded<T extends Pick<PetitionSettings, "status" | "closes_at">>(settings: T, now: Date): T {
  const closesAt = settings.closes_at ?? null;
  const nowIso = now.toISOString();
  return settings.status === "closed" && (closesAt === null || closesAt > nowIso)
    ? { ...settings, closes_at: nowIso }
    : settings;
}

/**
 * Reopening a closed petition forgets the closing time it recorded, unless a future closes_at is given:
 * a form that sends the recorded (past) time back must not leave it "open" yet refusing signatures.
 */
function reopened(current: PetitionRecord, patch: PetitionPatch, now: Date): Partial<PetitionSettings> {
  if (current.status !== "closed" || patch.status !== "open") return {};
  const closesLater = patch.closes_at != null && patch.closes_at > now.toISOString();
  return closesLater ? {} : { closes_at: null };
}

/** A patch replaces the languages it names (null removes one) and keeps the others. */
function patchedTranslations(
  current: Petition["translations"],
  patch: PetitionPatch["translations"],
): Petition["translations"] {
  const next = { ...current };
  for (const [tag, texts] of Object.entries(patch ?? {})) {
    if (texts === null) delete next[tag];
    else next[tag] = texts;
  }
  return next;
}

/** The settings bound to ?2 onwards of the statements below, in SETTING_NAMES' order; the timestamp follows them. */
function settingsValues(petition: PetitionSettings): unknown[] {
  return SETTING_NAMES.map((name) =>
    SETTINGS[name] === "json" ? JSON.stringify(petition[name]) : (petition[name] ?? null),
  );
}

const SETTINGS_COLUMNS = SETTING_NAMES.join(", ");
const SETTINGS_PLACEHOLDERS = SETTING_NAMES.map((_, index) => `?${index + 2}`).join(", ");
const NOW_PLACEHOLDER = `?${SETTING_NAMES.length + 2}`;

const RETURNING = `RETURNING ${COLUMN_NAMES.join(", ")}`;

/** Inserts a new petition; null when the slug is taken. */
export async function insertPetition(db: D1Database, input: PetitionCreate, now: Date): Promise<PetitionRecord | null> {
  const row = await db
    .prepare(
      `INSERT INTO petitions (slug, ${SETTINGS_COLUMNS}, created_at, updated_at)
       VALUES (?1, ${SETTINGS_PLACEHOLDERS}, ${NOW_PLACEHOLDER}, ${NOW_PLACEHOLDER})
       ON CONFLICT (slug) DO NOTHING ${RETURNING}`,
    )
    .bind(
      input.slug,
      ...settingsValues(withClosingRecorded({ ...input, language: defaultLanguageOf(input) }, now)),
      now.toISOString(),
    )
    .first<PetitionRow>();
  return row ? fromRow(row) : null;
}

/** Applies a partial update; null when there is no such petition. */
export async function updatePetition(
  db: D1Database,
  slug: string,
  patch: PetitionPatch,
  now: Date,
): Promise<PetitionRecord | null> {
  const current = await findPetition(db, slug);
  if (!current) return null;
  const next = {
    ...current,
    ...patch,
    ...reopened(current, patch, now),
    fields: { ...current.fields, ...patch.fields },
    translations: patchedTranslations(current.translations, patch.translations),
  };
  if (Object.hasOwn(next.translations, next.language)) {
    const { path, message } = defaultLanguageTranslated(next.language);
    throw problems.validation([{ path: path.join("."), message }]);
  }
  const row = await db
    .prepare(
      `UPDATE petitions SET (${SETTINGS_COLUMNS}, updated_at) = (${SETTINGS_PLACEHOLDERS}, ${NOW_PLACEHOLDER})
       WHERE id = ?1 ${RETURNING}`,
    )
    .bind(current.id, ...settingsValues(withClosingRecorded(next, now)), now.toISOString())
    .first<PetitionRow>();
  return row ? fromRow(row) : null;
}

export interface PetitionListRows {
  petitions: PetitionWithCount[];
  /** The id to pass back for the next page; null on the last page. */
  nextCursor: number | null;
}

/**
 * A page of petitions, newest first, with their tallied counts. `openAt` set: only petitions
 * accepting signatures at that instant (the public list); unset: all of them, drafts included.
 */
export async function listPetitions(
  db: D1Database,
  options: { limit: number; before?: number; openAt?: Date },
): Promise<PetitionListRows> {
  const openOnly = options.openAt !== undefined;
  const { results } = await db
    .prepare(
      `SELECT ${COLUMNS}, coalesce(t.count, 0) AS count
       FROM petitions p LEFT JOIN petition_tallies t ON t.petition_id = p.id
       WHERE p.id < ?1
         AND (?2 = 0 OR ${acceptingSignaturesSql("p", "?3")})
       ORDER BY p.id DESC
       LIMIT ?4`,
    )
    .bind(
      options.before ?? Number.MAX_SAFE_INTEGER,
      openOnly ? 1 : 0,
      options.openAt?.toISOString() ?? "",
      options.limit + 1,
    )
    .all<PetitionRow & { count: number }>();
  const page = results.slice(0, options.limit);
  return {
    petitions: page.map((row) => ({ ...publicPetition(fromRow(row)), count: row.count })),
    nextCursor: results.length > options.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** What OSDI lists of a petition: the stored petition and its tallied count. */
export type PetitionRecordWithCount = PetitionRecord & { count: number };

/**
 * A numbered page of the petitions the public may see (drafts left out), oldest first so pages stay
 * put as petitions are added, with their tallied counts and how many there are in all. `slugs`: only
 * those (a partner key limited to some petitions). The petitions table is small: its rows are walked.
 */
export async function visiblePetitionsPage(
  db: D1Database,
  options: { skip: number; limit: number; slugs: readonly string[] | null },
): Promise<{ petitions: PetitionRecordWithCount[]; total: number }> {
  const visible = `p.status != 'draft' AND (?1 IS NULL OR p.slug IN (SELECT value FROM json_each(?1)))`;
  const slugs = options.slugs === null ? null : JSON.stringify(options.slugs);
  const [page, total] = await db.batch([
    db
      .prepare(
        `SELECT ${COLUMNS}, coalesce(t.count, 0) AS count
         FROM petitions p LEFT JOIN petition_tallies t ON t.petition_id = p.id
         WHERE ${visible} ORDER BY p.id LIMIT ?2 OFFSET ?3`,
      )
      .bind(slugs, options.limit, options.skip),
    db.prepare(`SELECT count(*) AS n FROM petitions p WHERE ${visible}`).bind(slugs),
  ]);
  return {
    petitions: (page!.results as (PetitionRow & { count: number })[]).map((row) => ({
      ...fromRow(row),
      count: row.count,
    })),
    total: (total!.results[0] as { n: number }).n,
  };
}

/** Petitions by row id (drafts too), for readers that hold ids: webhook payloads. */
export async function petitionsByIds(db: D1Database, ids: readonly number[]): Promise<Map<number, PetitionRecord>> {
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM petitions p WHERE p.id IN (SELECT value FROM json_each(?))`)
    .bind(JSON.stringify(ids))
    .all<PetitionRow>();
  return new Map(results.map((row) => [row.id, fromRow(row)]));
}

/** Row ids of the petitions (drafts too) that `slugs` name; a slug that names none is not in the map. */
export async function petitionIdsBySlug(db: D1Database, slugs: readonly string[]): Promise<Map<string, number>> {
  const { results } = await db
    .prepare(`SELECT slug, id FROM petitions WHERE slug IN (SELECT value FROM json_each(?))`)
    .bind(JSON.stringify(slugs))
    .all<{ slug: string; id: number }>();
  return new Map(results.map((row) => [row.slug, row.id]));
}

/** Slugs of petitions by row id. */
export async function petitionSlugsByIds(db: D1Database, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const { results } = await db
    .prepare(`SELECT id, slug FROM petitions WHERE id IN (SELECT value FROM json_each(?))`)
    .bind(JSON.stringify(ids))
    .all<{ id: number; slug: string }>();
  return new Map(results.map((row) => [row.id, row.slug]));
}
