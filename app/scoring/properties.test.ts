import { describe, expect, test } from "vitest";
import { createRandom } from "./math/random.ts";
import { bgNbd, mbgNbd } from "./models/bg-nbd.ts";
import { paretoNbd } from "./models/pareto-nbd.ts";
import { scoreShop } from "./score-shop.ts";
import { simulateShopOrders } from "./simulate.ts";
import { MODEL_NAMES } from "./types.ts";

/** Seeded property tests: many random parameter sets and customer histories, one invariant each. */
const SEED = 4242;
const CASES = 300;
console.log(`property test seed: ${SEED}`);

function randomCase(random: ReturnType<typeof createRandom>) {
  const params = [
    Math.exp(-3 + 4 * random.uniform()),
    Math.exp(-1 + 5 * random.uniform()),
    Math.exp(-2 + 4 * random.uniform()),
    Math.exp(-2 + 5 * random.uniform()),
  ];
  const T = 1 + 200 * random.uniform();
  const x = random.uniform() < 0.3 ? 0 : Math.floor(1 + 60 * random.uniform() ** 2);
  const tx = x === 0 ? 0 : T * random.uniform();
  return { params, x, tx, T };
}

describe.each([bgNbd, mbgNbd, paretoNbd])("$label invariants", (model) => {
  test("P(alive) stays in [0, 1]", () => {
    const random = createRandom(SEED);
    for (let k = 0; k < CASES; k++) {
      const { params, x, tx, T } = randomCase(random);
      const p = model.pAlive(params, x, tx, T);
      expect(p, JSON.stringify({ params, x, tx, T })).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
    }
  });

  test("expected purchases are non-negative and grow with the horizon", () => {
    const random = createRandom(SEED + 1);
    for (let k = 0; k < CASES; k++) {
      const { params, x, tx, T } = randomCase(random);
      let previous = 0;
      for (const t of [1, 7, 30, 90, 365]) {
        const e = model.conditionalExpectedPurchases(params, t, x, tx, T);
        expect(Number.isFinite(e), JSON.stringify({ params, x, tx, T, t })).toBe(true);
        expect(e).toBeGreaterThanOrEqual(previous - 1e-9);
        previous = e;
      }
    }
  });

  test("P(alive) falls as time passes without a purchase", () => {
    const random = createRandom(SEED + 2);
    for (let k = 0; k < CASES; k++) {
      const { params, x, tx, T } = randomCase(random);
      const now = model.pAlive(params, x, tx, T);
      const later = model.pAlive(params, x, tx, T + 30);
      if (model === bgNbd && x === 0) expect(later).toBe(1);
      else expect(later, JSON.stringify({ params, x, tx, T })).toBeLessThanOrEqual(now + 1e-12);
    }
  });
});

describe.each(MODEL_NAMES)("scoreShop with %s on a simulated shop", (model) => {
  const orders = simulateShopOrders({ seed: SEED, customers: 600, start: "2023-01-01", end: "2024-12-31" });
  const scores = scoreShop(orders, { observationEnd: "2024-12-31", model });

  test("fits the model", () => {
    expect(scores.model.method).toBe("maximum-likelihood");
  });

  test("intervals contain the point estimates and probabilities stay in [0, 1]", () => {
    for (const c of scores.customers) {
      expect(c.pAliveLow).toBeGreaterThanOrEqual(0);
      expect(c.pAliveLow).toBeLessThanOrEqual(c.pAlive);
      expect(c.pAlive).toBeLessThanOrEqual(c.pAliveHigh);
      expect(c.pAliveHigh).toBeLessThanOrEqual(1);
      expect(c.predictedClvLow).toBeLessThanOrEqual(c.predictedClv);
      expect(c.predictedClv).toBeLessThanOrEqual(c.predictedClvHigh);
      expect(c.predictedClvLow).toBeGreaterThanOrEqual(0);
    }
  });

  test("expected purchases grow with the horizon", () => {
    for (const c of scores.customers) {
      const e = c.expectedPurchases;
      expect(e.days30).toBeLessThanOrEqual(e.days90);
      expect(e.days90).toBeLessThanOrEqual(e.days365);
      expect(e.horizon).toBeCloseTo(e.days365, 12);
    }
  });
});
