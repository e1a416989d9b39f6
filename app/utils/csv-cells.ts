/**
 * Writing CSV that spreadsheets open safely: fields and records as RFC 4180 describes them, and cells that a
 * spreadsheet would run as a formula turned into text (OWASP, "CSV Injection": https://owasp.org/www-community/attacks/CSV_Injection).
 * The reading side is app/cli/csv.ts.
 */

/** A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets (tab and CR can hide one). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A field holding one of these is enclosed in double quotes (RFC 4180, section 2, rules 5 to 7). */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One field: a value a spreadsheet would read as a formula gets a leading apostrophe (shown as text, the apostrophe
 * hidden), then a value holding a quote, comma or line break is enclosed in double quotes with its quotes doubled.
 *
 * @example csvCell('say "hi", twice') // => '"say ""hi"", twice"'
 * @example csvCell("=1+1") // => "'=1+1"
 */
export function csvCell(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record: its fields separated by commas and ended by CRLF (RFC 4180, section 2, rules 1 and 4). */
export function csvRecord(fields: readonly string[]): string {
  return `${fields.map(csvCell).join(",")}\r\n`;
}
