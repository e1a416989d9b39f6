import { describe, expect, test } from "vitest";
import { isOverdue, segmentShrinkAlerts, shopperAlerts, type PushedScores } from "./early-warnings.ts";
import type { ShopperScores, ShopScoreContext } from "./intended-state.ts";
import { DEFAULT_LOYALTY_RULES, parseLoyaltyRules, type LoyaltyRules } from "./rules.ts";

// The shop's median predicted CLV is 100.00: shoppers at 100.00 or more are "good customers" for the warnings.
const shop: ShopScoreContext = { predictedClvAtPercentile: (p) => BigInt(Math.round(p * 200)) };

function shopper(overrides: Partial<ShopperScores> = {}): ShopperScores {
  return {
    customerGid: "gid://shopify/Customer/1",
    segment: "Loyal",
    predictedClvMinor: 15_000n,
    pAlive: 0.8,
    daysSinceLastOrder: 20,
    expectedDaysBetweenOrders: 30,
    ...overrides,
  };
}

const lastPush = (overrides: Partial<PushedScores> = {}): PushedScores => ({ tags: [], pAlive: 0.8, overdue: false, ...overrides });
const kinds = (alerts: { kind: string }[]) => alerts.map((a) => a.kind);

describe("per shopper", () => {
  test("a shopper never pushed before raises nothing: the first rescoring is the baseline", () => {
    expect(shopperAlerts(shopper({ pAlive: 0.1 }), null, { tags: ["crm-at-risk"], overdue: true }, DEFAULT_LOYALTY_RULES, shop)).toEqual([]);
  });

  test("losing the VIP rule's tag raises vip-lost, keeping it raises nothing", () => {
    const lost = shopperAlerts(
      shopper(),
      lastPush({ tags: ["crm-segment-champions", "crm-vip"] }),
      { tags: ["crm-segment-loyal"], overdue: false },
      DEFAULT_LOYALTY_RULES,
      shop,
    );
    expect(lost).toEqual([
      { kind: "vip-lost", customerGid: "gid://shopify/Customer/1", segment: "Loyal", detail: { segment: "Loyal", tag: "crm-vip", pAlive: 0.8 } },
    ]);
    expect(shopperAlerts(shopper(), lastPush({ tags: ["crm-vip"] }), { tags: ["crm-vip"], overdue: false }, DEFAULT_LOYALTY_RULES, shop)).toEqual([]);
  });

  test("gaining the at-risk rule's tag raises at-risk, once: having it already raises nothing", () => {
    expect(kinds(shopperAlerts(shopper({ segment: "At risk" }), lastPush(), { tags: ["crm-at-risk"], overdue: false }, DEFAULT_LOYALTY_RULES, shop))).toEqual([
      "at-risk",
    ]);
    expect(shopperAlerts(shopper(), lastPush({ tags: ["crm-at-risk"] }), { tags: ["crm-at-risk"], overdue: false }, DEFAULT_LOYALTY_RULES, shop)).toEqual([]);
  });

  test("turning overdue raises overdue with the shopper's own cycle; staying overdue does not", () => {
    const late = shopper({ daysSinceLastOrder: 50, expectedDaysBetweenOrders: 30 });
    expect(isOverdue(late, DEFAULT_LOYALTY_RULES.alerts, shop)).toBe(true);
    expect(isOverdue(shopper({ daysSinceLastOrder: 44 }), DEFAULT_LOYALTY_RULES.alerts, shop)).toBe(false);
    const raised = shopperAlerts(late, lastPush(), { tags: [], overdue: true }, DEFAULT_LOYALTY_RULES, shop);
    expect(raised).toEqual([
      expect.objectContaining({ kind: "overdue", detail: { segment: "Loyal", pAlive: 0.8, daysSinceLastOrder: 50, expectedDaysBetweenOrders: 30 } }),
    ]);
    expect(shopperAlerts(late, lastPush({ overdue: true }), { tags: [], overdue: true }, DEFAULT_LOYALTY_RULES, shop)).toEqual([]);
  });

  test("a P(alive) drop of at least the threshold raises p-alive-drop; a smaller one does not", () => {
    expect(kinds(shopperAlerts(shopper({ pAlive: 0.6 }), lastPush({ pAlive: 0.8 }), { tags: [], overdue: false }, DEFAULT_LOYALTY_RULES, shop))).toEqual([
      "p-alive-drop",
    ]);
    expect(shopperAlerts(shopper({ pAlive: 0.61 }), lastPush({ pAlive: 0.8 }), { tags: [], overdue: false }, DEFAULT_LOYALTY_RULES, shop)).toEqual([]);
    expect(shopperAlerts(shopper({ pAlive: 0.9 }), lastPush({ pAlive: null }), { tags: [], overdue: false }, DEFAULT_LOYALTY_RULES, shop)).toEqual([]);
  });

  test("overdue and P(alive) warnings are for good customers only; VIP lost is for every VIP", () => {
    const small = shopper({ predictedClvMinor: 5_000n, pAlive: 0.1 });
    expect(shopperAlerts(small, lastPush({ tags: ["crm-vip"] }), { tags: [], overdue: true }, DEFAULT_LOYALTY_RULES, shop).map((a) => a.kind)).toEqual(["vip-lost"]);
  });

  test("each warning can be turned off", () => {
    const off = rules({ vipRule: null, atRiskRule: null, overdue: null, pAliveDrop: null });
    const late = shopper({ pAlive: 0.1, daysSinceLastOrder: 90 });
    expect(isOverdue(late, off.alerts, shop)).toBe(false);
    expect(shopperAlerts(late, lastPush({ tags: ["crm-vip"] }), { tags: ["crm-at-risk"], overdue: false }, off, shop)).toEqual([]);
  });
});

describe("segments", () => {
  const sizes = [
    { segment: "Champions", before: 100, after: 79 },
    { segment: "Loyal", before: 100, after: 81 },
    { segment: "Active", before: 10, after: 2 },
    { segment: "At risk", before: 100, after: 10 },
  ];

  test("a watched segment that lost at least the share raises segment-shrank; small and unwatched segments do not", () => {
    expect(segmentShrinkAlerts(sizes, DEFAULT_LOYALTY_RULES.alerts)).toEqual([
      { kind: "segment-shrank", customerGid: null, segment: "Champions", detail: { segment: "Champions", before: 100, after: 79, share: 0.21 } },
    ]);
  });

  test("the merchant chooses the segments, the share and the size; null turns it off", () => {
    const watched = rules({ segmentShrink: { share: 0.5, minShoppers: 5, segments: ["Active", "At risk"] } });
    expect(segmentShrinkAlerts(sizes, watched.alerts).map((a) => a.segment)).toEqual(["Active", "At risk"]);
    expect(segmentShrinkAlerts(sizes, rules({ segmentShrink: null }).alerts)).toEqual([]);
  });
});

describe("settings", () => {
  test("rules saved before there were alerts still load, with the defaults, and name no rule they lack", () => {
    const old = parseLoyaltyRules({ rules: [{ id: "big-spenders", tag: "big", when: { predictedClvPercentile: { atLeast: 90 } } }] });
    expect(old.ok && old.rules.alerts).toMatchObject({ vipRule: null, atRiskRule: null, minPredictedClvPercentile: 50, overdue: { atLeast: 1.5 }, flow: true });
    expect(DEFAULT_LOYALTY_RULES.alerts).toMatchObject({ vipRule: "vip", atRiskRule: "win-back" });
  });

  test("an alert that names a rule the shop lacks, or a threshold out of range, is refused naming the field", () => {
    const refused = parseLoyaltyRules({ ...DEFAULT_LOYALTY_RULES, alerts: { vipRule: "vips", pAliveDrop: { atLeast: 2 } } });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.errors).toContainEqual(expect.stringMatching(/^alerts\.pAliveDrop\.atLeast: /));
    }
    const unknown = parseLoyaltyRules({ ...DEFAULT_LOYALTY_RULES, alerts: { vipRule: "vips" } });
    expect(unknown).toEqual({ ok: false, errors: ['alerts.vipRule: no rule has the id "vips"; name one of the rules, or null for no such alert'] });
  });
});

function rules(alerts: Record<string, unknown>): LoyaltyRules {
  const parsed = parseLoyaltyRules({ ...DEFAULT_LOYALTY_RULES, alerts: { ...DEFAULT_LOYALTY_RULES.alerts, ...alerts } });
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  return parsed.rules;
}
