import { expect, test } from "vitest";
import { describeRule, explainSegment } from "./segment-explanation.ts";

test("the rule that placed a shopper is the table's row their scores meet", () => {
  const champion = explainSegment({ r: 5, f: 5, m: 4 }, "Champions");
  expect(champion).toEqual({ segment: "Champions", rule: { r: [5, 5], fm: [9, 10] }, fm: 9 });
  expect(describeRule(champion.rule!)).toBe("R 5, F + M 9–10");
  expect(describeRule(explainSegment({ r: 1, f: 1, m: 2 }, "Dormant").rule!)).toBe("R 1, F + M 2–6");
});

test("a prospect has no scores and no rule", () => {
  expect(explainSegment({ r: null, f: null, m: null }, "Prospects")).toEqual({ segment: "Prospects", rule: null, fm: null });
});
