import { describe, expect, test } from "vitest";
import { DEFAULT_LOYALTY_RULES, parseLoyaltyRules } from "./rules.ts";

describe("parseLoyaltyRules", () => {
  test("the defaults are a valid rule set: VIP and win-back, with the issue's offers", () => {
    expect(parseLoyaltyRules(DEFAULT_LOYALTY_RULES)).toEqual({ ok: true, rules: DEFAULT_LOYALTY_RULES });
    expect(DEFAULT_LOYALTY_RULES.tagPrefix).toBe("crm");
    expect(DEFAULT_LOYALTY_RULES.rules.map((rule) => [rule.tag, rule.offer?.percentOff, rule.offer?.validDays, rule.offer?.holdoutShare])).toEqual([
      ["vip", 10, 60, 0.1],
      ["at-risk", 15, 30, 0.1],
    ]);
  });

  test("fills in what a rule leaves out", () => {
    const parsed = parseLoyaltyRules({ rules: [{ id: "loyal", tag: "loyal", when: { segment: ["Loyal"] }, offer: { percentOff: 5, validDays: 14 } }] });
    expect(parsed).toMatchObject({
      ok: true,
      rules: { tagPrefix: "crm", segmentTags: true, rules: [{ enabled: true, offer: { codes: "per-shopper", holdoutShare: 0.1 } }] },
    });
  });

  test("an invalid rule is refused with a message that names the field and what is wrong", () => {
    const parsed = parseLoyaltyRules({
      tagPrefix: "CRM!",
      rules: [
        { id: "vip", tag: "vip", when: { segment: ["Champions", "Heroes"] }, offer: { percentOff: 150, validDays: 30 } },
        { id: "vip", tag: "lapsing", when: { pAlive: {} } },
        { id: "odd", tag: "odd", when: { colour: "blue" } },
      ],
    });
    expect(parsed.ok).toBe(false);
    const errors = parsed.ok ? [] : parsed.errors;
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^tagPrefix: use lower-case letters/),
        expect.stringMatching(/^rules\[0\]\.when\.segment\[1\]: Invalid enum value.*'Heroes'/),
        expect.stringMatching(/^rules\[0\]\.offer\.percentOff: Number must be less than or equal to 100/),
        expect.stringMatching(/^rules\[1\]\.when\.pAlive: needs atLeast or below/),
        expect.stringMatching(/^rules\[2\]\.when: Unrecognized key\(s\) in object: 'colour'/),
      ]),
    );
  });

  test("two rules may not share an id or a tag, and rule tags stay clear of the RFM group tags", () => {
    const when = { segment: ["Loyal"] };
    const parsed = parseLoyaltyRules({
      rules: [
        { id: "a", tag: "same", when },
        { id: "a", tag: "same", when },
        { id: "b", tag: "segment-loyal", when },
      ],
    });
    expect(parsed.ok ? [] : parsed.errors).toEqual([
      'rules[1].id: id "a" is already used by rules.0',
      'rules[1].tag: tag "same" is already used by rules.0',
      'rules[2].tag: tags starting with "segment-" are the RFM group tags',
    ]);
  });

  test("a condition has exactly one kind", () => {
    const both = parseLoyaltyRules({ rules: [{ id: "x", tag: "x", when: { segment: ["Loyal"], pAlive: { below: 0.5 } } }] });
    expect(both.ok ? [] : both.errors).toEqual([
      "rules[0].when: a condition has exactly one of segment, predictedClvPercentile, pAlive, overdue, all, any; this one has segment and pAlive",
    ]);
  });

  test("bounds must make sense, and conditions nest", () => {
    const bad = parseLoyaltyRules({ rules: [{ id: "x", tag: "x", when: { all: [{ pAlive: { atLeast: 0.8, below: 0.2 } }] } }] });
    expect(bad.ok ? [] : bad.errors).toEqual(["rules[0].when.all[0].pAlive: atLeast must be below `below`"]);
    const good = parseLoyaltyRules({
      rules: [
        { id: "x", tag: "x", when: { all: [{ any: [{ overdue: { atLeast: 1.5 } }, { pAlive: { below: 0.3 } }] }, { predictedClvPercentile: { atLeast: 50 } }] } },
      ],
    });
    expect(good.ok).toBe(true);
  });
});
