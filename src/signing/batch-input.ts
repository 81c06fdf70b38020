/**
 * A batch import's body as items for signBatch: a JSON array, or CSV with a header row naming
 * BatchSignature's fields. Each item is checked on its own, so one bad row is that row's answer.
 */
import { parseCsv } from "../markup/csv";
import { fieldErrors, type ProblemError, problems } from "../problems";
import { BatchSignature, type Petition } from "../schemas";
import { missingFields } from "./sign";

/** Signatures one request may carry: a request stays well within a Worker's CPU and D1's statement size. */
export const BATCH_MAX_ITEMS = 1000;

export const BATCH_COLUMNS = Object.keys(BatchSignature.shape);

export type BatchItem = { ok: true; input: BatchSignature } | { ok: false; problem: ProblemError };

/** Raw items (from JSON or CSV) checked one by one. Throws 422 when the body is no array, 413 past BATCH_MAX_ITEMS. */
export function batchItems(body: unknown): BatchItem[] {
  if (!Array.isArray(body)) throw problems.validation([{ path: "body", message: "Expected an array of signatures" }]);
  if (body.length > BATCH_MAX_ITEMS) throw problems.tooManyItems(BATCH_MAX_ITEMS, body.length);
  return body.map((raw) => {
    const parsed = BatchSignature.safeParse(raw);
    return parsed.success
      ? { ok: true, input: parsed.data }
      : { ok: false, problem: problems.validation(fieldErrors(parsed.error)) };
  });
}

/**
 * CSV rows as raw items: the header names the columns (BATCH_COLUMNS, any order, `email` required);
 * empty cells are left out. Throws 400 for CSV that does not parse, 422 naming an unknown column.
 */
export function csvItems(text: string): Record<string, string>[] {
  let rows: string[][];
  try {
    rows = parseCsv(text);
  } catch (error) {
    throw problems.malformedBody(error instanceof Error ? error.message : "The CSV could not be parsed.");
  }
  const [header = [], ...records] = rows;
  const columns = header.map((name) => name.trim());
  const unknown = columns.flatMap((name, i) =>
    BATCH_COLUMNS.includes(name) ? [] : [{ path: `header.${i}`, message: `Unknown column "${name}"` }],
  );
  if (!columns.includes("email")) unknown.push({ path: "header", message: 'An "email" column is required' });
  if (unknown.length > 0) throw problems.validation(unknown);
  if (records.length > BATCH_MAX_ITEMS) throw problems.tooManyItems(BATCH_MAX_ITEMS, records.length);
  return records.map((record) =>
    Object.fromEntries(columns.flatMap((name, i) => (record[i] ? [[name, record[i]]] : []))),
  );
}

/**
 * What an import would say of each CSV record, without signing anything: the schema and the
 * petition's required fields (the console's preview). Rate limits, a closed petition and Turnstile
 * are the import's own answer.
 */
export function previewCsv(petition: Petition, text: string): BatchItem[] {
  return batchItems(csvItems(text)).map((item) => {
    if (!item.ok) return item;
    const missing = missingFields(petition, item.input);
    return missing.length > 0 ? { ok: false, problem: problems.validation(missing) } : item;
  });
}
