import { describe, expect, test } from "vitest";
import { paceDelayMs, pointsAt, throttleDelayMs, type QueryCost } from "./throttle.ts";

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

// Older docs' Standard bucket: 1,000 points restored at 50 a second.
const bucket = (currentlyAvailable: number) => ({ maximumAvailable: 1000, currentlyAvailable, restoreRate: 50 });

describe("pointsAt", () => {
  test("restores linearly at the restore rate", () => {
    expect(pointsAt(bucket(100), 0, 0)).toBe(100);
    expect(pointsAt(bucket(100), 0, 2_000)).toBe(200);
    expect(pointsAt(bucket(100), 5_000, 5_500)).toBe(125);
  });

  test("stops at the maximum", () => {
    expect(pointsAt(bucket(990), 0, 1_000)).toBe(1000);
    expect(pointsAt(bucket(100), 0, 3_600_000)).toBe(1000);
  });

  test("restores from below zero the same way (points promised to calls not yet sent)", () => {
    expect(pointsAt(bucket(-100), 0, 1_000)).toBe(-50);
    expect(pointsAt(bucket(-100), 0, 4_000)).toBe(100);
  });

  test("a moment before the status was seen has the points seen", () => {
    expect(pointsAt(bucket(100), 5_000, 4_000)).toBe(100);
  });

  test("refuses a bucket that does not restore or has no size, naming it", () => {
    expect(() => pointsAt({ maximumAvailable: 1000, currentlyAvailable: 0, restoreRate: 0 }, 0, 0)).toThrow(/restoreRate above 0.*"restoreRate":0/);
    expect(() => pointsAt({ maximumAvailable: 0, currentlyAvailable: 0, restoreRate: 50 }, 0, 0)).toThrow(RangeError);
    expect(() => pointsAt({ maximumAvailable: 1000, currentlyAvailable: Number.NaN, restoreRate: 50 }, 0, 0)).toThrow(RangeError);
  });
});

describe("paceDelayMs", () => {
  test("no wait when the bucket holds the cost and the reserve", () => {
    expect(paceDelayMs(bucket(1000), 0, 0, 80, 100)).toBe(0);
    expect(paceDelayMs(bucket(180), 0, 0, 80, 100)).toBe(0);
  });

  test("waits for the missing points at the restore rate", () => {
    // 80 + 100 needed, 20 there: 160 points at 50/s = 3.2 s.
    expect(paceDelayMs(bucket(20), 0, 0, 80, 100)).toBe(3_200);
    // Without a reserve: 60 points = 1.2 s.
    expect(paceDelayMs(bucket(20), 0, 0, 80)).toBe(1_200);
  });

  test("counts the restore since the status was seen", () => {
    // Seen 1 s ago with 20: 70 now, 110 missing = 2.2 s.
    expect(paceDelayMs(bucket(20), 0, 1_000, 80, 100)).toBe(2_200);
    expect(paceDelayMs(bucket(20), 0, 3_200, 80, 100)).toBe(0);
  });

  test("rounds a fractional wait up to the next millisecond", () => {
    // 1 point at 3/s = 333.33.. ms.
    expect(paceDelayMs({ maximumAvailable: 30, currentlyAvailable: 0, restoreRate: 3 }, 0, 0, 1)).toBe(334);
  });

  test("a call costing more than the bucket holds waits for a full bucket, not forever", () => {
    expect(paceDelayMs(bucket(0), 0, 0, 1000, 100)).toBe(20_000);
    expect(paceDelayMs(bucket(0), 0, 0, 5000)).toBe(20_000);
  });

  test("points promised below zero are restored first", () => {
    // -160 now: 340 points to 180 = 6.8 s.
    expect(paceDelayMs(bucket(-160), 0, 0, 80, 100)).toBe(6_800);
  });

  test("a status dated later than now is waited for first", () => {
    expect(paceDelayMs(bucket(500), 2_000, 0, 80, 100)).toBe(2_000);
    expect(paceDelayMs(bucket(100), 2_000, 0, 80, 100)).toBe(2_000 + 1_600);
  });

  test("the wait is what the bucket needs: sending after it, the bucket holds cost plus reserve (property)", () => {
    for (const available of [-500, -1, 0, 1, 37, 179, 180, 181, 640, 999, 1000]) {
      for (const elapsed of [0, 1, 250, 1_000, 60_000]) {
        for (const cost of [0, 1, 10, 82, 999]) {
          const wait = paceDelayMs(bucket(available), 0, elapsed, cost, 100);
          const need = Math.min(1000, cost + 100);
          expect(wait).toBeGreaterThanOrEqual(0);
          expect(pointsAt(bucket(available), 0, elapsed + wait)).toBeGreaterThanOrEqual(need - 1e-9);
          // And not a millisecond more than it needs.
          if (wait > 0) expect(pointsAt(bucket(available), 0, elapsed + wait - 1)).toBeLessThan(need);
        }
      }
    }
  });

  test("refuses a negative cost or reserve", () => {
    expect(() => paceDelayMs(bucket(0), 0, 0, -1)).toThrow(/cost \(-1\)/);
    expect(() => paceDelayMs(bucket(0), 0, 0, 1, -5)).toThrow(/reserve \(-5\)/);
  });
});
