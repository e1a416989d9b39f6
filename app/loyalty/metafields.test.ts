import { describe, expect, test } from "vitest";
import { intendedMetafields, metafieldChanges, type MetafieldScores } from "./metafields.ts";

const scores: MetafieldScores = {
  historicClvMinor: 40495n,
  predictedClvMinor: 12000n,
  segment: "Champions",
  rfmRecency: 5,
  rfmFrequency: 4,
  rfmMonetary: 3,
  pAlive: 0.912345,
  scoredAt: new Date("2026-12-01T00:10:00Z"),
  activeCode: null,
};

describe("intendedMetafields", () => {
  test("writes money as Shopify's money JSON in the shop's currency, and scores as text Shopify parses", () => {
    const values = intendedMetafields(scores, "USD");
    expect(JSON.parse(values.historic_clv ?? "")).toEqual({ amount: "404.95", currency_code: "USD" });
    expect(JSON.parse(values.predicted_clv ?? "")).toEqual({ amount: "120.00", currency_code: "USD" });
    expect(values).toMatchObject({ rfm_group: "Champions", rfm_recency: "5", rfm_frequency: "4", rfm_monetary: "3", p_alive: "0.9123" });
    expect(values.last_scored_at).toBe("2026-12-01T00:10:00.000Z");
    expect(values.active_code).toBeUndefined();
  });

  test("uses the currency's own minor units, and leaves out what the model did not give", () => {
    const values = intendedMetafields({ ...scores, historicClvMinor: 5000n, predictedClvMinor: null, pAlive: null, rfmRecency: null }, "KRW");
    expect(JSON.parse(values.historic_clv ?? "")).toEqual({ amount: "5000", currency_code: "KRW" });
    expect(values.predicted_clv).toBeUndefined();
    expect(values.p_alive).toBeUndefined();
    expect(values.rfm_recency).toBeUndefined();
  });

  test("carries the active code and its end", () => {
    const values = intendedMetafields({ ...scores, activeCode: { code: "VIP-7Q2K", endsAt: new Date("2027-01-30T00:00:00Z") } }, "USD");
    expect(values.active_code).toBe("VIP-7Q2K");
    expect(values.active_code_expires_at).toBe("2027-01-30T00:00:00.000Z");
  });
});

describe("metafieldChanges", () => {
  test("sends only what changed, and nothing when nothing did", () => {
    const before = intendedMetafields(scores, "USD");
    expect(metafieldChanges(before, before)).toEqual({ set: [], clear: [] });
    const after = intendedMetafields({ ...scores, pAlive: 0.5, segment: "At risk" }, "USD");
    const { set, clear } = metafieldChanges(before, after);
    expect(set).toEqual([
      { key: "rfm_group", type: "single_line_text_field", value: "At risk" },
      { key: "p_alive", type: "number_decimal", value: "0.5000" },
    ]);
    expect(clear).toEqual([]);
  });

  test("a first write sends every value; an ended code is cleared", () => {
    const withCode = intendedMetafields({ ...scores, activeCode: { code: "VIP-7Q2K", endsAt: new Date("2027-01-30T00:00:00Z") } }, "USD");
    expect(metafieldChanges({}, withCode).set.map((w) => w.key)).toHaveLength(Object.keys(withCode).length);
    expect(metafieldChanges(withCode, intendedMetafields(scores, "USD")).clear).toEqual(["active_code", "active_code_expires_at"]);
  });

  test("a later rescoring that changed no value sends nothing; one that did rewrites the time with it", () => {
    const before = intendedMetafields(scores, "USD");
    const rescored = { ...scores, scoredAt: new Date(scores.scoredAt.getTime() + 3_600_000) };
    expect(metafieldChanges(before, intendedMetafields(rescored, "USD"))).toEqual({ set: [], clear: [] });
    const changed = metafieldChanges(before, intendedMetafields({ ...rescored, rfmRecency: 1 }, "USD"));
    expect(changed.set.map((w) => w.key)).toEqual(["rfm_recency", "last_scored_at"]);
  });
});
