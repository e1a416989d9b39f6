import { describe, expect, test } from "vitest";
import type { OrderCurrencies } from "./order.ts";
import { refundedMinor, refundInShopCurrency } from "./refunds.ts";

/** Shop in USD, shopper paid in EUR: 2.00 EUR charged, 1.01 USD booked. */
const eurOrder: OrderCurrencies = {
  currencyCode: "USD",
  presentmentCurrencyCode: "EUR",
  totalMinor: 101n,
  presentmentTotalMinor: 200n,
};

const usdOrder: OrderCurrencies = {
  currencyCode: "USD",
  presentmentCurrencyCode: "USD",
  totalMinor: 40495n,
  presentmentTotalMinor: 40495n,
};

describe("refundInShopCurrency", () => {
  test("takes a refund in the shop's currency as it is", () => {
    expect(refundInShopCurrency(usdOrder, { amount: "85.00", currencyCode: "USD" })).toBe(8500n);
    expect(refundInShopCurrency(eurOrder, { amount: "10.00", currencyCode: "USD" })).toBe(1000n);
    expect(refundInShopCurrency(eurOrder, { amount: "0.01", currencyCode: "USD" })).toBe(1n);
  });

  test("converts a presentment-currency refund at the order's own rate", () => {
    // 90.00 EUR charged, 100.00 USD booked: 9.00 EUR -> 10.00 USD.
    const order: OrderCurrencies = { currencyCode: "USD", presentmentCurrencyCode: "EUR", totalMinor: 10000n, presentmentTotalMinor: 9000n };
    expect(refundInShopCurrency(order, { amount: "9.00", currencyCode: "EUR" })).toBe(1000n);
    expect(refundInShopCurrency(order, { amount: "90.00", currencyCode: "EUR" })).toBe(10000n);
  });

  test("converts between currencies with different exponents", () => {
    // 15000 JPY charged, 100.00 USD booked: 1500 JPY -> 10.00 USD.
    const order: OrderCurrencies = { currencyCode: "USD", presentmentCurrencyCode: "JPY", totalMinor: 10000n, presentmentTotalMinor: 15000n };
    expect(refundInShopCurrency(order, { amount: "1500", currencyCode: "JPY" })).toBe(1000n);
    // 100.00 USD charged, 15000 JPY booked: 10.00 USD -> 1500 JPY.
    const reverse: OrderCurrencies = { currencyCode: "JPY", presentmentCurrencyCode: "USD", totalMinor: 15000n, presentmentTotalMinor: 10000n };
    expect(refundInShopCurrency(reverse, { amount: "10.00", currencyCode: "USD" })).toBe(1500n);
  });

  test("rounds half away from zero", () => {
    // 1.00 EUR * 101 / 200 = 50.5 cents -> 51 (half-even would give 50).
    expect(refundInShopCurrency(eurOrder, { amount: "1.00", currencyCode: "EUR" })).toBe(51n);
    // -50.5 -> -51 (rounding half up would give -50).
    expect(refundInShopCurrency(eurOrder, { amount: "-1.00", currencyCode: "EUR" })).toBe(-51n);
    // 1.50 EUR: 75.75 -> 76; 0.99 EUR: 49.995 -> 50; 0.01 EUR: 0.505 -> 1; 0.02 EUR: 1.01 -> 1.
    expect(refundInShopCurrency(eurOrder, { amount: "1.50", currencyCode: "EUR" })).toBe(76n);
    expect(refundInShopCurrency(eurOrder, { amount: "0.99", currencyCode: "EUR" })).toBe(50n);
    expect(refundInShopCurrency(eurOrder, { amount: "0.01", currencyCode: "EUR" })).toBe(1n);
    expect(refundInShopCurrency(eurOrder, { amount: "0.02", currencyCode: "EUR" })).toBe(1n);
    // 3 EUR cents -> 1.515 -> 2; 4 -> 2.02 -> 2; -3 -> -1.515 -> -2.
    expect(refundInShopCurrency(eurOrder, { amount: "0.03", currencyCode: "EUR" })).toBe(2n);
    expect(refundInShopCurrency(eurOrder, { amount: "0.04", currencyCode: "EUR" })).toBe(2n);
    expect(refundInShopCurrency(eurOrder, { amount: "-0.03", currencyCode: "EUR" })).toBe(-2n);
  });

  test("rounds just below a half down", () => {
    // 1 JPY * 10000 / 30000 = 0.333.. -> 0; 2 JPY -> 0.666.. -> 1; 1 JPY at 149/300 = 0.4966.. -> 0.
    const order: OrderCurrencies = { currencyCode: "USD", presentmentCurrencyCode: "JPY", totalMinor: 10000n, presentmentTotalMinor: 30000n };
    expect(refundInShopCurrency(order, { amount: "1", currencyCode: "JPY" })).toBe(0n);
    expect(refundInShopCurrency(order, { amount: "2", currencyCode: "JPY" })).toBe(1n);
    const justBelow: OrderCurrencies = { currencyCode: "USD", presentmentCurrencyCode: "JPY", totalMinor: 149n, presentmentTotalMinor: 300n };
    expect(refundInShopCurrency(justBelow, { amount: "1", currencyCode: "JPY" })).toBe(0n);
    expect(refundInShopCurrency(justBelow, { amount: "-1", currencyCode: "JPY" })).toBe(0n);
  });

  test("reads a refund without currency as the presentment currency", () => {
    expect(refundInShopCurrency(eurOrder, { amount: "1.00", currencyCode: null })).toBe(51n);
    expect(refundInShopCurrency(usdOrder, { amount: "75.00", currencyCode: null })).toBe(7500n);
  });

  test("parses the refund amount with the presentment currency's exponent", () => {
    const order: OrderCurrencies = { currencyCode: "USD", presentmentCurrencyCode: "JPY", totalMinor: 10000n, presentmentTotalMinor: 15000n };
    expect(() => refundInShopCurrency(order, { amount: "1500.5", currencyCode: null })).toThrow('"1500.5" has more decimals than JPY allows (0)');
  });

  test("refuses a refund in a third currency", () => {
    expect(() => refundInShopCurrency(eurOrder, { amount: "5.00", currencyCode: "GBP" })).toThrow(
      "Refund in GBP cannot be converted: the order is in USD (presentment EUR)",
    );
    expect(() => refundInShopCurrency(usdOrder, { amount: "5.00", currencyCode: "CAD" })).toThrow(
      "Refund in CAD cannot be converted: the order is in USD (presentment USD)",
    );
  });

  test("gives zero for a presentment refund on an order with a zero presentment total", () => {
    const free: OrderCurrencies = { currencyCode: "USD", presentmentCurrencyCode: "EUR", totalMinor: 0n, presentmentTotalMinor: 0n };
    expect(refundInShopCurrency(free, { amount: "5.00", currencyCode: "EUR" })).toBe(0n);
    expect(refundInShopCurrency(free, { amount: "5.00", currencyCode: null })).toBe(0n);
    // A refund in the shop's currency is still taken as it is.
    expect(refundInShopCurrency(free, { amount: "5.00", currencyCode: "USD" })).toBe(500n);
  });
});

describe("refundedMinor", () => {
  test("sums refunds in the shop's currency", () => {
    const refunds = [
      { amount: "10.00", currencyCode: "USD" },
      { amount: "1.00", currencyCode: "EUR" },
      { amount: "1.00", currencyCode: null },
    ];
    // 1000 + 51 + 51
    expect(refundedMinor(eurOrder, refunds)).toBe(1102n);
  });

  test("rounds each refund separately", () => {
    // Two refunds of 0.01 EUR are 0.505 cents each -> 1 + 1, not round(1.01) = 1.
    expect(
      refundedMinor(eurOrder, [
        { amount: "0.01", currencyCode: "EUR" },
        { amount: "0.01", currencyCode: "EUR" },
      ]),
    ).toBe(2n);
  });

  test("is zero without refunds", () => {
    expect(refundedMinor(usdOrder, [])).toBe(0n);
  });

  test("throws if any refund cannot be converted", () => {
    expect(() =>
      refundedMinor(eurOrder, [
        { amount: "1.00", currencyCode: "USD" },
        { amount: "1.00", currencyCode: "GBP" },
      ]),
    ).toThrow("Refund in GBP cannot be converted");
  });
});
