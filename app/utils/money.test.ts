import { describe, expect, test } from "vitest";
import { currencyExponent, fromMinorUnits, toMinorUnits } from "./money.ts";

describe("currencyExponent", () => {
  test("gives the ISO 4217 minor-unit digits of two-, zero- and three-decimal currencies", () => {
    expect(currencyExponent("USD")).toBe(2);
    expect(currencyExponent("EUR")).toBe(2);
    expect(currencyExponent("JPY")).toBe(0);
    expect(currencyExponent("KWD")).toBe(3);
  });

  test("answers the same on a repeated call (cached value)", () => {
    expect(currencyExponent("KWD")).toBe(3);
    expect(currencyExponent("KWD")).toBe(3);
    expect(currencyExponent("JPY")).toBe(0);
  });

  test("rejects a malformed currency code, naming it", () => {
    expect(() => currencyExponent("US")).toThrow('Unknown currency code "US"');
    expect(() => currencyExponent("EURO")).toThrow('Unknown currency code "EURO"');
    expect(() => currencyExponent("")).toThrow('Unknown currency code ""');
  });

  test("rejects a well-formed code that is not a currency", () => {
    // "ZZZ" is not in ISO 4217 (nor in Intl.supportedValuesOf("currency")).
    expect(() => currencyExponent("ZZZ")).toThrow('Unknown currency code "ZZZ"');
  });

  test("follows ISO 4217 where CLDR's display digits differ", () => {
    // ISO 4217 minor units: HUF 2, IQD 3 (CLDR formats both with 0 decimals).
    expect(currencyExponent("HUF")).toBe(2);
    expect(currencyExponent("IQD")).toBe(3);
    // So a forint amount with fillér is a valid amount, not "more decimals than HUF allows".
    expect(toMinorUnits("1234.56", "HUF")).toBe(123456n);
  });
});

describe("toMinorUnits", () => {
  test("converts decimal strings to integer minor units", () => {
    expect(toMinorUnits("404.95", "USD")).toBe(40495n);
    expect(toMinorUnits("0.01", "USD")).toBe(1n);
    expect(toMinorUnits("12", "USD")).toBe(1200n);
    expect(toMinorUnits("12.5", "USD")).toBe(1250n);
    expect(toMinorUnits("1500", "JPY")).toBe(1500n);
    expect(toMinorUnits("1.234", "KWD")).toBe(1234n);
    expect(toMinorUnits("1.2", "KWD")).toBe(1200n);
  });

  test("is exact where binary floating point is not", () => {
    // 0.1 + 0.2 !== 0.3 in doubles; in minor units the sum is exact.
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(toMinorUnits("0.1", "USD") + toMinorUnits("0.2", "USD")).toBe(toMinorUnits("0.3", "USD"));
    expect(toMinorUnits("0.3", "USD")).toBe(30n);
    // 1.005 * 100 is 100.49999999999999 in doubles.
    expect(Math.round(1.005 * 100)).toBe(100);
    expect(toMinorUnits("1.005", "KWD")).toBe(1005n);
    expect(toMinorUnits("4.35", "USD")).toBe(435n);
  });

  test("keeps amounts beyond 2^53 exact", () => {
    expect(toMinorUnits("90071992547409.93", "USD")).toBe(9007199254740993n);
    expect(toMinorUnits("123456789012345678901.23", "USD")).toBe(12345678901234567890123n);
  });

  test("handles negative amounts", () => {
    expect(toMinorUnits("-10.00", "USD")).toBe(-1000n);
    expect(toMinorUnits("-0.05", "USD")).toBe(-5n);
    expect(toMinorUnits("-1500", "JPY")).toBe(-1500n);
    expect(toMinorUnits("-0.00", "USD")).toBe(0n);
  });

  test("accepts numbers and surrounding whitespace", () => {
    expect(toMinorUnits(89.99, "USD")).toBe(8999n);
    expect(toMinorUnits(75, "USD")).toBe(7500n);
    expect(toMinorUnits(-3.5, "USD")).toBe(-350n);
    expect(toMinorUnits("  19.99\n", "USD")).toBe(1999n);
  });

  test("accepts trailing zeros beyond the currency's decimals", () => {
    expect(toMinorUnits("1500.00", "JPY")).toBe(1500n);
    expect(toMinorUnits("10.5000", "USD")).toBe(1050n);
    expect(toMinorUnits("0.0", "JPY")).toBe(0n);
  });

  test.each([["abc"], [""], ["1,000.00"], ["1.2.3"], ["$5"], ["5 USD"], ["+5"], [".5"], ["5."], ["1e3"], ["--1"], ["NaN"]])(
    "rejects %j, naming the value",
    (text) => {
      expect(() => toMinorUnits(text, "USD")).toThrow(`"${text.trim()}" is not a decimal amount`);
    },
  );

  test("rejects numbers whose text is not a plain decimal", () => {
    expect(() => toMinorUnits(1e21, "USD")).toThrow('"1e+21" is not a decimal amount');
    expect(() => toMinorUnits(Number.NaN, "USD")).toThrow('"NaN" is not a decimal amount');
  });

  test("rejects more decimals than the currency allows, naming value, currency and exponent", () => {
    expect(() => toMinorUnits("1.005", "USD")).toThrow('"1.005" has more decimals than USD allows (2)');
    expect(() => toMinorUnits("12.5", "JPY")).toThrow('"12.5" has more decimals than JPY allows (0)');
    expect(() => toMinorUnits("0.0001", "KWD")).toThrow('"0.0001" has more decimals than KWD allows (3)');
    expect(() => toMinorUnits("-0.001", "USD")).toThrow('"-0.001" has more decimals than USD allows (2)');
    // A float sum that is not exactly 0.3 is refused instead of silently rounded.
    expect(() => toMinorUnits(0.1 + 0.2, "USD")).toThrow('"0.30000000000000004" has more decimals than USD allows (2)');
  });

  test("rejects an unknown currency", () => {
    expect(() => toMinorUnits("1.00", "US")).toThrow('Unknown currency code "US"');
  });
});

describe("fromMinorUnits", () => {
  test("formats minor units with the currency's decimals", () => {
    expect(fromMinorUnits(40495n, "USD")).toBe("404.95");
    expect(fromMinorUnits(1n, "USD")).toBe("0.01");
    expect(fromMinorUnits(0n, "USD")).toBe("0.00");
    expect(fromMinorUnits(100n, "USD")).toBe("1.00");
    expect(fromMinorUnits(1500n, "JPY")).toBe("1500");
    expect(fromMinorUnits(0n, "JPY")).toBe("0");
    expect(fromMinorUnits(5n, "KWD")).toBe("0.005");
    expect(fromMinorUnits(1234n, "KWD")).toBe("1.234");
  });

  test("formats negative amounts", () => {
    expect(fromMinorUnits(-5n, "USD")).toBe("-0.05");
    expect(fromMinorUnits(-1000n, "USD")).toBe("-10.00");
    expect(fromMinorUnits(-7n, "JPY")).toBe("-7");
    expect(fromMinorUnits(-1n, "KWD")).toBe("-0.001");
  });

  test("keeps amounts beyond 2^53 exact", () => {
    expect(fromMinorUnits(12345678901234567890123n, "USD")).toBe("123456789012345678901.23");
  });

  test.each([
    ["404.95", "USD"],
    ["0.01", "USD"],
    ["-0.05", "USD"],
    ["-10.00", "USD"],
    ["1500", "JPY"],
    ["-1", "JPY"],
    ["1.234", "KWD"],
    ["0.001", "KWD"],
    ["90071992547409.93", "USD"],
  ])("round-trips %s %s", (text, currency) => {
    expect(fromMinorUnits(toMinorUnits(text, currency), currency)).toBe(text);
  });

  test("round-trips from minor units", () => {
    for (const minor of [0n, 1n, -1n, 9n, 10n, 99n, 100n, 101n, -12345n, 9007199254740993n]) {
      expect(toMinorUnits(fromMinorUnits(minor, "USD"), "USD")).toBe(minor);
      expect(toMinorUnits(fromMinorUnits(minor, "JPY"), "JPY")).toBe(minor);
      expect(toMinorUnits(fromMinorUnits(minor, "KWD"), "KWD")).toBe(minor);
    }
  });

  test("rejects an unknown currency", () => {
    expect(() => fromMinorUnits(1n, "EURO")).toThrow('Unknown currency code "EURO"');
  });
});
