/** One CSV record and the 1-based line of the file on which it starts. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
}

export class CsvSyntaxError extends Error {
  override readonly name = "CsvSyntaxError";
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/**
 * Parses CSV text as RFC 4180 describes it: comma-separated fields, optionally enclosed in double quotes; inside
 * quotes, commas and line breaks are data and `""` is one quote. Accepts LF or CRLF line ends and a leading
 * byte-order mark, and skips empty lines. Each record carries the line it starts on, for error messages.
 *
 * @throws {CsvSyntaxError} on a quote inside an unquoted field, text after a closing quote, or an unclosed quote.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let fields: string[] = [];
  let recordLine = 1;
  let field = "";
  let fieldStarted = false;

  const endRecord = () => {
    if (fields.length > 0 || fieldStarted || field !== "") {
      fields.push(field);
      if (!(fields.length === 1 && fields[0] === "")) records.push({ line: recordLine, fields });
    }
    fields = [];
    field = "";
    fieldStarted = false;
  };

  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      if (field !== "") throw new CsvSyntaxError(line, "a quote inside an unquoted field");
      const quoteLine = line;
      i++;
      let value = "";
      for (;;) {
        if (i >= text.length) throw new CsvSyntaxError(quoteLine, "a quoted field is never closed");
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === "\n") line++;
        value += c;
        i++;
      }
      const next = text[i];
      if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
        throw new CsvSyntaxError(line, "text after a closing quote");
      }
      field = value;
      fieldStarted = true;
      continue;
    }
    if (ch === ",") {
      fields.push(field);
      field = "";
      fieldStarted = true;
      i++;
      continue;
    }
    if (ch === "\r" || ch === "\n") {
      endRecord();
      if (ch === "\r" && text[i + 1] === "\n") i++;
      i++;
      line++;
      recordLine = line;
      continue;
    }
    field += ch;
    i++;
  }
  endRecord();
  return records;
}
