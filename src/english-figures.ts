/**
 * How the operator's texts write figures: the console, webhook messages and configuration checks, all in
 * English ("1,234", "12.5%", "1 signature", "2 signatures"). The signer's pages use src/i18n/format.ts.
 */

export const number = new Intl.NumberFormat("en");

export const percent = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 });

const plural = new Intl.PluralRules("en");

/** A count with its noun: "1 signature", "1,234 signatures". */
export function counted(count: number, one: string, other = `${one}s`): string {
  return `${number.format(count)} ${plural.select(count) === "one" ? one : other}`;
}
