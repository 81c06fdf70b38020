/**
 * A configuration checked before it serves: the secrets' strength and format, vars that contradict each
 * other, and, given wrangler.toml, what only it says (the rate-limit bindings, resource ids). Pure functions
 * over the settings as text: `npm run doctor` runs them over wrangler.toml's [vars] under .dev.vars or an
 * env file, and a status page can run them over a Worker's env. They parse with the Worker's own parsers
 * (./settings.ts, the keyring), so a value they pass is one the Worker takes. They read secrets only to
 * judge them: no reason holds a secret's value.
 */
import { keyringFrom } from "../crypto/sealing";
import { EMAIL_TRANSPORTS } from "../email/mailer";
import { counted } from "../english-figures";
import { ProblemError } from "../problems";
import { TurnstileSiteKey } from "../schemas";
import { WRITE_MODES } from "../signing/write-modes";
import { accessSetting, integerList, LOCAL_HOSTS, oneOf, POSITIVE_INT_VARS, positiveIntSetting } from "./settings";

/** green: as it should be; amber: it serves, but something is off or off on purpose; red: fix it before serving. */
export type CheckStatus = "green" | "amber" | "red";

export interface ConfigCheck {
  /** What was checked: a var's or secret's name, or a few of them. */
  subject: string;
  status: CheckStatus;
  /** Why, in words an operator can act on. */
  reason: string;
}

/** Vars and secrets by name. Anything that is not text (a Worker's bindings) or is blank counts as unset. */
export type Settings = Readonly<Record<string, unknown>>;

/** The parts of wrangler.toml the checks read, as a TOML parser gives them. */
export interface WranglerConfig {
  d1_databases?: { binding: string; database_name?: string; database_id?: string; preview_database_id?: string }[];
  kv_namespaces?: { binding: string; id?: string; preview_id?: string }[];
  queues?: { producers?: { binding: string; queue: string }[] };
  ratelimits?: { name: string; simple?: { limit: number; period: number } }[];
  send_email?: { name: string }[];
}

const MIN_ADMIN_TOKEN_CHARACTERS = 16;
const MIN_HASH_KEY_BYTES = 32;
/** Fewer different characters than this is a word or a pattern (a random 16-character hex token has about 10). */
const MIN_DISTINCT_CHARACTERS = 6;
/** Periods the rate-limit binding accepts. */
const BINDING_PERIODS = [10, 60];
/** The Upstash limits in [vars] and the bindings that decide when Upstash is off or fails. */
const MIRRORED_LIMITS = [
  { variable: "RATE_LIMIT_PETITION", binding: "SIGN_LIMIT_PETITION" },
  { variable: "RATE_LIMIT_GLOBAL", binding: "SIGN_LIMIT_GLOBAL" },
  { variable: "RATE_LIMIT_CHALLENGED", binding: "SIGN_LIMIT_CHALLENGED" },
] as const;

const check = (status: CheckStatus) => (subject: string, reason: string) => ({ subject, status, reason });
const green = check("green");
const amber = check("amber");
const red = check("red");

function text(settings: Settings, name: string): string | undefined {
  const value = settings[name];
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** What a parser refused, in its own words (the detail of the 503 problem the Worker would answer). */
function refusal(error: unknown): string {
  if (error instanceof ProblemError && error.detail) return error.detail;
  throw error;
}

/** A var that names one of a few choices, or the red check giving the Worker's refusal. */
function choice<T extends string>(settings: Settings, name: string, choices: readonly T[]): T | ConfigCheck {
  try {
    return oneOf(name, text(settings, name), choices);
  } catch (error) {
    return red(name, refusal(error));
  }
}

/**
 * A generated secret has many different characters, in no order. A word, a repeated block ("abcabc"),
 * a run ("12345678") or one character over and over does not.
 */
function looksRandom(value: string): boolean {
  const codes = Array.from(value, (char) => char.codePointAt(0) ?? 0);
  const steps = codes.slice(1).map((code, index) => code - (codes[index] ?? 0));
  const runSteps = steps.filter((step) => Math.abs(step) === 1).length;
  return new Set(codes).size >= MIN_DISTINCT_CHARACTERS && !/^(.+?)\1+$/s.test(value) && runSteps * 2 <= steps.length;
}

const NOT_RANDOM = "does not look random (a word, a pattern or few different characters)";

function adminTokenCheck(settings: Settings): ConfigCheck {
  const token = text(settings, "ADMIN_TOKEN");
  const subject = "ADMIN_TOKEN";
  const generate = "generate one, e.g. `openssl rand -base64 24`";
  if (!token) return red(subject, "unset: the admin API and the console answer 503, so no petition can be made");
  if (token.length < MIN_ADMIN_TOKEN_CHARACTERS) {
    return red(subject, `${counted(token.length, "character")}, fewer than ${MIN_ADMIN_TOKEN_CHARACTERS}: ${generate}`);
  }
  if (!looksRandom(token)) return red(subject, `${NOT_RANDOM}: ${generate}`);
  return green(subject, `${token.length} random-looking characters`);
}

function hashKeyCheck(settings: Settings): ConfigCheck {
  const key = text(settings, "HASH_KEY");
  const subject = "HASH_KEY";
  const generate = "generate it once, e.g. `openssl rand -base64 32` (changing it later breaks dedupe)";
  if (!key) return red(subject, "unset: signing answers 503");
  const bytes = new TextEncoder().encode(key).length;
  if (bytes < MIN_HASH_KEY_BYTES)
    return red(subject, `${counted(bytes, "byte")}, fewer than ${MIN_HASH_KEY_BYTES}: ${generate}`);
  if (!looksRandom(key)) return red(subject, `${NOT_RANDOM}: ${generate}`);
  return green(subject, `${bytes} random-looking bytes`);
}

async function encryptionKeysCheck(settings: Settings): Promise<ConfigCheck> {
  const subject = "ENCRYPTION_KEYS";
  try {
    const keyring = await keyringFrom(text(settings, "ENCRYPTION_KEYS"));
    return green(subject, `${counted(keyring.keys.size, "key")}; new rows are sealed with "${keyring.currentId}"`);
  } catch (error) {
    return red(subject, refusal(error));
  }
}

function writeModeCheck(settings: Settings, wrangler: WranglerConfig | undefined): ConfigCheck {
  const subject = "SIGNATURE_WRITE_MODE";
  const mode = choice(settings, subject, WRITE_MODES);
  if (typeof mode !== "string") return mode;
  const queueBound = wrangler
    ? (wrangler.queues?.producers ?? []).some((producer) => producer.binding === "SIGNATURE_QUEUE")
    : settings.SIGNATURE_QUEUE !== undefined;
  if (mode !== "direct" && !queueBound) return red(subject, `${mode} needs the SIGNATURE_QUEUE producer binding`);
  return green(subject, mode);
}

function numbersCheck(settings: Settings): ConfigCheck {
  const malformed: string[] = [];
  for (const name of POSITIVE_INT_VARS) {
    try {
      positiveIntSetting(name, text(settings, name));
    } catch {
      malformed.push(name);
    }
  }
  if (integerList(text(settings, "WEBHOOK_RETRY_SECONDS")).length === 0) malformed.push("WEBHOOK_RETRY_SECONDS");
  const subject = "counts and durations";
  if (malformed.length > 0)
    return red(subject, `not positive integers (the Worker answers 503): ${malformed.join(", ")}`);
  return green(subject, `${POSITIVE_INT_VARS.length + 1} vars are positive integers`);
}

function rateLimitsCheck(settings: Settings, wrangler: WranglerConfig): ConfigCheck {
  const subject = "RATE_LIMIT_* and [[ratelimits]]";
  const window = text(settings, "RATE_LIMIT_WINDOW_SECONDS");
  const faults: string[] = [];
  const differences: string[] = [];
  for (const { variable, binding } of MIRRORED_LIMITS) {
    const simple = wrangler.ratelimits?.find((limit) => limit.name === binding)?.simple;
    if (!simple) {
      faults.push(`no [[ratelimits]] binding ${binding}`);
      continue;
    }
    if (!BINDING_PERIODS.includes(simple.period)) faults.push(`${binding}'s period must be 10 or 60 seconds`);
    const limit = text(settings, variable);
    if (Number(limit) !== simple.limit || Number(window) !== simple.period) {
      differences.push(`${variable} is ${limit} per ${window} s, ${binding} ${simple.limit} per ${simple.period} s`);
    }
  }
  if (faults.length > 0) return red(subject, faults.join("; "));
  if (differences.length > 0) {
    return amber(subject, `${differences.join("; ")}: signers meet other limits whenever Upstash is off or fails`);
  }
  return green(subject, "Upstash's limits and the binding's agree");
}

function isUrl(value: string, protocols: readonly string[]): boolean {
  const url = URL.parse(value);
  return url !== null && protocols.includes(url.protocol);
}

function upstashCheck(settings: Settings): ConfigCheck {
  const subject = "UPSTASH_REDIS_REST_URL, _TOKEN";
  const url = text(settings, "UPSTASH_REDIS_REST_URL");
  const token = text(settings, "UPSTASH_REDIS_REST_TOKEN");
  if (!url && !token) return green(subject, "off: the rate-limit binding alone");
  if (!url || !token) {
    const missing = url ? "UPSTASH_REDIS_REST_TOKEN" : "UPSTASH_REDIS_REST_URL";
    return red(subject, `${missing} is unset, so Upstash stays off: set both, or neither`);
  }
  if (!isUrl(url, ["https:"])) return red(subject, "UPSTASH_REDIS_REST_URL is no https URL");
  return green(subject, "on: global limits, with the binding as its failover");
}

function turnstileCheck(settings: Settings): ConfigCheck {
  const subject = "TURNSTILE_SITE_KEY, TURNSTILE_SECRET_KEY";
  const siteKey = text(settings, "TURNSTILE_SITE_KEY");
  const secret = text(settings, "TURNSTILE_SECRET_KEY");
  if (!siteKey && !secret)
    return green(subject, "off: networks over their limits get 429 (petitions with a turnstile_site_key answer 503)");
  if (!secret) {
    return red(
      subject,
      "TURNSTILE_SECRET_KEY is unset, so networks over their limits get 429 instead of the challenge: set both, or neither",
    );
  }
  if (!siteKey) {
    return green(
      subject,
      "petitions with a turnstile_site_key only; networks over their limits get 429 (TURNSTILE_SITE_KEY challenges them)",
    );
  }
  if (!TurnstileSiteKey.safeParse(siteKey).success)
    return red(subject, "TURNSTILE_SITE_KEY is no Turnstile site key: the challenge's widget would not load");
  return green(subject, "on: networks over their limits are challenged, up to RATE_LIMIT_CHALLENGED a window");
}

/** The local Worker of `npm start`: a base URL on localhost. */
function isLocal(settings: Settings): boolean {
  const base = URL.parse(text(settings, "PUBLIC_BASE_URL") ?? "");
  return base !== null && LOCAL_HOSTS.has(base.hostname);
}

function publicBaseUrlCheck(settings: Settings): ConfigCheck {
  const subject = "PUBLIC_BASE_URL";
  const base = text(settings, subject);
  if (!base) {
    return amber(
      subject,
      'unset: links use the origin of each request, and petitions with confirmation "email" answer 503',
    );
  }
  const url = URL.parse(base);
  if (!url || !["https:", "http:"].includes(url.protocol)) return red(subject, `"${base}" is no http(s) URL`);
  if (isLocal(settings)) return green(subject, `${url.origin}: a local Worker`);
  if (url.protocol !== "https:") {
    return red(subject, `${url.origin} is not https: confirmation links would travel in clear`);
  }
  return green(subject, url.origin);
}

function emailCheck(settings: Settings, wrangler: WranglerConfig | undefined): ConfigCheck {
  const subject = "EMAIL_TRANSPORT";
  const transport = choice(settings, subject, EMAIL_TRANSPORTS);
  if (typeof transport !== "string") return transport;
  const from = text(settings, "EMAIL_FROM");
  switch (transport) {
    case "http": {
      const required = ["EMAIL_API_URL", "EMAIL_FROM", "EMAIL_API_KEY"];
      const missing = required.filter((name) => !text(settings, name));
      if (missing.length === required.length) {
        return amber(
          subject,
          'http, unconfigured: petitions with confirmation "email" answer 503 until EMAIL_API_URL, EMAIL_FROM and the EMAIL_API_KEY secret are set',
        );
      }
      if (missing.length > 0) return red(subject, `http without ${missing.join(", ")}: no confirmation email is sent`);
      const apiUrl = text(settings, "EMAIL_API_URL") ?? "";
      if (!isUrl(apiUrl, ["https:"]) && !isLocal(settings)) {
        return red(subject, "EMAIL_API_URL is no https URL: the API key would travel in clear");
      }
      return green(subject, `http, from ${from}`);
    }
    case "send_email": {
      const bound = wrangler
        ? (wrangler.send_email ?? []).some((binding) => binding.name === "EMAIL")
        : settings.EMAIL !== undefined;
      if (!bound)
        return red(subject, "send_email without the EMAIL binding: uncomment [[send_email]] in wrangler.toml");
      if (!from) return red(subject, "send_email without EMAIL_FROM: no confirmation email is sent");
      return green(subject, `send_email, from ${from}`);
    }
    case "dev-outbox":
      if (isLocal(settings)) return green(subject, "dev-outbox: emails kept in the local outbox at /dev/outbox");
      return red(subject, "dev-outbox is for npm start: it sends nothing, and its outbox shows on localhost only");
  }
}

function accessCheck(settings: Settings): ConfigCheck {
  const subject = "ACCESS_TEAM_DOMAIN, ACCESS_AUD";
  try {
    const access = accessSetting(text(settings, "ACCESS_TEAM_DOMAIN"), text(settings, "ACCESS_AUD"));
    return green(
      subject,
      access ? `the console trusts Access (${access.teamUrl})` : "off: the console signs in with ADMIN_TOKEN",
    );
  } catch (error) {
    return red(subject, refusal(error));
  }
}

function reportWebhooksCheck(settings: Settings): ConfigCheck {
  const subject = "REPORT_WEBHOOK_URLS";
  const entries = (text(settings, subject) ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  // Positions only: a receiver's URL often holds its own secret (Slack's do).
  const ignored = entries.flatMap((entry, index) => (URL.canParse(entry) ? [] : [index + 1]));
  if (ignored.length > 0)
    return amber(subject, `${ignored.length === 1 ? "entry" : "entries"} ${ignored.join(", ")} ignored: no URL`);
  if (entries.length === 0)
    return green(subject, "none: milestones and daily reports go to API webhook endpoints only");
  if (!text(settings, "WEBHOOK_SECRET")) {
    return amber(
      subject,
      `the WEBHOOK_SECRET secret that signs their messages is unset: messages to ${counted(entries.length, "receiver")} wait`,
    );
  }
  return green(subject, `${counted(entries.length, "receiver")}, signed with WEBHOOK_SECRET`);
}

/** A real id has the resource's own shape; zeros or anything else is a placeholder a deploy would fail on. */
const ID_SHAPES = {
  d1: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  kv: /^[0-9a-f]{32}$/i,
};
const isPlaceholder = (id: string | undefined, shape: RegExp) =>
  id !== undefined && (!shape.test(id) || /^[0-]+$/.test(id));
const FIX_PLACEHOLDER = "remove it (npm run deploy creates or finds the resource) or paste the real one";

function resourceChecks(wrangler: WranglerConfig): ConfigCheck[] {
  const databases = (wrangler.d1_databases ?? []).map((db) => {
    const subject = `D1 binding ${db.binding}`;
    if ([db.database_id, db.preview_database_id].some((id) => isPlaceholder(id, ID_SHAPES.d1))) {
      return red(subject, `a placeholder database id: ${FIX_PLACEHOLDER}`);
    }
    if (db.database_id) return green(subject, `database ${db.database_id}`);
    if (!db.database_name) return red(subject, "neither database_id nor database_name: npm run deploy needs the name");
    return green(subject, `database "${db.database_name}", created by npm run deploy if the account has none`);
  });
  const namespaces = (wrangler.kv_namespaces ?? []).map((kv) => {
    const subject = `KV binding ${kv.binding}`;
    if ([kv.id, kv.preview_id].some((id) => isPlaceholder(id, ID_SHAPES.kv))) {
      return red(subject, `a placeholder namespace id: ${FIX_PLACEHOLDER}`);
    }
    if (kv.id) return green(subject, `namespace ${kv.id}`);
    return green(subject, "provisioned by the first deploy, then kept through the Worker's binding");
  });
  return [...databases, ...namespaces];
}

/** Every check, in the order an operator would fix them: secrets, then vars, then wrangler.toml's resources. */
export async function checkConfiguration(settings: Settings, wrangler?: WranglerConfig): Promise<ConfigCheck[]> {
  return [
    adminTokenCheck(settings),
    hashKeyCheck(settings),
    await encryptionKeysCheck(settings),
    writeModeCheck(settings, wrangler),
    numbersCheck(settings),
    ...(wrangler ? [rateLimitsCheck(settings, wrangler)] : []),
    upstashCheck(settings),
    turnstileCheck(settings),
    publicBaseUrlCheck(settings),
    emailCheck(settings, wrangler),
    accessCheck(settings),
    reportWebhooksCheck(settings),
    ...(wrangler ? resourceChecks(wrangler) : []),
  ];
}
