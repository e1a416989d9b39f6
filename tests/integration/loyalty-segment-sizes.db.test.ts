import { expect, test } from "vitest";
import { db } from "../../app/db.server.ts";
import { segmentSizesAtRun } from "../../app/persistence/loyalty-alerts.server.ts";

test("a segment's size before a rescoring is its size now, less those who entered it in that run, plus those who left", async () => {
  const shop = "segment-sizes.myshopify.com";
  const at = new Date();
  // Now: 3 Champions, 2 Loyal, 1 At risk. Run 7 moved two Champions to Loyal and one to At risk, and scored one new Champion.
  const now = [
    ["c1", "Champions"],
    ["c2", "Champions"],
    ["c3", "Champions"],
    ["l1", "Loyal"],
    ["l2", "Loyal"],
    ["r1", "At risk"],
  ] as const;
  await db.customerScore.createMany({ data: now.map(([gid, segment]) => ({ shop, customerGid: gid, scoringRunId: 7, segment, scoredAt: at })) });
  await db.customerScore.create({ data: { shop: "other.myshopify.com", customerGid: "x", scoringRunId: 7, segment: "Champions", scoredAt: at } });
  const change = (customerGid: string, oldSegment: string | null, newSegment: string, scoringRunId = 7) => ({
    shop,
    customerGid,
    oldSegment,
    newSegment,
    changedAt: at,
    scoringRunId,
  });
  await db.customerSegmentChange.createMany({
    data: [
      change("l1", "Champions", "Loyal"),
      change("l2", "Champions", "Loyal"),
      change("r1", "Champions", "At risk"),
      change("c3", null, "Champions"),
      change("c1", "Loyal", "Champions", 6),
    ],
  });
  const sizes = await segmentSizesAtRun(shop, 7);
  expect(Object.fromEntries(sizes.map((s) => [s.segment, [s.before, s.after]]))).toEqual({ Champions: [5, 3], Loyal: [0, 2], "At risk": [0, 1] });
});
