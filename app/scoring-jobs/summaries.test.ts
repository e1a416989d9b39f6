import { expect, test } from "vitest";
import { summarize, type Order } from "../scoring/index.ts";
import { summaryFromAggregate, toMinorUnits } from "./summaries.ts";

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

test("an aggregate becomes the summary summarize gives for the same orders", () => {
  const orders: Order[] = [
    { id: "1", customerId: "c", placedAt: "2026-01-05", total: 20 },
    { id: "2", customerId: "c", placedAt: "2026-01-05", total: 5.5 },
    { id: "3", customerId: "c", placedAt: "2026-02-01", total: 12.25 },
    { id: "4", customerId: "c", placedAt: "2026-03-01", total: 7.75 },
  ];
  const [expected] = summarize(orders, { observationEnd: "2026-03-31" });
  const summary = summaryFromAggregate(
    {
      customerGid: "c",
      firstDay: day("2026-01-05"),
      lastDay: day("2026-03-01"),
      purchaseDays: 3,
      orderCount: 4,
      netMinor: 4_550n,
      firstDayNetMinor: 2_550n,
    },
    day("2026-03-31"),
    100,
  );
  expect(summary).toEqual(expected);
});

test("a one-day customer has no repeat value", () => {
  const summary = summaryFromAggregate(
    { customerGid: "c", firstDay: 100, lastDay: 100, purchaseDays: 1, orderCount: 2, netMinor: 300n, firstDayNetMinor: 300n },
    130,
    100,
  );
  expect(summary).toMatchObject({ frequency: 0, recency: 0, age: 30, monetary: 0, daysSinceLastOrder: 30, netSpend: 3 });
});

test("amounts go back to minor units, rounded; non-finite ones are not stored", () => {
  expect(toMinorUnits(12.345, 100)).toBe(1_235n);
  expect(toMinorUnits(1_234, 1)).toBe(1_234n);
  expect(toMinorUnits(Number.NaN, 100)).toBeNull();
});
