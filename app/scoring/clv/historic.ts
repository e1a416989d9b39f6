import { ScoringInputError } from "../errors.ts";

export interface HistoricClv {
  /** Net revenue to date: order totals less refunds, cancelled and test orders excluded. */
  readonly revenue: number;
  /** revenue × margin, or null when no margin was given. */
  readonly profit: number | null;
}

/**
 * Historic customer lifetime value: what the customer has brought in so far, in the shop's currency.
 * With a gross margin percentage it also gives the profit CLV, revenue · marginPct / 100.
 *
 * @throws {ScoringInputError} when marginPct is outside [0, 100] or netSpend is negative or not finite.
 * @example historicClv(250, 40) // { revenue: 250, profit: 100 }
 */
export function historicClv(netSpend: number, marginPct?: number): HistoricClv {
  if (!Number.isFinite(netSpend) || netSpend < 0) throw new ScoringInputError(`netSpend ${netSpend} is negative or not finite`);
  checkMargin(marginPct);
  return { revenue: netSpend, profit: marginPct === undefined ? null : roundCents((netSpend * marginPct) / 100) };
}

export function checkMargin(marginPct: number | undefined): void {
  if (marginPct !== undefined && !(Number.isFinite(marginPct) && marginPct >= 0 && marginPct <= 100)) {
    throw new ScoringInputError(`marginPct ${marginPct} is not a percentage between 0 and 100`);
  }
}

function roundCents(v: number): number {
  return Math.round(v * 100) / 100;
}
