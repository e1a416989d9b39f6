import { expect, test } from "vitest";
import { backfillShare, rescoreShare } from "./progress.ts";

test("a rescoring's share grows through its phases and with the rows written", () => {
  const run = (phase: string, rowsWritten: number | null = null, rowsTotal: number | null = null) => ({ status: "running", phase, rowsWritten, rowsTotal });
  const shares = [run("summarising"), run("choosing"), run("scoring", 0, 1000), run("writing", 0, 1000), run("writing", 500, 1000), run("writing", 1000, 1000)].map(
    rescoreShare,
  );
  expect(shares).toEqual([0.02, 0.05, 0.1, 0.5, 0.75, 1]);
  expect(rescoreShare({ status: "succeeded", phase: "writing", rowsWritten: 10, rowsTotal: 10 })).toBeNull();
  expect(rescoreShare(null)).toBeNull();
});

test("the backfill's share is rows done over rows Shopify reported, while it runs", () => {
  expect(backfillShare({ status: "running", rowsDone: 250, rowsTotal: 1000 })).toBe(0.25);
  expect(backfillShare({ status: "running", rowsDone: 5, rowsTotal: null })).toBeNull();
  expect(backfillShare({ status: "completed", rowsDone: 1000, rowsTotal: 1000 })).toBeNull();
});
