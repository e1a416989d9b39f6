import { describe, expect, test } from "vitest";
import { SEGMENT_NAMES, type CustomerSummary } from "../types.ts";
import { quintileScores } from "./quintiles.ts";
import { rfmScores } from "./score.ts";
import { SHOPIFY_RFM_GROUPS_V1, type SegmentTable } from "./segment-rules.ts";
import { checkSegmentTable, segmentFor } from "./segments.ts";

describe("quintileScores", () => {
  test("splits distinct values into equal fifths", () => {
    expect(quintileScores([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], true)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(quintileScores([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], false)).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
  });

  test("never splits ties: a tie-heavy shop where 60% bought once", () => {
    const orders = [...Array(60).fill(1), ...Array(20).fill(2), ...Array(12).fill(3), ...Array(8).fill(7)] as number[];
    const scores = quintileScores(orders, true);
    const byValue = new Map<number, Set<number>>();
    for (const [i, v] of orders.entries()) byValue.set(v, (byValue.get(v) ?? new Set()).add(scores[i]!));
    for (const set of byValue.values()) expect(set.size).toBe(1);
    // score = 1 + floor(5 · strictly-worse / N)
    expect([1, 2, 3, 7].map((v) => [...byValue.get(v)!][0])).toEqual([1, 4, 5, 5]);
  });

  test("all equal values share score 1; order of input does not matter", () => {
    expect(quintileScores([3, 3, 3], true)).toEqual([1, 1, 1]);
    expect(quintileScores([5, 1, 3], true)).toEqual([4, 1, 2]);
    expect(quintileScores([], true)).toEqual([]);
  });
});

describe("segment table", () => {
  test("maps every one of the 125 combinations to exactly one segment", () => {
    expect(checkSegmentTable(SHOPIFY_RFM_GROUPS_V1)).toEqual([]);
  });

  test("uses all eleven Shopify group names, Prospects for customers without orders", () => {
    const reached = new Set<string>();
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) reached.add(segmentFor(SHOPIFY_RFM_GROUPS_V1, { r, f, m }));
    reached.add(segmentFor(SHOPIFY_RFM_GROUPS_V1, null));
    expect([...reached].sort()).toEqual([...SEGMENT_NAMES].sort());
    expect(segmentFor(SHOPIFY_RFM_GROUPS_V1, null)).toBe("Prospects");
  });

  test.each([
    [{ r: 5, f: 5, m: 5 }, "Champions"],
    [{ r: 5, f: 1, m: 1 }, "New"],
    [{ r: 4, f: 1, m: 2 }, "Promising"],
    [{ r: 4, f: 3, m: 3 }, "Active"],
    [{ r: 4, f: 4, m: 4 }, "Loyal"],
    [{ r: 3, f: 2, m: 2 }, "Needs attention"],
    [{ r: 2, f: 4, m: 4 }, "At risk"],
    [{ r: 1, f: 5, m: 5 }, "Previously loyal"],
    [{ r: 2, f: 1, m: 1 }, "Almost lost"],
    [{ r: 1, f: 1, m: 2 }, "Dormant"],
  ])("%o is %s", (score, segment) => {
    expect(segmentFor(SHOPIFY_RFM_GROUPS_V1, score)).toBe(segment);
  });

  test("reports gaps and overlaps of an edited table", () => {
    const broken: SegmentTable = {
      ...SHOPIFY_RFM_GROUPS_V1,
      rules: [...SHOPIFY_RFM_GROUPS_V1.rules.slice(1), { segment: "Loyal", r: [1, 1], fm: [2, 2] }],
    };
    const problems = checkSegmentTable(broken);
    expect(problems).toContain("R5 F5 M5: no segment");
    expect(problems).toContain("R1 F1 M1: Dormant, Loyal");
    expect(() => segmentFor(broken, { r: 5, f: 5, m: 5 })).toThrow("matches no rule");
  });
});

describe("rfmScores", () => {
  const summary = (id: string, daysSinceLastOrder: number, orderCount: number, netSpend: number): CustomerSummary => ({
    customerId: id,
    firstPurchase: "2024-01-01",
    lastPurchase: "2024-01-01",
    frequency: orderCount - 1,
    recency: 0,
    age: 0,
    monetary: 0,
    daysSinceLastOrder,
    orderCount,
    netSpend,
  });

  test("scores recency by fewest days, frequency by orders and monetary by net spend", () => {
    const scores = rfmScores([summary("a", 1, 9, 900), summary("b", 10, 5, 500), summary("c", 100, 3, 300), summary("d", 200, 2, 200), summary("e", 400, 1, 100)]);
    expect(scores.map((s) => `${s.r}${s.f}${s.m}`)).toEqual(["555", "444", "333", "222", "111"]);
  });
});
