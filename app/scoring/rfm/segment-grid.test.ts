import { expect, test } from "vitest";
import type { SegmentName } from "../types.ts";
import { DEFAULT_SEGMENT_GRID, GRID_SEGMENT_NAMES, segmentGridOf, segmentGridProblems, segmentTableOfGrid } from "./segment-grid.ts";
import { SHOPIFY_RFM_GROUPS_V1, type SegmentTable } from "./segment-rules.ts";
import { checkSegmentTable, segmentFor } from "./segments.ts";

const allScores = () => {
  const scores: { r: number; f: number; m: number }[] = [];
  for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) scores.push({ r, f, m });
  return scores;
};

test("Shopify's groups read as a grid, row by row from R 5, and the grid's table places every score as the original does", () => {
  expect(DEFAULT_SEGMENT_GRID).toEqual([
    ["New", "Active", "Loyal", "Champions"],
    ["Promising", "Active", "Loyal", "Loyal"],
    ["Needs attention", "Needs attention", "Needs attention", "Needs attention"],
    ["Almost lost", "Almost lost", "At risk", "Previously loyal"],
    ["Dormant", "Dormant", "At risk", "Previously loyal"],
  ]);
  const table = segmentTableOfGrid(DEFAULT_SEGMENT_GRID, 3);
  expect(table.version).toBe(3);
  for (const score of allScores()) expect(segmentFor(table, score)).toBe(segmentFor(SHOPIFY_RFM_GROUPS_V1, score));
});

test("any grid of segment names is a partition of the 125 combinations, and survives the round trip", () => {
  let seed = 7;
  const next = () => {
    seed = (seed * 48271) % 2147483647;
    return seed;
  };
  for (let trial = 0; trial < 50; trial++) {
    const grid = DEFAULT_SEGMENT_GRID.map((row) => row.map(() => GRID_SEGMENT_NAMES[next() % GRID_SEGMENT_NAMES.length]!));
    const table = segmentTableOfGrid(grid, 1);
    expect(checkSegmentTable(table)).toEqual([]);
    expect(segmentGridOf(table)).toEqual(grid);
  }
});

test("an edited cell moves exactly the scores of that cell", () => {
  const grid = DEFAULT_SEGMENT_GRID.map((row) => [...row]);
  grid[0]![2] = "Champions"; // R 5, F + M 7–8: Loyal → Champions
  const table = segmentTableOfGrid(grid, 2);
  for (const score of allScores()) {
    const inCell = score.r === 5 && score.f + score.m >= 7 && score.f + score.m <= 8;
    expect(segmentFor(table, score)).toBe(inCell ? "Champions" : segmentFor(SHOPIFY_RFM_GROUPS_V1, score));
  }
});

test("a table whose cell depends on F or M apart from their sum has no grid", () => {
  const byFrequency: SegmentTable = {
    ...SHOPIFY_RFM_GROUPS_V1,
    rules: [
      { segment: "Champions", f: [5, 5] },
      { segment: "Dormant", f: [1, 4] },
    ],
  };
  expect(checkSegmentTable(byFrequency)).toEqual([]);
  expect(segmentGridOf(byFrequency)).toBeNull();
});

test("the problems of a value that is not a grid name the row and cell", () => {
  expect(segmentGridProblems("Champions")).toEqual(["5 rows expected"]);
  const grid: unknown[][] = DEFAULT_SEGMENT_GRID.map((row) => [...row]);
  grid[1] = ["Loyal"];
  grid[4]![3] = "Prospects" satisfies SegmentName;
  expect(segmentGridProblems(grid)).toEqual(["R 4: 4 cells expected", 'R 1, F + M 9–10: "Prospects" is not a segment']);
  expect(() => segmentTableOfGrid(grid as SegmentName[][], 1)).toThrow(/R 4: 4 cells expected/);
});
