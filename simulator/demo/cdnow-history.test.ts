import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { expect, test } from "vitest";
import { cdnowHistory } from "./cdnow-history.ts";

const text = readFileSync(resolve(import.meta.dirname, "../../tests/fixtures/cdnow/CDNOW_sample.txt"), "utf8");

test("the CDNOW log becomes 6,919 orders of 2,357 shoppers ending the day before today", () => {
  const today = new Date("2026-11-23T08:00:00Z");
  const orders = cdnowHistory(text, today);
  expect(orders).toHaveLength(6919);
  expect(new Set(orders.map((o) => o.customerKey)).size).toBe(2357);
  const last = Math.max(...orders.map((o) => o.placedAt.getTime()));
  expect(new Date(last).toISOString().slice(0, 10)).toBe("2026-11-22");
  // $244,091.94 in all, per the data set's README.
  expect(orders.reduce((sum, o) => sum + o.totalMinor, 0)).toBe(24_409_194);
  // Day gaps are kept: CDNOW spans 545 days.
  const first = Math.min(...orders.map((o) => o.placedAt.getTime()));
  expect((last - first) / 86_400_000).toBe(545);
});
