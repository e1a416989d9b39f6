import { describe, expect, test } from "vitest";
import type { IntendedOffer } from "./intended-state.ts";
import { activeCode, newOfferCode, offerToRecord, taggedSegmentQuery, type HeldOffer } from "./offers.ts";

const now = new Date("2026-06-01T12:00:00Z");
const DAY = 86_400_000;
const vip: IntendedOffer = { ruleId: "vip", percentOff: 10, validDays: 60, codes: "per-shopper", holdout: false };
const winBack: IntendedOffer = { ruleId: "win-back", percentOff: 15, validDays: 30, codes: "per-shopper", holdout: false };

function held(overrides: Partial<HeldOffer> = {}): HeldOffer {
  return { ruleId: "vip", holdout: false, code: "CRM-VIP-AAAA", codes: "per-shopper", status: "created", endsAt: new Date(now.getTime() + DAY), ...overrides };
}

describe("offerToRecord", () => {
  test("a shopper with no offer gets the first rule's, valid for its days", () => {
    expect(offerToRecord([vip, winBack], [], now)).toEqual({
      ruleId: "vip",
      holdout: false,
      percentOff: 10,
      codes: "per-shopper",
      offeredAt: now,
      endsAt: new Date(now.getTime() + 60 * DAY),
    });
  });

  test("no second code while one is valid, whichever rule gave it; a new one once it has ended", () => {
    expect(offerToRecord([winBack], [held()], now)).toBeNull();
    expect(offerToRecord([winBack], [held({ endsAt: now })], now)).toMatchObject({ ruleId: "win-back" });
  });

  test("a control place that still runs keeps the shopper out of every offer, so they stay a control", () => {
    expect(offerToRecord([winBack], [held({ holdout: true, code: null, status: "control" })], now)).toBeNull();
  });

  test("a shopper in the rule's control group is recorded as a control place, not given a code", () => {
    expect(offerToRecord([{ ...vip, holdout: true }], [], now)).toMatchObject({ ruleId: "vip", holdout: true });
  });

  test("no offer from the rules, none recorded", () => {
    expect(offerToRecord([], [], now)).toBeNull();
  });
});

describe("activeCode", () => {
  test("the created code that ends last; control places, pending, failed and ended codes are not active", () => {
    const later = new Date(now.getTime() + 9 * DAY);
    expect(
      activeCode(
        [
          held({ code: "A" }),
          held({ code: "B", endsAt: later }),
          held({ code: "C", endsAt: new Date(now.getTime() + 99 * DAY), status: "pending" }),
          held({ code: null, holdout: true, status: "control", endsAt: new Date(now.getTime() + 99 * DAY) }),
        ],
        now,
      ),
    ).toEqual({ code: "B", endsAt: later });
    expect(activeCode([held({ endsAt: now }), held({ status: "failed" })], now)).toBeNull();
  });
});

describe("codes", () => {
  test("prefix, rule and ten characters of an alphabet without look-alikes, in capitals", () => {
    let seed = 7;
    const random = (bytes: Uint8Array) => bytes.map(() => (seed = (seed * 73 + 11) % 256));
    const code = newOfferCode("crm", "win-back", random);
    expect(code).toMatch(/^CRM-WIN-BACK-[2-9A-HJKMNP-Z]{10}$/);
    expect(newOfferCode("crm", "win-back", random)).not.toBe(code);
  });

  test("the segment query quotes the tag", () => {
    expect(taggedSegmentQuery("crm-vip-offer")).toBe("customer_tags CONTAINS 'crm-vip-offer'");
    expect(taggedSegmentQuery("it's")).toBe("customer_tags CONTAINS 'it\\'s'");
  });
});
