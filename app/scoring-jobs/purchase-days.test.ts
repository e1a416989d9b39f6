import { expect, test } from "vitest";
import { ordersOfPurchaseDays, sampleOfCustomers } from "./purchase-days.ts";

const days = Array.from({ length: 40_000 }, (_, i) => ({ customerGid: `gid://shopify/Customer/${i % 20_000}`, day: 20_000 + (i % 300), netMinor: 1_000 + i }));

test("a sample keeps about the size asked for, every purchase day of each customer kept, the same customers each time", () => {
  const sample = sampleOfCustomers(days, 5_000);
  const customers = new Set(sample.map((d) => d.customerGid));
  expect(customers.size).toBeGreaterThan(4_500);
  expect(customers.size).toBeLessThan(5_500);
  expect(sample.length).toBe(customers.size * 2);
  expect(
    sampleOfCustomers([...days].reverse(), 5_000)
      .map((d) => d.customerGid)
      .sort(),
  ).toEqual(sample.map((d) => d.customerGid).sort());
});

test("a shop no larger than the sample is taken whole", () => {
  expect(sampleOfCustomers(days, 20_000)).toBe(days);
});

test("purchase days become one engine order each, worth the day's net in major units, never below zero", () => {
  expect(
    ordersOfPurchaseDays([
      { customerGid: "c", day: 20_000, netMinor: -500 },
      { customerGid: "c", day: 20_001, netMinor: 1_250 },
    ]),
  ).toEqual([
    { id: "0", customerId: "c", placedAt: "2024-10-04", total: 0 },
    { id: "1", customerId: "c", placedAt: "2024-10-05", total: 12.5 },
  ]);
});
