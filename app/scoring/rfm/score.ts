import type { CustomerSummary, RfmScore } from "../types.ts";
import { quintileScores } from "./quintiles.ts";

/**
 * RFM scores of a shop's customers, in input order: R from days since the last order (fewer is better),
 * F from the number of orders, M from net spend, each by `quintileScores` within the given customers.
 */
export function rfmScores(summaries: readonly CustomerSummary[]): RfmScore[] {
  const r = quintileScores(
    summaries.map((s) => s.daysSinceLastOrder),
    false,
  );
  const f = quintileScores(
    summaries.map((s) => s.orderCount),
    true,
  );
  const m = quintileScores(
    summaries.map((s) => s.netSpend),
    true,
  );
  return summaries.map((_, i) => ({ r: r[i]!, f: f[i]!, m: m[i]! }));
}
