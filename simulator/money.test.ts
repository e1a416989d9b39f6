import { describe, expect, it } from "vitest";
import { convertMinor, formatDecimal, formatMinor, minorUnitRate, parseDecimalToMinor } from "./money.ts";

describe("money", () => {
  it("formats minor units as REST decimals with the currency's exponent", () => {
    expect(formatMinor(40495, "USD")).toBe("404.95");
    expect(formatMinor(0, "EUR")).toBe("0.00");
    expect(formatMinor(5, "USD")).toBe("0.05");
    expect(formatMinor(-150, "USD")).toBe("-1.50");
    expect(formatMinor(1200, "JPY")).toBe("1200");
    expect(formatMinor(1234, "KWD")).toBe("1.234");
  });

  it("formats GraphQL Decimals without trailing zeros but with one decimal", () => {
    expect(formatDecimal(2598, "EUR")).toBe("25.98");
    expect(formatDecimal(1000, "USD")).toBe("10.0");
    expect(formatDecimal(1050, "USD")).toBe("10.5");
    expect(formatDecimal(0, "USD")).toBe("0.0");
    expect(formatDecimal(1200, "JPY")).toBe("1200.0");
  });

  it("parses decimals into minor units and rejects more precision than the currency has", () => {
    expect(parseDecimalToMinor("12.5", "USD")).toBe(1250);
    expect(parseDecimalToMinor(12.5, "USD")).toBe(1250);
    expect(parseDecimalToMinor("12.500", "USD")).toBe(1250);
    expect(parseDecimalToMinor("12.505", "USD")).toBeNull();
    expect(parseDecimalToMinor("abc", "USD")).toBeNull();
  });

  it("converts between currencies through fixed rates, across exponents", () => {
    expect(convertMinor(10000, minorUnitRate("EUR", "USD"))).toBe(10800);
    expect(convertMinor(10000, minorUnitRate("USD", "USD"))).toBe(10000);
    // 1000 JPY = 6.70 USD
    expect(convertMinor(1000, minorUnitRate("JPY", "USD"))).toBe(670);
    expect(() => minorUnitRate("XXX", "USD")).toThrow(/no exchange rate/);
  });
});
