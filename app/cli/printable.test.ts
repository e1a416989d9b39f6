import { expect, test } from "vitest";
import { printable } from "./printable.ts";

test("controls, separators and bidirectional overrides are written as escapes", () => {
  expect(printable('amount "\u001b[31mred\u0007" is not a number')).toBe('amount "\\u001b[31mred\\u0007" is not a number');
  expect(printable("id \u202eabc\u2066 \u0000\u0085\u2028")).toBe("id \\u202eabc\\u2066 \\u0000\\u0085\\u2028");
  expect(printable("line 2: café, 東京, an emoji 🎉")).toBe("line 2: café, 東京, an emoji 🎉");
});

test("a run longer than 120 characters is cut to its first 60 and its length; shorter text is left", () => {
  expect(printable(`amount "${"9".repeat(1_000_000)}" is not a number`)).toBe(`amount "${"9".repeat(59)}… (1,000,002 characters) is not a number`);
  const fits = `x${"y".repeat(119)}`;
  expect(printable(fits)).toBe(fits);
  expect(printable(`${fits}z`)).toBe(`${fits.slice(0, 60)}… (121 characters)`);
});
