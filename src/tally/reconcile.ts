/**
 * The nightly check, in short transactions so signing never waits long: recount every tally into a
 * shadow copy, id range by id range, then compare the live tallies with it a key range at a time and
 * repair what had drifted. Signing, aggregation and removals go on meanwhile and keep the shadow
 * exact (see src/store/recount.ts). Resumable: a run that dies is continued by the next.
 */
import {
  clearShadowChunk,
  type DriftRow,
  finishRecount,
  readRecount,
  recountChunk,
  repairChunk,
  repairChunkEnd,
  startRecount,
  type TallyKey,
} from "../store/recount";
import { TALLY_TABLE_NAMES, type TallyTableName } from "../store/tally-tables";

export interface ReconcileOptions {
  now: number;
  /** Signature ids one counting transaction covers at most. */
  idsPerChunk: number;
  /** Rows of each table one comparing (or clearing) transaction covers at most. */
  keysPerChunk: number;
}

/** Sized so each transaction stays short whatever the table's size (bench/bulk.bench.ts measures them). */
export const RECONCILE_CHUNKS = { idsPerChunk: 10_000, keysPerChunk: 1000 };

export interface Reconciliation {
  /** False when a rival run ended or restarted the recount under this one (it then finishes the work). */
  complete: boolean;
  /** Transactions taken. */
  chunks: number;
  /** Every row whose live count differed from the recount, per table; each was repaired. */
  drift: Record<TallyTableName, DriftRow[]>;
}

export async function reconcile(db: D1Database, options: ReconcileOptions): Promise<Reconciliation> {
  const result: Reconciliation = {
    complete: false,
    chunks: 0,
    drift: { petitions: [], petitionCountries: [], countries: [], hours: [] },
  };
  if ((await readRecount(db)).state === "idle") await startRecount(db);

  let { state, cursor } = await readRecount(db);
  while (state === "clearing") {
    state = (await clearShadowChunk(db, options.keysPerChunk)).state;
    result.chunks += 1;
  }
  if (state !== "counting") return result;

  for (;;) {
    const step = await recountChunk(db, cursor, options.idsPerChunk);
    result.chunks += 1;
    if (!step.advanced) return result;
    if (step.caughtUp) break;
    cursor = step.cursor;
  }

  for (const name of TALLY_TABLE_NAMES) {
    let after: TallyKey | null = null;
    do {
      const upto = await repairChunkEnd(db, name, after, options.keysPerChunk);
      const repaired = await repairChunk(db, name, { after, upto }, options.now);
      result.chunks += 1;
      if (!repaired.applied) return result;
      result.drift[name].push(...repaired.drift);
      after = upto;
    } while (after !== null);
  }
  await finishRecount(db);
  result.complete = true;
  return result;
}
