import { expect, test } from "vitest";
import { niceBuckets } from "./histogram.ts";

test("bucket widths are 1, 2 or 5 times a power of ten and cover the top", () => {
  expect(niceBuckets(73_000, 8)).toEqual({ width: 10_000, count: 8 });
  expect(niceBuckets(12_345, 8)).toEqual({ width: 2_000, count: 7 });
  expect(niceBuckets(40, 8)).toEqual({ width: 5, count: 8 });
  expect(niceBuckets(0, 8)).toEqual({ width: 1, count: 1 });
  for (const top of [1, 7, 99, 1234, 987_654]) {
    const { width, count } = niceBuckets(top, 8);
    expect(width * count).toBeGreaterThanOrEqual(top);
    expect(count).toBeLessThanOrEqual(10);
  }
});
