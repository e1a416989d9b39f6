import { expect, test } from "vitest";
import { MAX_ROW_ID, rowId } from "./row-id.ts";

test("a row id is digits within 32 bits; anything else names no row", () => {
  expect(rowId("1")).toBe(1);
  expect(rowId(String(MAX_ROW_ID))).toBe(MAX_ROW_ID);
  for (const text of ["", "0", "-1", "01", "1e0", "5.0", "0x1", " 1", "1 OR 1=1", String(MAX_ROW_ID + 1), "99999999999999999999", null, 7]) {
    expect(rowId(text), JSON.stringify(text)).toBeNull();
  }
});
