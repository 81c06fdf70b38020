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

/**
 * Starts every CSV the Worker writes: Excel reads a file without it as the machine's legacy code page,
 * turning non-Latin names (Árabe, 中文, Ελληνικά) into mojibake. Other readers skip it.
 */
export const UTF8_BOM = "\uFEFF";

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return UTF8_BOM + [header, ...rows].map(csvRow).join("");
}

/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF line ends, a leading BOM); blank
 * lines are skipped. Throws an Error naming the line of an unterminated quote.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let quoteLine = 0;
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0] !== "") rows.push(row);
    row = [];
    field = "";
  };
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else {
        if (char === "\n") line++;
        field += char;
      }
    } else if (char === '"' && field === "") {
      quoted = true;
      quoteLine = line;
    } else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && source[i + 1] === "\n") i++;
      endRow();
      line++;
    } else field += char;
  }
  if (quoted) throw new Error(`Unterminated quoted field starting on line ${quoteLine}.`);
  if (field !== "" || row.length > 0) endRow();
  return rows;
}
