/**
 * Binds numbered parameters (?1, ?2 …) from one shared list: a family of statements can share its
 * values while each binds only as many as the highest number it uses, as D1 requires.
 */
export function prepareNumbered(db: D1Database, sql: string, values: readonly unknown[]): D1PreparedStatement {
  const arity = Math.max(0, ...Array.from(sql.matchAll(/\?(\d+)/g), (match) => Number(match[1])));
  return db.prepare(sql).bind(...values.slice(0, arity));
}

/**
 * Numbered parameters handed out as a statement is written: `add(value)` gives the next `?N` and keeps
 * the value in order, so pieces of SQL built by different functions never agree on positions by hand.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `?${this.values.length}`;
  }
}

type NamedStatements = Record<string, D1PreparedStatement | D1PreparedStatement[]>;
type NamedResults<T extends NamedStatements> = {
  [K in keyof T]: T[K] extends D1PreparedStatement[] ? D1Result[] : D1Result;
};

/**
 * Runs the statements as one batch (one transaction), in the order they are listed, and returns each
 * one's result under its name: no caller reads a batch's results by position.
 */
export async function namedBatch<T extends NamedStatements>(db: D1Database, statements: T): Promise<NamedResults<T>> {
  const entries = Object.entries(statements);
  const results = await db.batch(entries.flatMap(([, statement]) => statement));
  let next = 0;
  const take = (statement: D1PreparedStatement | D1PreparedStatement[]) => {
    const count = Array.isArray(statement) ? statement.length : 1;
    const part = results.slice(next, next + count);
    next += count;
    return Array.isArray(statement) ? part : part[0];
  };
  return Object.fromEntries(entries.map(([name, statement]) => [name, take(statement)])) as NamedResults<T>;
}
