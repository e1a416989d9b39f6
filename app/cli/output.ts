import type { BacktestResult, ModelChoice, ShopScores } from "../scoring/index.ts";

/** The `--json` document: the shape promised in the CLI's usage text, plus the backtest when there is a holdout. */
export function toJsonDocument(scores: ShopScores, holdout: BacktestResult | null): unknown {
  return {
    model: {
      name: scores.model.name,
      params: scores.model.params,
      logLikelihood: scores.model.logLikelihood,
      converged: scores.model.converged,
      method: scores.model.method,
      confidence: scores.model.confidence,
      fallbackReason: scores.model.fallbackReason,
      standardErrors: scores.model.standardErrors,
      timeUnit: scores.timeUnit,
    },
    spend: {
      p: scores.spend.p,
      q: scores.spend.q,
      gamma: scores.spend.gamma,
      logLikelihood: scores.spend.logLikelihood,
      method: scores.spend.method,
      confidence: scores.spend.confidence,
      customersUsed: scores.spend.customersUsed,
    },
    observationEnd: scores.observationEnd,
    horizonDays: scores.horizonDays,
    discountRate: scores.discountRate,
    intervalLevel: scores.intervalLevel,
    customers: scores.customers.map((c) => ({
      id: c.customerId,
      frequency: c.summary.frequency,
      recency: c.summary.recency,
      T: c.summary.age,
      monetary: c.summary.monetary,
      pAlive: c.pAlive,
      expectedPurchases: c.expectedPurchases.horizon,
      predictedClv: c.predictedClv,
      predictedClvLow: c.predictedClvLow,
      predictedClvHigh: c.predictedClvHigh,
      rfm: c.rfm,
      segment: c.segment,
      pAliveLow: c.pAliveLow,
      pAliveHigh: c.pAliveHigh,
      expectedOrderValue: c.expectedOrderValue,
      historicClv: c.historicClv,
      expectedNextPurchase: c.expectedNextPurchase,
      confidence: c.confidence,
    })),
    ...(scores.choice === null ? {} : { choice: scores.choice }),
    ...(holdout === null ? {} : { backtest: holdout }),
  };
}

const count = (v: number) => Math.round(v).toLocaleString("en-US");
const percent = (v: number | null) => (v === null ? "n/a" : `${v >= 0 ? "+" : ""}${(100 * v).toFixed(1)}%`);

/** The model choice in words and a table of the candidates' backtest figures. */
export function choiceSummary(choice: ModelChoice): string {
  const out: string[] = [];
  if (choice.holdoutDays === null) {
    out.push(`Model choice: ${choice.chosen} (${choice.reason}: ${choice.reasonText})`);
    return out.join("\n");
  }
  const weeks = choice.holdoutDays / 7;
  const span = Number.isInteger(weeks) ? `${weeks} weeks` : `${choice.holdoutDays} days`;
  out.push(
    `Model choice: backtest on the last ${span} before ${choice.holdoutEnd} (calibration to ${choice.calibrationEnd}, ${choice.customers} customers; purchase cycle ${choice.purchaseCycleDays} days)`,
  );
  out.push(
    table(
      [
        ["Model", "Predicted", "Actual", "Error", "Group error", "Log score", "vs best", "Status"],
        ...choice.candidates.map((c) => [
          c.label,
          c.total.predicted.toFixed(1),
          String(c.total.actual),
          percent(c.total.error),
          c.frequencyGroupError === null ? "n/a" : `${(100 * c.frequencyGroupError).toFixed(1)}%`,
          c.logScore.toFixed(4),
          Number.isNaN(c.logScoreDeficit) ? "n/a" : c.logScoreDeficit === 0 ? "best" : `−${c.logScoreDeficit.toFixed(4)} ± ${c.logScoreStandardError.toFixed(4)}`,
          c.status,
        ]),
      ],
      [false, true, true, true, true, true, true, false],
    ),
  );
  for (const c of choice.candidates) {
    out.push(`  ${c.label}: predicted ${count(c.total.predicted)} repeat orders for the last ${span}; there were ${count(c.total.actual)}.`);
  }
  out.push(`Chosen: ${choice.chosen} (${choice.reason}): ${choice.reasonText}`);
  return out.join("\n");
}

const money = (v: number) => v.toFixed(2);

function table(rows: readonly (readonly string[])[], rightAligned: readonly boolean[]): string {
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, j) => (rightAligned[j] ? cell.padStart(widths[j]!) : cell.padEnd(widths[j]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** A summary for people: the fitted models, the segments, and the customers with the highest predicted CLV. */
export function toReadableSummary(scores: ShopScores, holdout: BacktestResult | null, top = 20): string {
  const m = scores.model;
  const out: string[] = [];
  const unit = scores.timeUnit;
  out.push(
    `Observation end ${scores.observationEnd}; times in ${unit}; horizon ${scores.horizonDays} days; discount ${(scores.discountRate * 100).toFixed(1)}%/year`,
  );
  const params = Object.entries(m.params)
    .map(([k, v]) => `${k} = ${v.toFixed(4)}`)
    .join(", ");
  out.push(`${m.label}: ${params}; log-likelihood ${m.logLikelihood.toFixed(2)}; ${m.method}${m.fallbackReason ? ` (${m.fallbackReason})` : ""}`);
  const s = scores.spend;
  out.push(
    `Gamma-Gamma spend: p = ${s.p.toFixed(4)}, q = ${s.q.toFixed(4)}, gamma = ${s.gamma.toFixed(4)}; ${s.method}${s.fallbackReason ? ` (${s.fallbackReason})` : ""}`,
  );
  out.push(`Customers: ${scores.customers.length} (${m.repeatCustomers} with repeat purchases)`);
  out.push("");
  if (scores.choice !== null) {
    out.push(choiceSummary(scores.choice));
    out.push("");
  }

  const counts = new Map<string, { n: number; clv: number }>();
  for (const c of scores.customers) {
    const e = counts.get(c.segment) ?? { n: 0, clv: 0 };
    e.n += 1;
    e.clv += c.predictedClv;
    counts.set(c.segment, e);
  }
  const segmentRows = [...counts.entries()].sort((a, b) => b[1].n - a[1].n);
  out.push(table([["Segment", "Customers", "Predicted CLV"], ...segmentRows.map(([name, e]) => [name, String(e.n), money(e.clv)])], [false, true, true]));
  out.push("");

  const best = [...scores.customers].sort((a, b) => b.predictedClv - a.predictedClv).slice(0, top);
  out.push(`Top ${best.length} customers by predicted CLV`);
  out.push(
    table(
      [
        [
          "Customer",
          "x",
          `t_x (${unit})`,
          `T (${unit})`,
          "P(alive)",
          "E[purchases]",
          "CLV",
          `${Math.round(scores.intervalLevel * 100)}% interval`,
          "RFM",
          "Segment",
        ],
        ...best.map((c) => [
          c.customerId,
          String(c.summary.frequency),
          c.summary.recency.toFixed(2),
          c.summary.age.toFixed(2),
          c.pAlive.toFixed(3),
          c.expectedPurchases.horizon.toFixed(3),
          money(c.predictedClv),
          `${money(c.predictedClvLow)}–${money(c.predictedClvHigh)}`,
          `${c.rfm.r}${c.rfm.f}${c.rfm.m}`,
          c.segment,
        ]),
      ],
      [false, true, true, true, true, true, true, true, false, false],
    ),
  );

  if (holdout !== null) {
    out.push("");
    out.push(
      `Backtest: holdout ${holdout.calibrationEnd} → ${holdout.holdoutEnd}: repeat purchases actual ${holdout.total.actual}, predicted ${holdout.total.predicted.toFixed(1)}`,
    );
    out.push(
      table(
        [
          ["x in calibration", "Customers", "Actual (mean)", "Predicted (mean)"],
          ...holdout.byFrequency.map((g) => [g.frequency, String(g.customers), g.actual.toFixed(3), g.predicted.toFixed(3)]),
        ],
        [false, true, true, true],
      ),
    );
  }
  return `${out.join("\n")}\n`;
}
