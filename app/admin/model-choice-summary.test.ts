import { expect, test } from "vitest";
import { chooseModel, simulateShopOrders } from "../scoring/index.ts";
import { modelChoiceSummary } from "./model-choice-summary.ts";

test("the card's part of a kept choice: the chosen model, why, and each candidate's holdout totals", () => {
  const orders = simulateShopOrders({ seed: 5, customers: 400, start: "2024-01-01", end: "2025-06-30" });
  const choice = chooseModel(orders, { observationEnd: "2025-06-30", currentModel: "mbgnbd" });
  const summary = modelChoiceSummary(JSON.stringify(choice));
  expect(summary).toMatchObject({ chosen: choice.chosen, previous: "mbgnbd", reason: choice.reason, holdoutDays: choice.holdoutDays });
  expect(summary!.candidates.map((c) => c.model)).toEqual(choice.candidates.map((c) => c.model));
  for (const [i, c] of summary!.candidates.entries()) {
    expect(c).toEqual({
      model: choice.candidates[i]!.model,
      predicted: choice.candidates[i]!.total.predicted,
      actual: choice.candidates[i]!.total.actual,
      error: choice.candidates[i]!.total.error,
      status: choice.candidates[i]!.status,
    });
  }
  expect(summary!.candidates.filter((c) => c.status === "chosen").map((c) => c.model)).toEqual([choice.chosen]);
});

test("nothing kept, or something that is not a choice, shows no choice", () => {
  expect(modelChoiceSummary(null)).toBeNull();
  expect(modelChoiceSummary("{not json")).toBeNull();
  expect(modelChoiceSummary(JSON.stringify({ model: "bgnbd" }))).toBeNull();
});
