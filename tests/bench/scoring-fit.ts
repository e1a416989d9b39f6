/**
 * Times the scoring engine on this machine and prints one line per measurement (median of several runs).
 *
 *   npx tsx tests/bench/scoring-fit.ts                      # CDNOW fits and a full CDNOW scoring
 *   npx tsx tests/bench/scoring-fit.ts --synthetic 100000   # plus an in-memory synthetic shop of that many customers
 *
 * Target: the CDNOW BG/NBD fit under 100 ms, the Pareto/NBD fit under 50 ms. Records `scoring.cdnow.<model>.fit_ms`
 * (bgnbd, mbgnbd, pareto, mbgcnbd with k estimated), `scoring.cdnow.auto.choose_ms` (chooseModel on the CDNOW
 * history to 1997-09-30) and `scoring.inactive.pareto.fit_ms` (the Pareto/NBD fit on a shop whose 2,000 customers
 * all stopped buying 22 months before the observation end: the ₂F₁ argument nears 1 there, 25 s with the power
 * series it used before, decision 0111) in bench/results.json.
 */
import { parseArgs } from "node:util";
import { chooseModel, fitGammaGamma, logIntervalSum, scoreShop, simulateShopOrders, summarize, type Order } from "../../app/scoring/index.ts";
import { createRandom } from "../../app/scoring/math/random.ts";
import { toDayNumber } from "../../app/scoring/dates.ts";
import { fitMbgCnbd } from "../../app/scoring/models/fit-mbg-cnbd.ts";
import { collectPurchaseDays } from "../../app/scoring/summarize.ts";
import { bgNbd, mbgNbd } from "../../app/scoring/models/bg-nbd.ts";
import { fitTransactionModel } from "../../app/scoring/models/fit.ts";
import { paretoNbd } from "../../app/scoring/models/pareto-nbd.ts";
import { compressPatterns } from "../../app/scoring/models/patterns.ts";
import { CDNOW_CALIBRATION_END, loadCdnowOrders } from "../fixtures/cdnow/load.ts";
import { recordFigures } from "./results.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "15" }, synthetic: { type: "string" } } });
const runs = Number(values.runs);

function median(label: string, fn: () => unknown, n = runs, warmup = 3): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const m = times[Math.floor(times.length / 2)]!;
  console.log(`${label.padEnd(52)} median ${m.toFixed(1).padStart(8)} ms  (min ${times[0]!.toFixed(1)}, max ${times.at(-1)!.toFixed(1)}, ${n} runs)`);
  return m;
}

const orders = loadCdnowOrders();
const summaries = summarize(orders, { observationEnd: CDNOW_CALIBRATION_END, timeUnit: "weeks" });
const patterns = compressPatterns(summaries, logIntervalSum(collectPurchaseDays(orders, toDayNumber(CDNOW_CALIBRATION_END)), 7));

console.log(`node ${process.versions.node}; CDNOW: ${orders.length} orders, ${summaries.length} customers, ${patterns.size} patterns`);
const bg = median("CDNOW BG/NBD fit (incl. Hessian)", () => fitTransactionModel(bgNbd, patterns));
median("CDNOW BG/NBD fit from orders (summarise + compress + fit)", () =>
  fitTransactionModel(bgNbd, compressPatterns(summarize(orders, { observationEnd: CDNOW_CALIBRATION_END, timeUnit: "weeks" }))),
);
const mbg = median("CDNOW MBG/NBD fit", () => fitTransactionModel(mbgNbd, patterns));
const pareto = median("CDNOW Pareto/NBD fit (analytic gradient)", () => fitTransactionModel(paretoNbd, patterns));
const regular = median("CDNOW MBG/CNBD-k fit (k = 1, 2, ... until the likelihood falls twice)", () => fitMbgCnbd(patterns));
const choose = median(
  "CDNOW chooseModel (4 candidates, 12-week holdout)",
  () => chooseModel(orders, { observationEnd: CDNOW_CALIBRATION_END, timeUnit: "weeks" }),
  5,
  1,
);
median("CDNOW Gamma-Gamma fit", () => fitGammaGamma(summaries));
const inactivePatterns = compressPatterns(summarize(inactiveShop(), { observationEnd: "2024-12-31" }));
const inactive = median("inactive shop Pareto/NBD fit (2,000 customers, none since 2023-03)", () => fitTransactionModel(paretoNbd, inactivePatterns), 5, 1);
median(
  "CDNOW scoreShop, BG/NBD (all customers, intervals)",
  () => scoreShop(orders, { observationEnd: CDNOW_CALIBRATION_END, timeUnit: "weeks", model: "bgnbd" }),
  5,
  1,
);

if (values.synthetic !== undefined) {
  const customers = Number(values.synthetic);
  const shop = simulateShopOrders({ seed: 1, customers, start: "2022-01-01", end: "2024-12-31" });
  console.log(`synthetic shop: ${customers} customers, ${shop.length} orders (seed 1)`);
  for (const model of ["mbgnbd", "bgnbd", "pareto", "mbgcnbd"] as const) {
    median(`synthetic scoreShop, ${model}`, () => scoreShop(shop, { observationEnd: "2024-12-31", model }), 1, 0);
  }
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

console.log(`CDNOW BG/NBD fit: ${bg.toFixed(1)} ms (target < 100 ms) ${bg < 100 ? "OK" : "SLOW"}`);
console.log(`CDNOW Pareto/NBD fit: ${pareto.toFixed(1)} ms (target < 50 ms) ${pareto < 50 ? "OK" : "SLOW"}`);
recordFigures([
  { name: "scoring.cdnow.bgnbd.fit_ms", value: round(bg), unit: "ms" },
  { name: "scoring.cdnow.mbgnbd.fit_ms", value: round(mbg), unit: "ms" },
  { name: "scoring.cdnow.pareto.fit_ms", value: round(pareto), unit: "ms" },
  { name: "scoring.cdnow.mbgcnbd.fit_ms", value: round(regular), unit: "ms" },
  { name: "scoring.cdnow.auto.choose_ms", value: round(choose), unit: "ms" },
  { name: "scoring.inactive.pareto.fit_ms", value: round(inactive), unit: "ms" },
]);

/** 2,000 customers with 1 to 4 orders each in January and February 2023, and none after (seed 1). */
function inactiveShop(): Order[] {
  const random = createRandom(1);
  const out: Order[] = [];
  for (let c = 0; c < 2000; c++) {
    const n = 1 + Math.floor(random.uniform() * 4);
    for (let k = 0; k < n; k++) {
      const day = Math.floor(random.uniform() * 59);
      out.push({ id: `${c}-${k}`, customerId: `c${c}`, placedAt: new Date(Date.UTC(2023, 0, 1 + day)), total: 10 + 50 * random.uniform() });
    }
  }
  return out;
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
