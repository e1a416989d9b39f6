import { describe, expect, test } from "vitest";
import { throttleDelayMs, type QueryCost } from "./throttle.ts";

const status = (currentlyAvailable: number, restoreRate = 50, maximumAvailable = 2000) => ({
  maximumAvailable,
  currentlyAvailable,
  restoreRate,
});

describe("throttleDelayMs", () => {
  test("waits for the points the request is missing, at the restore rate, plus 50 ms", () => {
    // 1000 requested, 100 available: 900 points at 50/s = 18 s.
    expect(throttleDelayMs({ requestedQueryCost: 1000, actualQueryCost: null, throttleStatus: status(100) })).toBe(18_050);
    // 10 missing at 100/s = 0.1 s.
    expect(throttleDelayMs({ requestedQueryCost: 110, throttleStatus: status(100, 100) })).toBe(150);
  });

  test("rounds a fractional wait up to the next millisecond", () => {
    // 1 point at 3/s = 333.33.. ms -> 334.
    expect(throttleDelayMs({ requestedQueryCost: 1, throttleStatus: status(0, 3) })).toBe(384);
    // 7 points at 1000/s = 7 ms exactly.
    expect(throttleDelayMs({ requestedQueryCost: 7, throttleStatus: status(0, 1000) })).toBe(57);
  });

  test("waits only the margin when enough points are available", () => {
    expect(throttleDelayMs({ requestedQueryCost: 100, throttleStatus: status(100) })).toBe(50);
    expect(throttleDelayMs({ requestedQueryCost: 100, throttleStatus: status(2000) })).toBe(50);
  });

  test("the wait grows with the points missing", () => {
    const delays = [0, 100, 500, 1000, 2000].map((missing) => throttleDelayMs({ requestedQueryCost: 2000, throttleStatus: status(2000 - missing) }));
    expect(delays).toEqual([50, 2_050, 10_050, 20_050, 40_050]);
  });

  test("falls back without a cost report", () => {
    expect(throttleDelayMs(undefined)).toBe(1000);
    expect(throttleDelayMs({})).toBe(1000);
    expect(throttleDelayMs(undefined, 2500)).toBe(2500);
  });

  test("falls back without a throttle status or requested cost", () => {
    const noStatus: QueryCost = { requestedQueryCost: 1000, actualQueryCost: null };
    expect(throttleDelayMs(noStatus, 700)).toBe(700);
    expect(throttleDelayMs({ throttleStatus: status(0) }, 700)).toBe(700);
  });

  test("falls back when the bucket does not restore", () => {
    expect(throttleDelayMs({ requestedQueryCost: 1000, throttleStatus: status(0, 0) }, 900)).toBe(900);
    expect(throttleDelayMs({ requestedQueryCost: 1000, throttleStatus: status(0, -1) }, 900)).toBe(900);
  });

  test("a requested cost of zero needs no wait beyond the margin", () => {
    expect(throttleDelayMs({ requestedQueryCost: 0, throttleStatus: status(0) }, 900)).toBe(50);
  });
});
