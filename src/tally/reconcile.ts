/**
 * The nightly check, in short transactions so signing never waits long: recount every tally into a
 * shadow copy, id range by id range, then compare the live tallies with it a key range at a time and
 * repair what had drifted. Signing, aggregation and removals go on meanwhile and keep the shadow
 * exact (see src/store/recount.ts). Every step's progress is in D1, so a run that stops (its call
 * budget spent, or a fault) is continued by the next from where it stood.
 */
import { type CallBudget, unbounded } from "../store/call-budget";
import {
  clearShadowChunk,
  type DriftRow,
  type RepairPosition,
  readRecount,
  recountChunk,
  repairChunk,
  repairChunkEnd,
  startRecount,
} from "../store/recount";
import { TALLY_TABLE_NAMES, type TallyTableName } from "../store/tally-tables";

export interface ReconcileOptions {
  now: number;
  /** Signature ids one counting transaction covers at most. */
  idsPerChunk: number;
  /** Rows of each table one comparing (or clearing) transaction covers at most. */
  keysPerChunk: number;
  /** False: only continue a recount under way (the minute's cron), never start one. */
  start?: boolean;
  /** The D1 calls this run may make; the next run continues where it stops. */
  budget?: CallBudget;
}

/** Sized so each transaction stays short whatever the table's size (bench/bulk.bench.ts measures them). */
export const RECONCILE_CHUNKS = { idsPerChunk: 10_000, keysPerChunk: 1000 };

export interface Reconciliation {
  /**
   * True when no recount is left under way. False when the budget ran out (the next run continues) or
   * a rival run moved the recount under this one (it then carries on with the work).
   */
  complete: boolean;
  /** Transactions taken. */
  chunks: number;
  /** Every row whose live count differed from the recount, per table, in the part this run compared; each was repaired. */
  drift: Record<TallyTableName, DriftRow[]>;
}

const nextTable = (table: TallyTableName): TallyTableName | undefined =>
  TALLY_TABLE_NAMES[TALLY_TABLE_NAMES.indexOf(table) + 1];

export async function reconcile(db: D1Database, options: ReconcileOptions): Promise<Reconciliation> {
  const { start = true, budget = unbounded() } = options;
  const result: Reconciliation = {
    complete: false,
    chunks: 0,
    drift: Object.fromEntries(TALLY_TABLE_NAMES.map((name) => [name, [] as DriftRow[]])) as Record<
      TallyTableName,
      DriftRow[]
    >,
  };
  if (!budget.spend(1)) return result;
  let recount = await readRecount(db);
  if (recount.state === "idle") {
    if (!start) return { ...result, complete: true };
    if (!budget.spend(2)) return result;
    await startRecount(db);
    recount = await readRecount(db);
  }

  let { state } = recount;
  while (state === "clearing") {
    if (!budget.spend(1)) return result;
    state = (await clearShadowChunk(db, options.keysPerChunk)).state;
    result.chunks += 1;
  }
  if (state !== "counting") return result;

  // Already caught up (a resumed run), this first chunk counts nothing and says so.
  let { cursor } = recount;
  for (;;) {
    if (!budget.spend(1)) return result;
    const step = await recountChunk(db, cursor, options.idsPerChunk);
    result.chunks += 1;
    if (!step.advanced) return result;
    if (step.caughtUp) break;
    cursor = step.cursor;
  }

  let at: RepairPosition = recount.repair;
  for (;;) {
    if (!budget.spend(2)) return result;
    const upto = await repairChunkEnd(db, at.table, at.after, options.keysPerChunk);
    const following = nextTable(at.table);
    const next =
      upto !== null ? { table: at.table, after: upto } : following ? { table: following, after: null } : null;
    const repaired = await repairChunk(db, { at, upto, next }, options.now);
    result.chunks += 1;
    if (!repaired.applied) return result;
    result.drift[at.table].push(...repaired.drift);
    if (next === null) break; // that transaction ended the recount
    at = next;
  }
  result.complete = true;
  return result;
}
