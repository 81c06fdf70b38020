/**
 * The tally tables, each with its shadow (the nightly recount's copy), the fraud-wave slices, and the
 * SQL that adds signatures to one or takes them out again. Aggregation, removal and the recount all
 * build their statements from here, so a signature maps onto the same keys whichever way it is counted.
 */

/** A table of counts kept from the signatures: added by aggregation, taken out by removals. */
export interface CountedTable {
  live: string;
  /** Primary-key columns, in order. */
  key: readonly string[];
  /** What each key column is for a signature `s`, in `key` order. */
  keyOf: (s: string) => string[];
  /** Which signatures `s` it counts, when not all. */
  counts?: (s: string) => string;
  /** Columns besides the count that a row gathers from its signatures: an aggregate over `s`, and how it merges into the row's. */
  gathered?: readonly { column: string; of: (s: string) => string; merge: (row: string, added: string) => string }[];
}

/** A published count: the nightly recount checks it against its shadow. */
export interface TallyTable extends CountedTable {
  shadow: string;
  /** How a drifted row is named in the drift log (an expression over `key`). */
  label: string;
}

/** The UTC hour (unix seconds at its start) of a signature's created_at (unix ms): petition_hourly's key. */
const HOUR_OF = (createdAt: string) => `(${createdAt} / 3600000) * 3600`;

/** The UTC day (unix seconds at its start) of a signature's created_at (unix ms): the share tallies' key. */
const DAY_OF = (createdAt: string) => `(${createdAt} / 86400000) * 86400`;

const SLUG_OF_PETITION = `(SELECT slug FROM petitions WHERE id = petition_id)`;

export const TALLY_TABLES = {
  petitions: {
    live: "petition_tallies",
    shadow: "recount_petition_tallies",
    key: ["petition_id"],
    keyOf: (s) => [`${s}.petition_id`],
    label: SLUG_OF_PETITION,
  },
  petitionCountries: {
    live: "petition_country_tallies",
    shadow: "recount_petition_country_tallies",
    key: ["petition_id", "country"],
    keyOf: (s) => [`${s}.petition_id`, `${s}.country`],
    label: `${SLUG_OF_PETITION} || ' ' || country`,
  },
  countries: {
    live: "country_tallies",
    shadow: "recount_country_tallies",
    key: ["country"],
    keyOf: (s) => [`${s}.country`],
    label: "country",
  },
  hours: {
    live: "petition_hourly",
    shadow: "recount_petition_hourly",
    key: ["petition_id", "hour"],
    keyOf: (s) => [`${s}.petition_id`, HOUR_OF(`${s}.created_at`)],
    label: `${SLUG_OF_PETITION} || ' ' || strftime('%Y-%m-%dT%H:00Z', hour, 'unixepoch')`,
  },
  /** Attribution: the partner key that brought a signature and its source tag, '' for none (key columns are never NULL). */
  sources: {
    live: "petition_source_tallies",
    shadow: "recount_petition_source_tallies",
    key: ["petition_id", "api_key_id", "source"],
    keyOf: (s) => [`${s}.petition_id`, `coalesce(${s}.api_key_id, '')`, `coalesce(${s}.source, '')`],
    label: `${SLUG_OF_PETITION} || ' ' || api_key_id || ' ' || source`,
  },
  /** The language each signature was made in: per-language counts. */
  languages: {
    live: "petition_language_tallies",
    shadow: "recount_petition_language_tallies",
    key: ["petition_id", "locale"],
    keyOf: (s) => [`${s}.petition_id`, `coalesce(${s}.locale, '')`],
    label: `${SLUG_OF_PETITION} || ' ' || locale`,
  },
  /** The channel a signature's shared link was shared on, per day. */
  channels: {
    live: "petition_channel_daily",
    shadow: "recount_petition_channel_daily",
    key: ["petition_id", "day", "channel"],
    keyOf: (s) => [`${s}.petition_id`, DAY_OF(`${s}.created_at`), `coalesce(${s}.channel, '')`],
    label: `${SLUG_OF_PETITION} || ' ' || date(day, 'unixepoch') || ' ' || channel`,
  },
  /** The share (referral code) a signature came through, per day: which shares brought signatures. */
  referrals: {
    live: "petition_referral_daily",
    shadow: "recount_petition_referral_daily",
    key: ["petition_id", "day", "referral_code"],
    keyOf: (s) => [`${s}.petition_id`, DAY_OF(`${s}.created_at`), `coalesce(${s}.referral_code, '')`],
    label: `${SLUG_OF_PETITION} || ' ' || date(day, 'unixepoch') || ' ' || referral_code`,
  },
} as const satisfies Record<string, TallyTable>;

export type TallyTableName = keyof typeof TALLY_TABLES;
export const TALLY_TABLE_NAMES = Object.keys(TALLY_TABLES) as TallyTableName[];

/** The slices fraud-wave detection judges (src/tally/fraud-waves.ts). */
export const SLICE_DIMENSIONS = ["network", "email_domain", "source"] as const;
export type SliceDimension = (typeof SLICE_DIMENSIONS)[number];

/** Where a slice's signatures fall within its hour, and the name of a disposable domain. */
const SLICE_GATHERED = (disposableDomain: (s: string) => string) =>
  [
    {
      column: "first_at",
      of: (s: string) => `min(${s}.created_at)`,
      merge: (row: string, added: string) => `min(${row}, ${added})`,
    },
    {
      column: "last_at",
      of: (s: string) => `max(${s}.created_at)`,
      merge: (row: string, added: string) => `max(${row}, ${added})`,
    },
    {
      column: "disposable_domain",
      of: disposableDomain,
      merge: (row: string, added: string) => `coalesce(${added}, ${row})`,
    },
  ] as const;

/** A slice table: the signatures of a petition's hour from one network, one email domain or one source. */
export interface SliceTable extends CountedTable {
  counts: (s: string) => string;
}

function slice(dimension: SliceDimension, value: (s: string) => string, counts: (s: string) => string): SliceTable {
  return {
    live: "petition_hour_slices",
    key: ["petition_id", "dimension", "value", "hour"],
    keyOf: (s) => [`${s}.petition_id`, `'${dimension}'`, value(s), HOUR_OF(`${s}.created_at`)],
    counts,
    gathered: SLICE_GATHERED((s) => (dimension === "email_domain" ? `max(${s}.disposable_domain)` : "NULL")),
  };
}

/**
 * Per petition-hour counts by slice, for fraud-wave detection: no shadow, as they are detection
 * inputs kept 7 days, not published counts (docs/operations.md, Fraud waves). A partner key's
 * signatures come from the partner's servers, so their network says nothing of the signers.
 */
export const SLICE_TABLES = {
  networks: slice(
    "network",
    (s) => `${s}.network_hash`,
    (s) => `${s}.api_key_id IS NULL AND ${s}.network_hash != ''`,
  ),
  emailDomains: slice(
    "email_domain",
    (s) => `${s}.email_domain_hash`,
    (s) => `${s}.email_domain_hash IS NOT NULL`,
  ),
  sources: slice(
    "source",
    (s) => `${s}.source`,
    (s) => `${s}.source IS NOT NULL AND ${s}.source != ''`,
  ),
} as const satisfies Record<string, SliceTable>;

/** Days of slices kept: detection judges the last day against the day before it; the rest is margin for a late cron. */
export const SLICES_KEPT_DAYS = 7;

/** Every table the aggregation adds to and a removal takes from. */
export const COUNTED_TABLES: readonly CountedTable[] = [...Object.values(TALLY_TABLES), ...Object.values(SLICE_TABLES)];

/** Columns besides the count that a write sets: petition_tallies' updated_at and seq. */
export interface ExtraColumns {
  columns: string[];
  values: string[];
}

/** The seq of the transaction running now (each one that changes tallies bumps it first). */
export const CURRENT_SEQ = `(SELECT seq FROM tally_watermark WHERE id = 1)`;

/** What a change to a live count stamps: petition_tallies' updated_at (`now`, a parameter) and seq, for publishing. */
export function liveStamps(table: CountedTable, now: string): ExtraColumns {
  return table === TALLY_TABLES.petitions
    ? { columns: ["updated_at", "seq"], values: [now, CURRENT_SEQ] }
    : { columns: [], values: [] };
}

export const NO_STAMPS: ExtraColumns = { columns: [], values: [] };

const list = (items: readonly string[]) => items.map((item) => `, ${item}`).join("");

/** The signatures `s` matching `where` that `table` counts. */
const countedWhere = (table: CountedTable, where: string) =>
  table.counts ? `${where} AND ${table.counts("s")}` : where;

/** Adds the signatures `s` matching `where` to `target` (the table's live or shadow copy). */
export function addCountsSql(table: CountedTable, target: string, where: string, extra: ExtraColumns): string {
  const key = table.key.join(", ");
  const groupBy = table.key.map((_, i) => i + 1).join(", ");
  const gathered = table.gathered ?? [];
  const merges = gathered.map((g) => `, ${g.column} = ${g.merge(`${target}.${g.column}`, `excluded.${g.column}`)}`);
  const updates = extra.columns.map((column) => `, ${column} = excluded.${column}`).join("");
  return `INSERT INTO ${target} (${key}, count${list(gathered.map((g) => g.column))}${list(extra.columns)})
          SELECT ${table.keyOf("s").join(", ")}, count(*)${list(gathered.map((g) => g.of("s")))}${list(extra.values)}
          FROM signatures s WHERE ${countedWhere(table, where)} GROUP BY ${groupBy}
          ON CONFLICT (${key}) DO UPDATE SET count = ${target}.count + excluded.count${merges.join("")}${updates}`;
}

/** Takes the signatures `s` matching `where` out of `target` again. */
export function subtractCountsSql(table: CountedTable, target: string, where: string, extra: ExtraColumns): string {
  const keyed = table.keyOf("s").map((expr, i) => `${expr} AS ${table.key[i]}`);
  const sets = extra.columns.map((column, i) => `, ${column} = ${extra.values[i]}`).join("");
  const join = table.key.map((column) => `${target}.${column} = e.${column}`).join(" AND ");
  return `UPDATE ${target} SET count = ${target}.count - e.n${sets}
          FROM (SELECT ${keyed.join(", ")}, count(*) AS n FROM signatures s WHERE ${countedWhere(table, where)} GROUP BY ${table.key.join(", ")}) e
          WHERE ${join}`;
}
