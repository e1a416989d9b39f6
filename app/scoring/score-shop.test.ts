import { describe, expect, test } from "vitest";
import { CDNOW_CALIBRATION_END, loadCdnowOrders } from "../../tests/fixtures/cdnow/load.ts";
import { discountedExpectedPurchases } from "./clv/predictive.ts";
import { historicClv } from "./clv/historic.ts";
import { ScoringInputError } from "./errors.ts";
import { bgNbd } from "./models/bg-nbd.ts";
import { scoreShop, scoreSummaries, scoreSummariesInSlices } from "./score-shop.ts";
import { simulateShopOrders } from "./simulate.ts";
import { summarize } from "./summarize.ts";
import type { Order } from "./types.ts";

describe("scoreShop on CDNOW with BG/NBD (weeks)", () => {
  const scores = scoreShop(loadCdnowOrders(), {
    observationEnd: CDNOW_CALIBRATION_END,
    timeUnit: "weeks",
    model: "bgnbd",
    horizonDays: 273,
    marginPct: 30,
  });

  test("reports the published fits", () => {
    expect(scores.model.params.r).toBeCloseTo(0.243, 3);
    expect(scores.model.method).toBe("maximum-likelihood");
    expect(scores.model.confidence).toBe("high");
    expect(scores.spend.p).toBeCloseTo(6.25, 2);
    expect(scores.customers).toHaveLength(2357);
  });

  test("customer 1 (x = 2, t_x = 30.43, T = 38.86) expects about 1.226 purchases in 39 weeks", () => {
    const c = scores.customers.find((s) => s.customerId === "1")!;
    expect(c.expectedPurchases.horizon).toBeCloseTo(1.226, 2);
    expect(c.historicClv).toBe(74.02);
    expect(c.historicProfit).toBeCloseTo(22.21, 2);
    expect(c.predictedProfit).toBeCloseTo(c.predictedClv * 0.3, 10);
    expect(c.predictedClv).toBeCloseTo(
      c.expectedOrderValue * discountedExpectedPurchases(bgNbd, [0.2426, 4.4136, 0.7929, 2.4259], 2, 30.43 * 1, 38.857, 273, 0.1, 7),
      0,
    );
  });

  test("one-time buyers keep P(alive) = 1 under BG/NBD", () => {
    for (const c of scores.customers.filter((s) => s.summary.frequency === 0)) expect(c.pAlive).toBe(1);
  });
});

describe("discounting", () => {
  test("with no discount the CLV sum is E[Y(horizon)]", () => {
    const p = [0.243, 4.414, 0.793, 2.426];
    const direct = bgNbd.conditionalExpectedPurchases(p, 52, 3, 20, 38);
    expect(discountedExpectedPurchases(bgNbd, p, 3, 20, 38, 364, 0, 7)).toBeCloseTo(direct, 12);
    expect(discountedExpectedPurchases(bgNbd, p, 3, 20, 38, 364, 0.1, 7)).toBeLessThan(direct);
  });

  test("historic CLV with and without margin", () => {
    expect(historicClv(250, 40)).toEqual({ revenue: 250, profit: 100 });
    expect(historicClv(250)).toEqual({ revenue: 250, profit: null });
    expect(() => historicClv(250, 140)).toThrow("marginPct 140 is not a percentage between 0 and 100");
  });
});

describe("small and awkward shops", () => {
  const tiny: Order[] = [
    { id: "1", customerId: "a", placedAt: "2024-01-01", total: 20 },
    { id: "2", customerId: "a", placedAt: "2024-02-01", total: 30 },
    { id: "3", customerId: "b", placedAt: "2024-03-01", total: 25 },
  ];

  test("a three-order shop falls back to the pooled prior, marked low confidence", () => {
    const scores = scoreShop(tiny, { observationEnd: "2024-06-30", customerIds: ["a", "b", "c"] });
    expect(scores.model.method).toBe("pooled-prior");
    expect(scores.model.confidence).toBe("low");
    expect(scores.model.fallbackReason).toBe("2 customers; a fit needs at least 50");
    expect(scores.spend.method).toBe("pooled-prior");
    for (const c of scores.customers) {
      expect(c.confidence).toBe("low");
      expect(c.pAlive).toBeGreaterThan(0);
      expect(c.pAlive).toBeLessThanOrEqual(1);
      expect(c.predictedClvLow).toBeLessThanOrEqual(c.predictedClv);
      expect(c.predictedClvHigh).toBeGreaterThanOrEqual(c.predictedClv);
      expect(Number.isFinite(c.predictedClv)).toBe(true);
    }
    expect(scores.prospects).toEqual([{ customerId: "c", segment: "Prospects" }]);
  });

  test("a shop without any repeat purchase scores without throwing", () => {
    const orders = Array.from({ length: 200 }, (_, i) => ({
      id: String(i),
      customerId: `c${i}`,
      placedAt: `2024-0${1 + (i % 9)}-15`,
      total: 10 + (i % 7),
    }));
    for (const model of ["bgnbd", "mbgnbd", "pareto"] as const) {
      const scores = scoreShop(orders, { observationEnd: "2024-12-31", model });
      expect(scores.model.method).toBe("pooled-prior");
      expect(scores.model.fallbackReason).toMatch(/0 repeat customers/);
      expect(scores.customers.every((c) => Number.isFinite(c.predictedClv) && c.predictedClv >= 0)).toBe(true);
    }
  });

  test("an empty shop gives no customers and does not throw", () => {
    const scores = scoreShop([], { observationEnd: "2024-12-31" });
    expect(scores.customers).toEqual([]);
    expect(scores.model.method).toBe("pooled-prior");
  });

  test("a degenerate shop where everybody buys every week falls back or fits, never throws", () => {
    const orders: Order[] = [];
    for (let c = 0; c < 80; c++)
      for (let w = 0; w < 30; w++) orders.push({ id: `${c}-${w}`, customerId: `c${c}`, placedAt: new Date(Date.UTC(2024, 0, 1 + 7 * w)), total: 10 });
    expect(() => scoreShop(orders, { observationEnd: "2024-12-31" })).not.toThrow();
  });
});

describe("options and input errors", () => {
  const orders = simulateShopOrders({ seed: 1, customers: 100, start: "2024-01-01", end: "2024-06-30" });

  test.each([
    [{ horizonDays: 0 }, "horizonDays 0 is not a positive number"],
    [{ discountRate: Number.NaN }, "discountRate NaN is not a rate"],
    [{ model: "lifetimes" as never }, 'model "lifetimes" is not one of bgnbd, mbgnbd, pareto'],
    [{ marginPct: -5 }, "marginPct -5 is not a percentage"],
    [{ intervalLevel: 1 }, "intervalLevel 1 is not in (0, 1)"],
  ])("rejects %o", (patch, message) => {
    expect(() => scoreShop(orders, { observationEnd: "2024-06-30", ...patch })).toThrow(ScoringInputError);
    expect(() => scoreShop(orders, { observationEnd: "2024-06-30", ...patch })).toThrow(message);
  });

  test("scoreSummaries rejects a summary with recency beyond age", () => {
    const [first] = summarize(orders, { observationEnd: "2024-06-30" });
    expect(() => scoreSummaries([{ ...first!, frequency: 1, recency: first!.age + 1 }], { observationEnd: "2024-06-30" })).toThrow(/recency .* is greater than age/);
  });

  test("scoreSummaries on SQL-style summaries equals scoreShop on the orders", () => {
    const a = scoreShop(orders, { observationEnd: "2024-06-30", model: "bgnbd" });
    const b = scoreSummaries(summarize(orders, { observationEnd: "2024-06-30" }), { observationEnd: "2024-06-30", model: "bgnbd" });
    expect(b.customers).toEqual(a.customers);
  });
});

describe("scoring in slices", () => {
  test("gives the same scores as scoring at once, pausing between slices", async () => {
    const summaries = summarize(loadCdnowOrders(), { observationEnd: CDNOW_CALIBRATION_END, timeUnit: "weeks" });
    const options = { observationEnd: CDNOW_CALIBRATION_END, timeUnit: "weeks" as const, customerIds: ["no-orders"] };
    let pauses = 0;
    const sliced = await scoreSummariesInSlices(summaries, options, {
      sliceSize: 500,
      pause: async () => {
        pauses++;
      },
    });
    expect(pauses).toBe(Math.ceil(summaries.length / 500) - 1);
    expect(sliced).toEqual(scoreSummaries(summaries, options));
  });
});

test("the expected days between purchases are 1/E[λ] = (α+T)/(r+x): more frequent buyers have shorter cycles", () => {
  const orders = simulateShopOrders({ seed: 11, customers: 300, start: "2024-01-01", end: "2025-12-31" });
  const scores = scoreShop(orders, { observationEnd: "2026-01-01" });
  const params = scores.model.params;
  for (const customer of scores.customers.slice(0, 50)) {
    const { frequency: x, age: T } = customer.summary;
    if (customer.confidence === "low") continue;
    expect(customer.expectedDaysBetweenPurchases).toBeCloseTo((params.alpha! + T) / (params.r! + x), 6);
  }
  const byFrequency = [...scores.customers].sort((a, b) => a.summary.frequency - b.summary.frequency);
  const median = (list: typeof byFrequency) => list.map((c) => c.expectedDaysBetweenPurchases).sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
  expect(median(byFrequency.slice(-50))).toBeLessThan(median(byFrequency.slice(0, 50)));
});
