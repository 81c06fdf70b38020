/** Every D1 statement about petitions. */
import type { Petition, PetitionCreate, PetitionPatch, PetitionWithCount } from "../schemas";
import { acceptingSignaturesSql } from "./accepting-signatures";

/** A stored petition: the public shape plus the row id signatures refer to. */
export type PetitionRecord = Petition & { id: number };

interface PetitionRow {
  id: number;
  slug: string;
  title: string;
  summary: string;
  body: string | null;
  goal: number;
  status: Petition["status"];
  closes_at: string | null;
  locales: string;
  embed_origins: string;
  fields: string;
  consent_text: string | null;
  thank_you_url: string | null;
  turnstile_site_key: string | null;
  created_at: string;
  updated_at: string;
}

const COLUMNS = `p.id, p.slug, p.title, p.summary, p.body, p.goal, p.status, p.closes_at, p.locales,
  p.embed_origins, p.fields, p.consent_text, p.thank_you_url, p.turnstile_site_key, p.created_at, p.updated_at`;

function fromRow(row: PetitionRow): PetitionRecord {
  return {
    ...row,
    locales: JSON.parse(row.locales),
    embed_origins: JSON.parse(row.embed_origins),
    fields: JSON.parse(row.fields),
  };
}

/** The public shape: the row id stays inside. */
export function publicPetition({ id: _id, ...petition }: PetitionRecord): Petition {
  return petition;
}

export async function findPetition(db: D1Database, slug: string): Promise<PetitionRecord | null> {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM petitions p WHERE p.slug = ?`).bind(slug).first<PetitionRow>();
  return row ? fromRow(row) : null;
}

/** A petition's settings as bound to ?2 … ?13 of the statements below, in SETTINGS_COLUMNS' order. */
const SETTINGS_COLUMNS = `title, summary, body, goal, status, closes_at, locales, embed_origins, fields, consent_text,
  thank_you_url, turnstile_site_key`;

type PetitionSettings = Omit<PetitionCreate, "slug">;

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

/** Reopening a closed petition without a new closes_at forgets the closing time it recorded. */
function reopened(current: PetitionRecord, patch: PetitionPatch): Partial<PetitionSettings> {
  return current.status === "closed" && patch.status === "open" && patch.closes_at === undefined
    ? { closes_at: null }
    : {};
}

function settingsValues(petition: PetitionSettings): unknown[] {
  return [
    petition.title,
    petition.summary,
    petition.body ?? null,
    petition.goal,
    petition.status,
    petition.closes_at ?? null,
    JSON.stringify(petition.locales),
    JSON.stringify(petition.embed_origins),
    JSON.stringify(petition.fields),
    petition.consent_text ?? null,
    petition.thank_you_url ?? null,
    petition.turnstile_site_key ?? null,
  ];
}

const RETURNING = `RETURNING ${COLUMNS.replaceAll("p.", "")}`;

/** Inserts a new petition; null when the slug is taken. */
export async function insertPetition(db: D1Database, input: PetitionCreate, now: Date): Promise<PetitionRecord | null> {
  const row = await db
    .prepare(
      `INSERT INTO petitions (slug, ${SETTINGS_COLUMNS}, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)
       ON CONFLICT (slug) DO NOTHING ${RETURNING}`,
    )
    .bind(input.slug, ...settingsValues(withClosingRecorded(input, now)), now.toISOString())
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
  const next = { ...current, ...reopened(current, patch), ...patch, fields: { ...current.fields, ...patch.fields } };
  const row = await db
    .prepare(
      `UPDATE petitions SET (${SETTINGS_COLUMNS}, updated_at) = (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
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
