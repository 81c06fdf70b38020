/**
 * RFC 4180 CSV: CRLF line ends, fields quoted when they need it. Text a spreadsheet would run as a
 * formula (starting with =, +, -, @, tab or CR) gets a leading apostrophe: exports hold what signers typed.
 */
export function csvRow(values: readonly (string | number | null)[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

function csvField(value: string | number | null): string {
  if (value === null) return "";
  const text = typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return [header, ...rows].map(csvRow).join("");
}
