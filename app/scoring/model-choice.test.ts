import { describe, expect, test } from "vitest";
import { CDNOW_CALIBRATION_END, loadCdnowOrders } from "../../tests/fixtures/cdnow/load.ts";
import { CANDIDATE_MODELS, chooseHoldoutDays, chooseModel, type ModelChoice } from "./model-choice.ts";
import { scoreShop } from "./score-shop.ts";
import { simulateShopOrders } from "./simulate.ts";
import type { ModelName, Order } from "./types.ts";

const cdnow = loadCdnowOrders();
const options = { observationEnd: CDNOW_CALIBRATION_END, timeUnit: "weeks" } as const;

describe("chooseModel on CDNOW (history to 1997-09-30)", () => {
  const choice = chooseModel(cdnow, options);

  test("holds out three purchase cycles (27 days) in whole weeks, within 8 weeks and a third of the history", () => {
    expect(choice.purchaseCycleDays).toBe(27);
    expect(choice.holdoutDays).toBe(84);
    expect(choice.calibrationEnd).toBe("1997-07-08");
    expect(choice.customers).toBeLessThanOrEqual(2357);
    expect(choice.candidates.map((c) => c.model)).toEqual(CANDIDATE_MODELS);
  });

  test("every candidate's figures add up: groups to the total, one actual for all", () => {
    const actual = choice.candidates[0]!.total.actual;
    for (const c of choice.candidates) {
      expect(c.total.actual).toBe(actual);
      const predicted = c.byFrequency.reduce((s, g) => s + g.customers * g.predicted, 0);
      const observed = c.byFrequency.reduce((s, g) => s + g.customers * g.actual, 0);
      expect(predicted).toBeCloseTo(c.total.predicted, 6);
      expect(observed).toBeCloseTo(actual, 9);
      expect(c.total.error).toBeCloseTo((c.total.predicted - actual) / actual, 12);
      expect(c.logScore).toBeLessThan(0);
      expect(c.method).toBe("maximum-likelihood");
    }
    // MBG/CNBD-k finds k = 1 on the calibration part too, so it predicts what MBG/NBD predicts
    const mbg = choice.candidates.find((c) => c.model === "mbgnbd")!;
    const regular = choice.candidates.find((c) => c.model === "mbgcnbd")!;
    expect(regular.params.k).toBe(1);
    expect(regular.total.predicted).toBeCloseTo(mbg.total.predicted, 4);
  });

  test("exactly one candidate is chosen, the others are labelled; the result survives JSON", () => {
    expect(choice.candidates.filter((c) => c.status === "chosen").map((c) => c.model)).toEqual([choice.chosen]);
    expect(choice.reason).toBe("initial-choice");
    expect(choice.changed).toBe(false);
    expect(JSON.parse(JSON.stringify(choice))).toEqual(choice);
  });

  test("orders after the observation end do not influence the choice or its figures", () => {
    const before = cdnow.filter((o) => String(o.placedAt) <= CDNOW_CALIBRATION_END);
    expect(before.length).toBeLessThan(cdnow.length);
    // the holdout orders moved, doubled and grown: nothing before the end changes
    const altered: Order[] = [
      ...before,
      ...cdnow
        .filter((o) => String(o.placedAt) > CDNOW_CALIBRATION_END)
        .flatMap((o) => [
          { ...o, total: o.total * 3 },
          { ...o, id: `${o.id}-again`, placedAt: "1998-01-15" },
        ]),
    ];
    const onlyBefore = chooseModel(before, options);
    expect(onlyBefore).toEqual(choice);
    expect(chooseModel(altered, options)).toEqual(choice);
    const scored = scoreShop(altered, { ...options, model: "auto" });
    expect(scored.choice).toEqual(choice);
    expect(scored.model.name).toBe(choice.chosen);
  });

  test("keeps a current model within noise of the best, and says so", () => {
    const runnerUp = choice.candidates.find((c) => c.status === "within-noise" && c.model !== "mbgcnbd")!;
    expect(runnerUp).toBeDefined();
    const kept = chooseModel(cdnow, { ...options, currentModel: runnerUp.model });
    expect(kept.chosen).toBe(runnerUp.model);
    expect(kept.reason).toBe("kept-current");
    expect(kept.changed).toBe(false);
    expect(kept.reasonText).toContain("within noise");
  });
});

describe("chooseModel stability and edge cases", () => {
  const regularShop = simulateShopOrders({
    seed: 11,
    customers: 3000,
    start: "2023-01-01",
    end: "2024-06-30",
    model: "mbgcnbd",
    erlangK: 3,
    purchase: [1.8, 20, 0.5, 1.5],
  });

  test("replaces a current model that another beats by a clear margin, and records why (seed 11)", () => {
    const choice = chooseModel(regularShop, { observationEnd: "2024-06-30", currentModel: "bgnbd" });
    expect(choice.chosen).toBe("mbgcnbd");
    expect(choice.changed).toBe(true);
    expect(choice.previous).toBe("bgnbd");
    expect(choice.reason).toBe("current-outperformed");
    expect(choice.reasonText).toMatch(/replaces BG\/NBD/);
    // and scoreShop refits the chosen model, k included, on the whole history
    const scored = scoreShop(regularShop, { observationEnd: "2024-06-30", model: "auto", currentModel: "bgnbd" });
    expect(scored.model.name).toBe("mbgcnbd");
    expect(scored.model.params.k).toBe(3);
  });

  test("a history too short for an 8-week holdout keeps the current model, else the default", () => {
    const short = simulateShopOrders({ seed: 3, customers: 300, start: "2024-05-01", end: "2024-06-30" });
    const first = chooseModel(short, { observationEnd: "2024-06-30" });
    expect(first.reason).toBe("history-too-short");
    expect(first.chosen).toBe("mbgnbd");
    expect(first.candidates).toEqual([]);
    expect(chooseModel(short, { observationEnd: "2024-06-30", currentModel: "pareto" }).chosen).toBe("pareto");
  });

  test("holdout length: three cycles in weeks, clamped to [8 weeks, a third of the history]", () => {
    expect(chooseHoldoutDays(0, 900, 30)).toBe(91);
    expect(chooseHoldoutDays(0, 900, 5)).toBe(56);
    expect(chooseHoldoutDays(0, 900, 200)).toBe(300);
    expect(chooseHoldoutDays(0, 150, 30)).toBeNull();
    expect(chooseHoldoutDays(0, 900, null)).toBeNull();
  });
});

/**
 * Property: on shops simulated from each candidate (3,000 customers over 18 months), the choice recovers the
 * generating model in most seeds. The shares and seeds are printed and in the test names.
 */
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const GENERATORS: Readonly<Record<ModelName, { purchase: [number, number, number, number]; erlangK?: number }>> = {
  bgnbd: { purchase: [0.6, 20, 0.5, 1.5] },
  mbgnbd: { purchase: [0.6, 20, 0.5, 1.5] },
  // s, β of the dropout rate: a mean lifetime of 150 days
  pareto: { purchase: [0.6, 20, 0.6, 90] },
  mbgcnbd: { purchase: [1.8, 20, 0.5, 1.5], erlangK: 3 },
};

describe.each(CANDIDATE_MODELS)(`choice recovers the generating model (seeds ${SEEDS.join(", ")})`, (generating) => {
  test(`on shops simulated from ${generating}`, () => {
    const picks: ModelChoice["chosen"][] = SEEDS.map(
      (seed) =>
        chooseModel(simulateShopOrders({ seed, customers: 3000, start: "2023-01-01", end: "2024-06-30", model: generating, ...GENERATORS[generating] }), {
          observationEnd: "2024-06-30",
        }).chosen,
    );
    const share = picks.filter((p) => p === generating).length / SEEDS.length;
    console.log(`model recovery, ${generating}: ${(100 * share).toFixed(0)}% (seeds ${SEEDS.join(", ")} → ${picks.join(", ")})`);
    expect(share).toBeGreaterThan(0.5);
  });
});
