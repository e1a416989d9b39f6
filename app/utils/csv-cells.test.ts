import { describe, expect, test } from "vitest";
import { parseCsv } from "../cli/csv.ts";
import { csvCell, csvRecord } from "./csv-cells.ts";

describe("csvCell (RFC 4180)", () => {
  test("leaves plain text as it is", () => {
    expect(csvCell("tags-add")).toBe("tags-add");
    expect(csvCell("")).toBe("");
    expect(csvCell("2026-12-03T17:00:00.000Z")).toBe("2026-12-03T17:00:00.000Z");
    expect(csvCell("gid://shopify/Customer/42")).toBe("gid://shopify/Customer/42");
  });

  test("encloses a field holding a quote, comma or line break, and doubles its quotes", () => {
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("two\r\nlines")).toBe('"two\r\nlines"');
    expect(csvCell('{"tags":["crm-vip","crm-segment-loyal"]}')).toBe('"{""tags"":[""crm-vip"",""crm-segment-loyal""]}"');
    expect(csvCell('"')).toBe('""""');
  });

  test("turns what a spreadsheet would run as a formula into text with a leading apostrophe", () => {
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-1")).toBe("'-1");
    expect(csvCell("@SUM(A1:A2)")).toBe("'@SUM(A1:A2)");
    expect(csvCell("\t=1+1")).toBe("'\t=1+1");
    // A leading CR is a line break too, so the field is also quoted.
    expect(csvCell("\r=1+1")).toBe('"\'\r=1+1"');
    expect(csvCell('=HYPERLINK("http://x.example","click")')).toBe('"\'=HYPERLINK(""http://x.example"",""click"")"');
    // Only the first character counts.
    expect(csvCell("a=1")).toBe("a=1");
    expect(csvCell("1-2")).toBe("1-2");
  });

  test("keeps unicode as it is", () => {
    expect(csvCell("Zoë ✓ 😀 東京")).toBe("Zoë ✓ 😀 東京");
    expect(csvCell("«Noël», été")).toBe('"«Noël», été"');
    // A full-width equals sign is no formula.
    expect(csvCell("＝1+1")).toBe("＝1+1");
  });
});

describe("csvRecord", () => {
  test("separates fields by commas and ends the record with CRLF", () => {
    expect(csvRecord(["at", "action", "customer_id"])).toBe("at,action,customer_id\r\n");
    expect(csvRecord(["", "x", ""])).toBe(",x,\r\n");
  });

  test("reads back field for field with the app's CSV parser (formula cells keep their apostrophe)", () => {
    const fields = ['say "hi", twice', "two\r\nlines", "=cmd|' /C calc'!A0", "-", "@", "Zoë 😀", "", "plain"];
    const [record] = parseCsv(csvRecord(fields));
    expect(record?.fields).toEqual(['say "hi", twice', "two\nlines", "'=cmd|' /C calc'!A0", "'-", "'@", "Zoë 😀", "", "plain"]);
  });
});
