/**
 * What the dashboard's model-health card shows of the shop's model choice (pure): the chosen model, why, and each
 * candidate's backtest on the same holdout, read from the ModelChoice a rescoring kept on its run
 * (docs/decisions/0110-model-choice-by-backtest.md).
 */
import type { CandidateStatus, ChoiceReason, ModelChoice } from "../scoring/index.ts";

export interface ModelChoiceSummary {
  readonly chosen: string;
  readonly previous: string | null;
  readonly changed: boolean;
  readonly reason: ChoiceReason;
  readonly calibrationEnd: string | null;
  readonly holdoutDays: number | null;
  readonly candidates: readonly {
    readonly model: string;
    readonly predicted: number;
    readonly actual: number;
    readonly error: number | null;
    readonly status: CandidateStatus;
  }[];
}

/** The card's part of a kept choice; null when there is none or it does not read as one. */
export function modelChoiceSummary(json: string | null): ModelChoiceSummary | null {
  if (json === null) return null;
  let choice: ModelChoice;
  try {
    choice = JSON.parse(json) as ModelChoice;
  } catch {
    return null;
  }
  if (typeof choice?.chosen !== "string" || !Array.isArray(choice.candidates)) return null;
  return {
    chosen: choice.chosen,
    previous: choice.previous,
    changed: choice.changed,
    reason: choice.reason,
    calibrationEnd: choice.calibrationEnd,
    holdoutDays: choice.holdoutDays,
    candidates: choice.candidates.map((c) => ({ model: c.model, predicted: c.total.predicted, actual: c.total.actual, error: c.total.error, status: c.status })),
  };
}
