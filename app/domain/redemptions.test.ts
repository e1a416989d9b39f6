import { describe, expect, test } from "vitest";
import { redemptionsOf, type IssuedOffer, type RedeemingOrder } from "./redemptions.ts";

const at = new Date("2026-05-01T10:00:00Z");
const ada = "gid://shopify/Customer/1";
const bob = "gid://shopify/Customer/2";

function order(overrides: Partial<RedeemingOrder> = {}): RedeemingOrder {
  return {
    gid: "gid://shopify/Order/1",
    customerGid: ada,
    discountCodes: [],
    processedAt: at,
    cancelledAt: null,
    deletedAt: null,
    test: false,
    netMinor: 4_500n,
    refundedMinor: 0n,
    ...overrides,
  };
}

const offers: IssuedOffer[] = [
  { id: 1, ruleId: "vip", customerGid: ada, code: "CRM-VIP-AAAA" },
  { id: 2, ruleId: "winback", customerGid: ada, code: "CRM-WINBACK-SHARED" },
  { id: 3, ruleId: "winback", customerGid: bob, code: "CRM-WINBACK-SHARED" },
];
const segmentCodes = [{ ruleId: "winback", code: "CRM-WINBACK-SHARED" }];

describe("redemptionsOf", () => {
  test("a shopper's own code names its offer and rule; an unrelated code records nothing", () => {
    expect(redemptionsOf([order({ discountCodes: ["CRM-VIP-AAAA", "SUMMER10"] })], offers, segmentCodes)).toEqual([
      { orderGid: "gid://shopify/Order/1", code: "CRM-VIP-AAAA", customerGid: ada, ruleId: "vip", offerId: 1, redeemedAt: at, netMinor: 4_500n },
    ]);
    expect(redemptionsOf([order({ discountCodes: ["SUMMER10"] })], offers, segmentCodes)).toEqual([]);
  });

  test("a segment's code names the offer of the shopper who used it, or none for a shopper without one", () => {
    const bobs = order({ gid: "gid://shopify/Order/2", customerGid: bob, discountCodes: ["CRM-WINBACK-SHARED"] });
    const strangers = order({ gid: "gid://shopify/Order/3", customerGid: "gid://shopify/Customer/9", discountCodes: ["CRM-WINBACK-SHARED"] });
    expect(redemptionsOf([bobs, strangers], offers, segmentCodes).map((r) => [r.orderGid, r.ruleId, r.offerId])).toEqual([
      ["gid://shopify/Order/2", "winback", 3],
      ["gid://shopify/Order/3", "winback", null],
    ]);
  });

  test("a cancelled, deleted, test or fully refunded order redeems nothing; a partly refunded one does, at its net", () => {
    const used = { discountCodes: ["CRM-VIP-AAAA"] };
    for (const gone of [
      order({ ...used, cancelledAt: at }),
      order({ ...used, deletedAt: at }),
      order({ ...used, test: true }),
      order({ ...used, netMinor: 0n, refundedMinor: 4_500n }),
    ]) {
      expect(redemptionsOf([gone], offers, segmentCodes)).toEqual([]);
    }
    expect(redemptionsOf([order({ ...used, netMinor: 1_000n, refundedMinor: 3_500n })], offers, segmentCodes)).toMatchObject([{ netMinor: 1_000n }]);
  });
});
