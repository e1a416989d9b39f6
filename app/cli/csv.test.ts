import { describe, expect, test } from "vitest";
import { CsvSyntaxError, parseCsv } from "./csv.ts";

describe("parseCsv (RFC 4180)", () => {
  test("handles quotes, escaped quotes, embedded commas and line breaks, CRLF and a BOM", () => {
    const text = '\ufeffa,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\nlines",\r\n\r\n3,,z';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ["a", "b", "c"] },
      { line: 2, fields: ["1", "x, y", 'say "hi"'] },
      { line: 3, fields: ["2", "two\nlines", ""] },
      { line: 6, fields: ["3", "", "z"] },
    ]);
  });

  test("counts a CRLF inside quotes as one line, accepts mixed line ends and records of any length", () => {
    const text = 'a,b\r\n"x\r\ny",1\r\n\n""\rlast,2,extra\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["x\ny", "1"] },
      { line: 6, fields: ["last", "2", "extra"] },
    ]);
  });

  test("reports the line of a syntax error", () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3\n')).toThrow(new CsvSyntaxError(2, "a quoted field is never closed"));
    expect(() => parseCsv('a,b\n1,x"y\n')).toThrow("line 2: a quote inside an unquoted field");
    expect(() => parseCsv('a,b\n1,"x"y\n')).toThrow("line 2: text after a closing quote");
    expect(() => parseCsv('a,b\r\n"x\r\ny",1\r\n\r\n2,"open\r\n')).toThrow("line 5: a quoted field is never closed");
    expect(() => parseCsv('a,b\r\n"x\r\ny"z,1\r\n')).toThrow("line 3: text after a closing quote");
  });
});
