/** What the workerd tests share: requests against the Worker and looks at what D1 holds. */
import { env, exports } from "cloudflare:workers";
import { expect, vi } from "vitest";
import {
  keyringFrom,
  openPersonalFields,
  type PersonalFields,
  type SealedFields,
  sealPersonalFields,
} from "../../src/crypto/sealing";
import { emailDomainFields } from "../../src/signing/email-domain";
import type { SignatureRow } from "../../src/store/signatures";

export const ORIGIN = "https://petitions.test";
export const ADMIN = { Authorization: "Bearer test-admin-token" };

// Each test file starts somewhere else: the rate-limit binding's state is shared by the whole run.
let ipCounter = Math.floor(Math.random() * 60_000);
/** A fresh IPv4 network per call, so rate limits only bite where a test means them to. */
export function freshIp(): string {
  ipCounter += 1;
  return `198.${(ipCounter >> 8) & 255}.${ipCounter & 255}.7`;
}

let slugCounter = 0;
export function uniqueSlug(prefix = "p"): string {
  slugCounter += 1;
  return `${prefix}-${Date.now().toString(36)}-${slugCounter}`;
}

export function call(path: string, init: RequestInit & { cf?: Record<string, unknown> } = {}): Promise<Response> {
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, init as RequestInit));
}

export async function createPetition(overrides: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const res = await call("/v1/petitions", {
    method: "POST",
    headers: { ...ADMIN, "Content-Type": "application/json" },
    body: JSON.stringify({
      slug: uniqueSlug(),
      title: "Equal rights now",
      summary: "Sign for equality.",
      goal: 1000,
      ...overrides,
    }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

/** The row id of a petition by slug (the API never shows it). */
export async function petitionIdOf(slug: string): Promise<number> {
  return (await env.DB.prepare("SELECT id FROM petitions WHERE slug = ?").bind(slug).first<number>("id"))!;
}

export function signJson(slug: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return call(`/v1/petitions/${slug}/signatures`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "cf-connecting-ip": freshIp(), ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** A petition's stored signatures, their personal fields decrypted as an export would. */
export async function signatureRows(slug: string): Promise<Record<string, any>[]> {
  const { results } = await env.DB.prepare(
    `SELECT s.* FROM signatures s JOIN petitions p ON p.id = s.petition_id WHERE p.slug = ? ORDER BY s.id`,
  )
    .bind(slug)
    .all<Record<string, any> & Parameters<typeof openPersonalFields>[1]>();
  const keyring = await keyringFrom(env.ENCRYPTION_KEYS);
  return Promise.all(results.map(async (row) => ({ ...row, ...(await openPersonalFields(keyring, row)) })));
}

type RowFields = Omit<SignatureRow, keyof SealedFields> & PersonalFields;

/**
 * A row as the sign use-case builds it, its personal fields sealed under `keys` (the tests' current
 * key unless given); fields not given take plain defaults.
 */
export async function sealedRow(
  row: Pick<RowFields, "petitionId" | "dedupeKey" | "email"> & Partial<RowFields>,
  keys = env.ENCRYPTION_KEYS,
): Promise<SignatureRow> {
  const { email, name = null, postcode = null, ...rest } = row;
  const defaults = {
    country: "KE",
    consent: true,
    locale: null,
    source: null,
    apiKeyId: null,
    referralCode: null,
    channel: null,
    networkHash: "n",
    createdAt: Date.now(),
  };
  const domain = await emailDomainFields(env.HASH_KEY!, email);
  const sealed = await sealPersonalFields(await keyringFrom(keys), row, { email, name, postcode });
  return { ...defaults, ...domain, ...rest, ...sealed };
}

/** What a queue message carries, decrypted. */
export async function openedRow(row: SignatureRow): Promise<PersonalFields> {
  return openPersonalFields(await keyringFrom(env.ENCRYPTION_KEYS), {
    petition_id: row.petitionId,
    dedupe_key: row.dedupeKey,
    key_id: row.keyId,
    email: row.email,
    name: row.name,
    postcode: row.postcode,
  });
}

export async function totalSignatureRows(): Promise<number> {
  const row = await env.DB.prepare(`SELECT count(*) AS n FROM signatures`).first<{ n: number }>();
  return row?.n ?? 0;
}

/** Asserts an RFC 9457 answer and returns its body. */
export async function expectProblem(res: Response, status: number): Promise<Record<string, any>> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const problem = JSON.parse(text);
  expect(problem).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
  return problem;
}

/** A KV binding whose every call fails, as KV does in an outage. */
export function failingKV(): KVNamespace {
  const fail = async () => {
    throw new Error("KV GET failed: 500 Internal Server Error");
  };
  return { get: fail, put: fail, delete: fail, list: fail, getWithMetadata: fail } as unknown as KVNamespace;
}

/** A D1 binding whose every statement fails, as D1 does when overloaded or unreachable. */
export function failingD1(): D1Database {
  const fail = () => {
    throw new Error("D1_ERROR: Database is overloaded");
  };
  return new Proxy(env.DB, {
    get(target, prop) {
      if (prop === "prepare") {
        return (sql: string) =>
          new Proxy(target.prepare(sql), {
            get(statement, key) {
              if (key === "bind") return () => ({ run: fail, all: fail, first: fail, raw: fail });
              if (key === "run" || key === "all" || key === "first" || key === "raw") return fail;
              return Reflect.get(statement, key);
            },
          });
      }
      if (prop === "batch") return fail;
      return Reflect.get(target, prop);
    },
  });
}

export interface RecordedStatement {
  sql: string;
  meta?: D1Meta;
}

/**
 * A D1 binding that records every statement it runs (batched ones prefixed "batch: ") and counts its
 * calls (a batch is one), to assert how much D1 work a request costs.
 */
export function countingD1(inner: D1Database): {
  db: D1Database;
  statements: RecordedStatement[];
  calls: () => number;
} {
  const statements: RecordedStatement[] = [];
  let calls = 0;
  const wrap = (statement: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const record = <T extends D1Result | null>(result: T): T => {
      calls += 1;
      statements.push({ sql: sql.trim(), meta: result?.meta });
      return result;
    };
    return new Proxy(statement, {
      get(target, prop) {
        if (prop === "__inner") return target;
        if (prop === "__sql") return sql;
        if (prop === "bind") return (...values: unknown[]) => wrap(target.bind(...values), sql);
        if (prop === "run" || prop === "all") return async () => record(await target[prop]());
        if (prop === "first" || prop === "raw") {
          return async (...args: never[]) => {
            calls += 1;
            statements.push({ sql: sql.trim() });
            return (target[prop] as (...a: never[]) => unknown)(...args);
          };
        }
        return Reflect.get(target, prop);
      },
    });
  };
  const db = new Proxy(inner, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => wrap(target.prepare(sql), sql);
      if (prop === "batch") {
        return async (batch: D1PreparedStatement[]) => {
          calls += 1;
          const parts = batch as unknown as { __inner: D1PreparedStatement; __sql: string }[];
          for (const part of parts) statements.push({ sql: `batch: ${part.__sql.trim()}` });
          return target.batch(parts.map((part) => part.__inner));
        };
      }
      return Reflect.get(target, prop);
    },
  });
  return { db, statements, calls: () => calls };
}

/** A stand-in for the rate-limit binding: a fixed window of the wall clock, counting the calls it answers. */
export function fixedWindowBinding(limit: number, periodSeconds = 60) {
  const counts = new Map<string, number>();
  const binding = {
    calls: 0,
    async limit({ key }: { key: string }) {
      binding.calls += 1;
      const windowKey = `${Math.floor(Date.now() / (periodSeconds * 1000))}:${key}`;
      const used = counts.get(windowKey) ?? 0;
      if (used >= limit) return { success: false };
      counts.set(windowKey, used + 1);
      return { success: true };
    },
  };
  return binding;
}

/**
 * The binding's windows (local and on Cloudflare) are fixed minutes on the wall clock, so a count
 * that straddles a minute's end starts over. Tests that count up to a limit start with at least
 * 15 s of the current minute left.
 */
export async function awaitRoomInTheMinute(): Promise<void> {
  const leftMs = 60_000 - (Date.now() % 60_000);
  if (leftMs < 15_000) await new Promise((resolve) => setTimeout(resolve, leftMs + 50));
}

/** What the Worker writes to the console from now on (restore with vi.restoreAllMocks), for tests that no signer is logged. */
export function recordConsole(): string[] {
  const logged: string[] = [];
  for (const method of ["log", "info", "warn", "error", "debug"] as const)
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.join(" ")));
  return logged;
}
