import { CsvError, parse, type Info } from "csv-parse/sync";

/** One CSV record and the 1-based line of the file on which it starts. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
}

export class CsvSyntaxError extends Error {
  override readonly name = "CsvSyntaxError";
  readonly line: number;

  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.line = line;
  }
}

const SYNTAX_ERRORS: Partial<Record<string, string>> = {
  INVALID_OPENING_QUOTE: "a quote inside an unquoted field",
  CSV_INVALID_CLOSING_QUOTE: "text after a closing quote",
  CSV_QUOTE_NOT_CLOSED: "a quoted field is never closed",
};

/**
 * Parses CSV text as RFC 4180 describes it, with csv-parse: comma-separated fields, optionally enclosed in double
 * quotes; inside quotes, commas and line breaks are data and `""` is one quote. Accepts LF, CRLF or CR line ends (mixed
 * too; a line break inside a quoted field comes out as `\n`) and a leading byte-order mark, skips empty lines and lines
 * holding only `""`, and lets records differ in length. Each record carries the line it starts on, for error messages.
 *
 * @throws {CsvSyntaxError} on a quote inside an unquoted field or text after a closing quote (at the line of the
 *   fault), or an unclosed quote (at the line of the record it opens in).
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  // csv-parse reports the line a record ends on; the next one starts on the line after it, past any skipped empty lines
  let previousEnd = 0;
  let emptyLinesBefore = 0;
  const startLine = (info: Info) => previousEnd + 1 + info.empty_lines - emptyLinesBefore;
  try {
    // csv-parse counts a CRLF inside quotes as two lines, so every line break becomes one LF first
    parse(text.replace(/\r\n?/g, "\n"), {
      bom: true,
      record_delimiter: "\n",
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (fields: string[], info) => {
        const line = startLine(info);
        previousEnd = info.lines;
        emptyLinesBefore = info.empty_lines;
        if (fields.length > 1 || fields[0] !== "") records.push({ line, fields });
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const info = error as CsvError & Info;
    throw new CsvSyntaxError(info.code === "CSV_QUOTE_NOT_CLOSED" ? startLine(info) : info.lines, SYNTAX_ERRORS[info.code] ?? info.message);
  }
  return records;
}
