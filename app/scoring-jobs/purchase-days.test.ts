import { expect, test } from "vitest";
import { ordersOfPurchaseDays, sampleOfCustomers } from "./purchase-days.ts";

const customers = Array.from({ length: 20_000 }, (_, i) => `gid://shopify/Customer/${i}`);

test("a sample keeps about the size asked for, the same customers whatever their order", () => {
  const sample = sampleOfCustomers(customers, 5_000)!;
  expect(new Set(sample).size).toBe(sample.length);
  expect(sample.length).toBeGreaterThan(4_500);
  expect(sample.length).toBeLessThan(5_500);
  expect(sample.every((gid) => customers.includes(gid))).toBe(true);
  expect(sampleOfCustomers([...customers].reverse(), 5_000)!.sort()).toEqual([...sample].sort());
});

test("a shop no larger than the sample is taken whole", () => {
  expect(sampleOfCustomers(customers, 20_000)).toBeNull();
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
