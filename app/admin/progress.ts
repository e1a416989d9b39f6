/** How far the backfill and a rescoring are (pure), as shares of 1 for the admin's progress bars. */

export interface RescoreProgress {
  readonly status: string;
  readonly phase: string | null;
  readonly rowsWritten: number | null;
  readonly rowsTotal: number | null;
}

/**
 * A running rescoring's share done: summarising the orders is quick, the day's model choice (a backtest of each
 * candidate) takes a little longer (to 10%), fitting and scoring takes about as long as writing the scores (to 50%),
 * and the writing is counted by rows. Null when no rescoring runs.
 */
export function rescoreShare(run: RescoreProgress | null): number | null {
  if (!run || run.status !== "running") return null;
  if (run.phase === "writing" && run.rowsTotal) return 0.5 + 0.5 * Math.min(1, (run.rowsWritten ?? 0) / run.rowsTotal);
  if (run.phase === "scoring") return 0.1;
  if (run.phase === "choosing") return 0.05;
  return 0.02;
}

/** The backfill's share done, null when it is not running or Shopify has not said how many rows there are. */
export function backfillShare(backfill: { status: string; rowsDone: number; rowsTotal: number | null } | null): number | null {
  if (!backfill || backfill.status !== "running" || !backfill.rowsTotal) return null;
  return Math.min(1, backfill.rowsDone / backfill.rowsTotal);
}
