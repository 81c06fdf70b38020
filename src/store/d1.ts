/**
 * Binds numbered parameters (?1, ?2 …) from one shared list: a family of statements can share its
 * values while each binds only as many as the highest number it uses, as D1 requires.
 */
export function prepareNumbered(db: D1Database, sql: string, values: readonly unknown[]): D1PreparedStatement {
  const arity = Math.max(0, ...Array.from(sql.matchAll(/\?(\d+)/g), (match) => Number(match[1])));
  return db.prepare(sql).bind(...values.slice(0, arity));
}
