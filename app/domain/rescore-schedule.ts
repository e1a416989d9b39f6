/** The rescoring schedule's records (pure types): persistence stores them, scoring-jobs/schedule.ts decides with them. */

/** Why a rescoring ran; "retry" is a failed one tried again. */
export type RescoreTrigger = "requested" | "backfill" | "daily" | "retry";

/** A pending request: when it was first made and when it is served. */
export interface RescoreRequest {
  readonly rescoreRequestedAt: Date | null;
  readonly rescoreDueAt: Date | null;
}

/** The shop's columns that decide. */
export interface ShopRescoreState extends RescoreRequest {
  readonly state: string;
  readonly backfillStatus: string;
  readonly backfillCompletedAt: Date | null;
  readonly lastRescoreAt: Date | null;
  readonly nextDailyRescoreAt: Date | null;
}
