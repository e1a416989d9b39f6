import { describe, expect, test } from "vitest";
import { CDNOW_CALIBRATION_END, loadCdnowOrders, loadCdnowSummary, loadCdnowSummaryWithSpend } from "../../tests/fixtures/cdnow/load.ts";
import { ScoringInputError } from "./errors.ts";
import { summarize, validateSummaries } from "./summarize.ts";
import type { CustomerSummary, Order } from "./types.ts";

const round2 = (v: number) => Math.round(v * 100) / 100;

describe("summarize on CDNOW (calibration end 1997-09-30, weeks)", () => {
  const summaries = new Map(summarize(loadCdnowOrders(), { observationEnd: CDNOW_CALIBRATION_END, timeUnit: "weeks" }).map((s) => [s.customerId, s]));

  test("reproduces every row of cdnow_customers_summary.csv to 2 decimals", () => {
    const published = loadCdnowSummary();
    expect(published).toHaveLength(2357);
    expect(summaries.size).toBe(2357);
    const mismatches = published.filter((row) => {
      const s = summaries.get(row.id)!;
      return s.frequency !== row.x || round2(s.recency) !== row.tx || round2(s.age) !== row.T;
    });
    expect(mismatches).toEqual([]);
  });

  test("reproduces zbar of cdnow_customers_summary_with_transactions.csv to the cent", () => {
    const published = loadCdnowSummaryWithSpend();
    const mismatches = published.filter((row) => {
      const s = summaries.get(row.id)!;
      return Math.abs(s.monetary - row.zbar!) > 0.005 + 1e-9 || s.frequency !== row.x;
    });
    expect(mismatches).toEqual([]);
  });

  test("merges same-day orders: 6,696 purchase days in the whole file", () => {
    const all = summarize(loadCdnowOrders(), { observationEnd: "1998-06-30" });
    expect(all.reduce((n, s) => n + s.frequency + 1, 0)).toBe(6696);
    expect(all.reduce((n, s) => n + s.orderCount, 0)).toBe(6919);
    expect(round2(all.reduce((n, s) => n + s.netSpend, 0))).toBe(244091.94);
  });
});

const order = (o: Partial<Order> & Pick<Order, "id" | "placedAt" | "total">): Order => ({ customerId: "c1", ...o });

describe("summarize rules", () => {
  test("drops cancelled, test and fully refunded orders, nets partial refunds, keeps $0 orders", () => {
    const [s] = summarize(
      [
        order({ id: "1", placedAt: "2024-01-01", total: 0 }),
        order({ id: "2", placedAt: "2024-01-05", total: 50, refunded: 20 }),
        order({ id: "3", placedAt: "2024-01-09", total: 40, cancelled: true }),
        order({ id: "4", placedAt: "2024-01-10", total: 40, test: true }),
        order({ id: "5", placedAt: "2024-01-11", total: 40, refunded: 40 }),
        order({ id: "6", placedAt: "2024-01-15", total: 10 }),
        order({ id: "7", placedAt: "2024-01-15", total: 5 }),
        order({ id: "8", placedAt: "2024-02-01", total: 99 }),
      ],
      { observationEnd: "2024-01-31" },
    );
    expect(s).toEqual<CustomerSummary>({
      customerId: "c1",
      firstPurchase: "2024-01-01",
      lastPurchase: "2024-01-15",
      frequency: 2,
      recency: 14,
      age: 30,
      monetary: (30 + 15) / 2,
      daysSinceLastOrder: 16,
      orderCount: 4,
      netSpend: 45,
    });
  });

  test("places timestamps on the shop's calendar day", () => {
    const orders = [order({ id: "1", placedAt: "2024-01-01T03:00:00Z", total: 10 })];
    expect(summarize(orders, { observationEnd: "2024-01-10" })[0]!.firstPurchase).toBe("2024-01-01");
    expect(summarize(orders, { observationEnd: "2024-01-10", utcOffsetMinutes: -300 })[0]!.firstPurchase).toBe("2023-12-31");
  });

  test("uses weeks when asked", () => {
    const [s] = summarize([order({ id: "1", placedAt: "2024-01-01", total: 10 }), order({ id: "2", placedAt: "2024-01-15", total: 10 })], {
      observationEnd: "2024-01-29",
      timeUnit: "weeks",
    });
    expect([s!.recency, s!.age, s!.daysSinceLastOrder]).toEqual([2, 4, 14]);
  });

  test.each([
    [{ total: -1 }, /order x \(customer c1\): total -1 is negative/],
    [{ total: Number.NaN }, /total NaN is not a finite number/],
    [{ total: Number.POSITIVE_INFINITY }, /total Infinity is not a finite number/],
    [{ refunded: -2 }, /refunded -2 is negative/],
    [{ refunded: 11 }, /refunded 11 exceeds the order total 10/],
    [{ placedAt: "2024-02-30" }, /"2024-02-30" is not a calendar date/],
    [{ placedAt: "yesterday" }, /"yesterday" is not a valid date/],
  ])("rejects %o naming the violation", (patch, message) => {
    const bad = { ...order({ id: "x", placedAt: "2024-01-01", total: 10 }), ...patch };
    expect(() => summarize([bad], { observationEnd: "2024-03-01" })).toThrow(ScoringInputError);
    expect(() => summarize([bad], { observationEnd: "2024-03-01" })).toThrow(message);
  });

  test("rejects mixed currencies, naming both orders", () => {
    const orders = [
      order({ id: "a", placedAt: "2024-01-01", total: 10, currency: "EUR" }),
      order({ id: "b", placedAt: "2024-01-02", total: 10, currency: "USD", customerId: "c2" }),
    ];
    expect(() => summarize(orders, { observationEnd: "2024-03-01" })).toThrow("order b (customer c2): currency USD differs from EUR of order a");
  });
});

describe("validateSummaries", () => {
  const ok: CustomerSummary = {
    customerId: "c1",
    firstPurchase: "2024-01-01",
    lastPurchase: "2024-01-05",
    frequency: 1,
    recency: 4,
    age: 10,
    monetary: 20,
    daysSinceLastOrder: 6,
    orderCount: 2,
    netSpend: 40,
  };
  test("accepts a consistent summary", () => {
    expect(() => validateSummaries([ok])).not.toThrow();
  });
  test.each([
    [{ recency: 11 }, "customer c1: recency 11 is greater than age 10"],
    [{ frequency: 1.5 }, "customer c1: frequency 1.5 is not a non-negative integer"],
    [{ frequency: 0 }, "customer c1: recency 4 must be 0 when frequency is 0"],
    [{ monetary: -3 }, "customer c1: monetary -3 is negative or not finite"],
    [{ age: Number.NaN }, "customer c1: age NaN is invalid"],
  ])("rejects %o", (patch, message) => {
    expect(() => validateSummaries([{ ...ok, ...patch }])).toThrow(message);
  });
});
