import { describe, expect, test } from "vitest";
import { conditionHolds, inHoldout, intendedState, segmentTag, type ShopperScores, type ShopScoreContext } from "./intended-state.ts";
import { DEFAULT_LOYALTY_RULES, parseLoyaltyRules, type LoyaltyRules } from "./rules.ts";

/** A shop whose predicted CLVs run evenly from 0 to 100.00: the percentile p is p × 1.00. */
const shop: ShopScoreContext = { predictedClvAtPercentile: (p) => BigInt(Math.round(p * 100)) };

function shopper(overrides: Partial<ShopperScores> = {}): ShopperScores {
  return {
    customerGid: "gid://shopify/Customer/1",
    segment: "Needs attention",
    predictedClvMinor: 4_000n,
    pAlive: 0.6,
    daysSinceLastOrder: 40,
    expectedDaysBetweenOrders: 30,
    ...overrides,
  };
}

function rules(input: unknown): LoyaltyRules {
  const parsed = parseLoyaltyRules(input);
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  return parsed.rules;
}

describe("the default rules", () => {
  test("a Champion is a VIP: the tag and the 10% offer, besides the RFM group tag", () => {
    const state = intendedState(shopper({ customerGid: "gid://shopify/Customer/2", segment: "Champions" }), DEFAULT_LOYALTY_RULES, shop);
    expect(state.tags).toEqual(["crm-segment-champions", "crm-vip"]);
    expect(state.offers).toEqual([{ ruleId: "vip", percentOff: 10, validDays: 60, codes: "per-shopper", holdout: false }]);
  });

  test("a top-5% shopper by predicted CLV is a VIP whatever their group; the 94th percentile is not", () => {
    expect(intendedState(shopper({ predictedClvMinor: 9_500n }), DEFAULT_LOYALTY_RULES, shop).tags).toContain("crm-vip");
    expect(intendedState(shopper({ predictedClvMinor: 9_499n }), DEFAULT_LOYALTY_RULES, shop).tags).not.toContain("crm-vip");
  });

  test("at risk with a predicted CLV above the median: tagged, with the 15% win-back offer; below the median: neither", () => {
    const valuable = intendedState(shopper({ segment: "Previously loyal", predictedClvMinor: 6_000n }), DEFAULT_LOYALTY_RULES, shop);
    expect(valuable.tags).toEqual(["crm-at-risk", "crm-segment-previously-loyal"]);
    expect(valuable.offers.map((offer) => [offer.ruleId, offer.percentOff, offer.validDays])).toEqual([["win-back", 15, 30]]);
    const cheap = intendedState(shopper({ segment: "At risk", predictedClvMinor: 4_999n }), DEFAULT_LOYALTY_RULES, shop);
    expect(cheap).toEqual({ tags: ["crm-segment-at-risk"], offers: [] });
  });

  test("a Prospect (no counted order, no model) gets only its group's tag", () => {
    const prospect = shopper({ segment: "Prospects", predictedClvMinor: null, pAlive: null, daysSinceLastOrder: null, expectedDaysBetweenOrders: null });
    expect(intendedState(prospect, DEFAULT_LOYALTY_RULES, shop)).toEqual({ tags: ["crm-segment-prospects"], offers: [] });
  });
});

describe("conditions", () => {
  test("overdue compares the days since the last order with the shopper's own cycle", () => {
    const overdue = { overdue: { atLeast: 1.5 } } as const;
    expect(conditionHolds(overdue, shopper({ daysSinceLastOrder: 45, expectedDaysBetweenOrders: 30 }), shop)).toBe(true);
    expect(conditionHolds(overdue, shopper({ daysSinceLastOrder: 44, expectedDaysBetweenOrders: 30 }), shop)).toBe(false);
    expect(conditionHolds(overdue, shopper({ expectedDaysBetweenOrders: null }), shop)).toBe(false);
  });

  test("P(alive) bounds are at least / strictly below; an unscored shopper meets neither", () => {
    expect(conditionHolds({ pAlive: { atLeast: 0.6 } }, shopper(), shop)).toBe(true);
    expect(conditionHolds({ pAlive: { below: 0.6 } }, shopper(), shop)).toBe(false);
    expect(conditionHolds({ pAlive: { below: 0.9 } }, shopper({ pAlive: null }), shop)).toBe(false);
  });

  test("all and any combine", () => {
    const when = { all: [{ segment: ["Needs attention"] }, { any: [{ pAlive: { below: 0.5 } }, { overdue: { atLeast: 1.2 } }] }] } as const;
    expect(conditionHolds(when, shopper(), shop)).toBe(true);
    expect(conditionHolds(when, shopper({ daysSinceLastOrder: 20 }), shop)).toBe(false);
  });
});

describe("rules the merchant changes", () => {
  test("a disabled rule gives no tag and no offer, so its tags come off at the next push", () => {
    const disabled = rules({ ...DEFAULT_LOYALTY_RULES, rules: DEFAULT_LOYALTY_RULES.rules.map((rule) => ({ ...rule, enabled: rule.id !== "vip" })) });
    expect(intendedState(shopper({ segment: "Champions" }), disabled, shop)).toEqual({ tags: ["crm-segment-champions"], offers: [] });
  });

  test("the prefix is the merchant's; the RFM group tags can be turned off", () => {
    const own = rules({ tagPrefix: "club", segmentTags: false, rules: [{ id: "vip", tag: "vip", when: { segment: ["Champions"] } }] });
    expect(intendedState(shopper({ segment: "Champions" }), own, shop)).toEqual({ tags: ["club-vip"], offers: [] });
    expect(segmentTag("club", "Needs attention")).toBe("club-segment-needs-attention");
  });
});

describe("holdout", () => {
  test("is stable for a shopper and a rule, and holds about its share of a shop's shoppers", () => {
    const gids = Array.from({ length: 20_000 }, (_, i) => `gid://shopify/Customer/${1_000_000 + i * 7}`);
    const held = gids.filter((gid) => inHoldout(gid, "vip", 0.1));
    expect(held.length / gids.length).toBeGreaterThan(0.09);
    expect(held.length / gids.length).toBeLessThan(0.11);
    expect(gids.filter((gid) => inHoldout(gid, "vip", 0.1))).toEqual(held);
    // Each rule draws its own control group.
    const other = new Set(gids.filter((gid) => inHoldout(gid, "win-back", 0.1)));
    expect(held.filter((gid) => other.has(gid)).length / held.length).toBeLessThan(0.2);
    expect(gids.some((gid) => inHoldout(gid, "vip", 0))).toBe(false);
  });

  test("neighbouring customer ids are drawn independently, so no run of a shop's shoppers lands in the control group together", () => {
    const gids = Array.from({ length: 10_000 }, (_, i) => `gid://shopify/Customer/${6_000_000_000 + i}`);
    const held = gids.map((gid) => inHoldout(gid, "vip", 0.1));
    const bothHeld = held.filter((each, i) => each && held[i + 1]).length;
    // Independent draws: about 1% of neighbouring pairs are both held (100 of 10,000).
    expect(bothHeld).toBeLessThan(200);
    for (let start = 0; start + 60 <= gids.length; start += 60) expect(held.slice(start, start + 60).filter(Boolean).length).toBeLessThan(20);
  });

  test("a shopper in the control group keeps the tag but the offer is marked holdout", () => {
    const gid = Array.from({ length: 1_000 }, (_, i) => `gid://shopify/Customer/${i}`).find((each) => inHoldout(each, "vip", 0.1))!;
    const state = intendedState(shopper({ customerGid: gid, segment: "Champions" }), DEFAULT_LOYALTY_RULES, shop);
    expect(state.tags).toContain("crm-vip");
    expect(state.offers).toEqual([expect.objectContaining({ ruleId: "vip", holdout: true })]);
  });
});
