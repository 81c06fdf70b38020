/**
 * The nightly check: rebuild every tally exactly from the signatures the watermark covers, in one
 * transaction, and report every petition and country whose count had drifted.
 */
import { RECONCILIATION_READS, reconciliationStatements, type TallyFigure } from "../store/tallies";

export interface Drift {
  /** A petition's slug or a country code. */
  key: string;
  was: number;
  now: number;
}

export interface Reconciliation {
  petitions: Drift[];
  countries: Drift[];
}

function drift(before: TallyFigure[], after: TallyFigure[]): Drift[] {
  const was = new Map(before.map((row) => [row.key, row.count]));
  const now = new Map(after.map((row) => [row.key, row.count]));
  return [...new Set([...was.keys(), ...now.keys()])]
    .map((key) => ({ key, was: was.get(key) ?? 0, now: now.get(key) ?? 0 }))
    .filter((d) => d.was !== d.now);
}

export async function reconcile(db: D1Database, now: number): Promise<Reconciliation> {
  const results = await db.batch<TallyFigure>(reconciliationStatements(db, now));
  const read = (index: number) => results.at(index)!.results;
  return {
    petitions: drift(read(RECONCILIATION_READS.petitionsBefore), read(RECONCILIATION_READS.petitionsAfter)),
    countries: drift(read(RECONCILIATION_READS.countriesBefore), read(RECONCILIATION_READS.countriesAfter)),
  };
}
