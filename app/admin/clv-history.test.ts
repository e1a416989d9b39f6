import { expect, test } from "vitest";
import { cumulativeClv } from "./clv-history.ts";

test("historic CLV adds each counted order's net amount in date order; cancelled and test orders do not count", () => {
  const order = (processedAt: string, netMinor: string, extra = {}) => ({ processedAt, netMinor, cancelled: false, test: false, ...extra });
  expect(
    cumulativeClv([
      order("2026-03-01T00:00:00Z", "500"),
      order("2026-01-01T00:00:00Z", "1000"),
      order("2026-02-01T00:00:00Z", "9999", { cancelled: true }),
      order("2026-02-15T00:00:00Z", "7777", { test: true }),
    ]),
  ).toEqual([
    { at: "2026-01-01T00:00:00Z", minor: 1000 },
    { at: "2026-03-01T00:00:00Z", minor: 1500 },
  ]);
});
