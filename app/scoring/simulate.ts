import { dayNumberToIso, toDayNumber } from "./dates.ts";
import type { GammaGammaParams } from "./models/gamma-gamma.ts";
import { createRandom, type Random } from "./math/random.ts";
import type { ModelName, Order } from "./types.ts";

export interface SimulatedCustomer {
  readonly frequency: number;
  readonly recency: number;
  readonly age: number;
  /** Values of the repeat purchases, in order. */
  readonly repeatValues: number[];
}

/**
 * Draws one customer's calibration history from the BG/NBD generative story (Fader, Hardie & Lee 2005 §3):
 * λ ~ Gamma(r, α), p ~ Beta(a, b); purchases at Poisson(λ) times after the first one at 0; after each repeat
 * purchase the customer drops out with probability p. When `spend` is given, each purchase value is Gamma(p, ν)
 * with ν ~ Gamma(q, γ) per customer (the Gamma-Gamma story).
 */
export function simulateBgNbdCustomer(
  random: Random,
  params: readonly [r: number, alpha: number, a: number, b: number],
  age: number,
  spend?: GammaGammaParams,
): SimulatedCustomer {
  const [r, alpha, a, b] = params;
  const lambda = random.gamma(r, alpha);
  const p = random.beta(a, b);
  const nu = spend ? random.gamma(spend.q, spend.gamma) : 0;
  let t = 0;
  let frequency = 0;
  let recency = 0;
  const repeatValues: number[] = [];
  for (;;) {
    t += random.exponential(lambda);
    if (t > age) break;
    frequency += 1;
    recency = t;
    if (spend) repeatValues.push(random.gamma(spend.p, nu));
    if (random.uniform() < p) break;
  }
  return { frequency, recency, age, repeatValues };
}

export interface SyntheticShopOptions {
  readonly seed: number;
  readonly customers: number;
  /** First day customers can arrive, `YYYY-MM-DD`. */
  readonly start: string;
  /** Last day of the history, `YYYY-MM-DD`. */
  readonly end: string;
  /**
   * The purchase model's parameters with α (and β) in days, in the model's order: [r, α, a, b] for the beta-geometric
   * models, [r, α, s, β] for Pareto/NBD. Default: CDNOW's BG/NBD shape, r = 0.243, α = 30.9, a = 0.793, b = 2.426.
   */
  readonly purchase?: readonly [number, number, number, number];
  /** The generating purchase model. Default "bgnbd". */
  readonly model?: ModelName;
  /** MBG/CNBD-k's k (Erlang-k times between purchases, each phase at rate λ). Default 1. */
  readonly erlangK?: number;
  /** Default: CDNOW's spend, p = 6.25, q = 3.74, γ = 15.44. */
  readonly spend?: GammaGammaParams;
}

/**
 * A synthetic shop's orders, drawn customer by customer from a purchase model + Gamma-Gamma with a seed: for tests,
 * demos and benchmarks. Customers arrive uniformly between `start` and `end`; order times fall on whole days.
 *
 * The stories: BG/NBD drops out with probability p ~ Beta(a, b) after each repeat purchase; MBG/NBD after every
 * purchase, the first included; MBG/CNBD-k too, with Erlang-k times between purchases (k phases at rate λ); Pareto/NBD
 * after an exponential lifetime of rate μ ~ Gamma(s, β). Purchases are Poisson at rate λ ~ Gamma(r, α) while alive.
 */
export function simulateShopOrders(options: SyntheticShopOptions): Order[] {
  const random = createRandom(options.seed);
  const purchase = options.purchase ?? [0.243, 30.9, 0.793, 2.426];
  const spend = options.spend ?? { p: 6.25, q: 3.74, gamma: 15.44 };
  const model = options.model ?? "bgnbd";
  const k = model === "mbgcnbd" ? (options.erlangK ?? 1) : 1;
  const dropsAtFirst = model === "mbgnbd" || model === "mbgcnbd";
  const startDay = toDayNumber(options.start);
  const endDay = toDayNumber(options.end);
  const orders: Order[] = [];
  for (let c = 0; c < options.customers; c++) {
    const first = startDay + Math.floor(random.uniform() * (endDay - startDay + 1));
    const customerId = `c${c + 1}`;
    const [r, alpha, a, b] = purchase;
    const lambda = random.gamma(r, alpha);
    // Pareto/NBD: a = s, b = β of the dropout rate; the others: p ~ Beta(a, b)
    const p = model === "pareto" ? 0 : random.beta(a, b);
    const lifetime = model === "pareto" ? random.exponential(random.gamma(a, b)) : Infinity;
    const nu = random.gamma(spend.q, spend.gamma);
    let t = 0;
    let n = 0;
    const push = (day: number) => {
      n += 1;
      orders.push({
        id: `${customerId}-${n}`,
        customerId,
        placedAt: dayNumberToIso(day),
        total: Math.round(random.gamma(spend.p, nu) * 100) / 100,
      });
    };
    push(first);
    if (dropsAtFirst && random.uniform() < p) continue;
    for (;;) {
      t += k === 1 ? random.exponential(lambda) : random.gamma(k, lambda);
      if (t > lifetime) break;
      const day = first + Math.floor(t);
      if (day > endDay) break;
      push(day);
      if (model !== "pareto" && random.uniform() < p) break;
    }
  }
  return orders;
}
