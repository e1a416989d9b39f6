/**
 * The scoring engine's public API. Pure TypeScript: no I/O, no clock (the observation end is always an argument),
 * nothing imported from outside `app/scoring`.
 *
 * Typical use by a rescoring job:
 *
 *   const scores = scoreShop(orders, { observationEnd: "2025-06-30", marginPct: 40 });
 *   // the model chosen by a backtest on the shop's own history, kept unless another wins clearly:
 *   const scores = scoreShop(orders, { observationEnd: "2025-06-30", model: "auto", currentModel: "mbgnbd" });
 *   // or, with summaries aggregated in SQL:
 *   const scores = scoreSummaries(summaries, { observationEnd: "2025-06-30" });
 */
export { scoreShop, scoreSummaries, scoreSummariesInSlices } from "./score-shop.ts";
export type { CustomerScore, ExpectedPurchases, ProspectScore, ScoreOptions, ScoreShopOptions, ShopScores } from "./score-shop.ts";
export { CANDIDATE_MODELS, CHOICE_RULE, chooseHoldoutDays, chooseModel, ESTIMATED_PARAMETERS } from "./model-choice.ts";
export type { CandidateBacktest, CandidateStatus, ChoiceReason, ModelChoice, ModelChoiceOptions } from "./model-choice.ts";
export { logIntervalSum, medianInterPurchaseDays } from "./regularity.ts";
export { MAX_ERLANG_K } from "./models/mbg-cnbd.ts";
export { backtest } from "./backtest.ts";
export type { BacktestOptions, BacktestResult, FrequencyGroup, PeriodComparison } from "./backtest.ts";
export { collectPurchaseDays, summarize, validateSummaries } from "./summarize.ts";
export type { SummarizeOptions } from "./summarize.ts";
export { rfmScores } from "./rfm/score.ts";
export { quintileScores } from "./rfm/quintiles.ts";
export { SHOPIFY_RFM_GROUPS_V1 } from "./rfm/segment-rules.ts";
export type { ScoreRange, SegmentRule, SegmentTable } from "./rfm/segment-rules.ts";
export { checkSegmentTable, segmentFor } from "./rfm/segments.ts";
export {
  DEFAULT_SEGMENT_GRID,
  GRID_FM_BANDS,
  GRID_RECENCY,
  GRID_SEGMENT_NAMES,
  SHOP_GRID_TABLE_ID,
  segmentGridOf,
  segmentGridProblems,
  segmentTableOfGrid,
} from "./rfm/segment-grid.ts";
export type { SegmentGrid } from "./rfm/segment-grid.ts";
export { historicClv } from "./clv/historic.ts";
export type { HistoricClv } from "./clv/historic.ts";
export { DEFAULT_MODEL, MODELS, fitPurchaseModel, fitSpendModel } from "./purchase-model.ts";
export type {
  EstimationMethod,
  PurchaseFitOptions,
  PurchaseModelFit,
  PurchaseModelReport,
  SpendModelFit,
  SpendModelReport,
} from "./purchase-model.ts";
export { fitGammaGamma, expectedOrderValue } from "./models/gamma-gamma.ts";
export type { GammaGammaFit, GammaGammaParams, SpendObservation } from "./models/gamma-gamma.ts";
export { ScoringInputError } from "./errors.ts";
export { simulateShopOrders } from "./simulate.ts";
export type { SyntheticShopOptions } from "./simulate.ts";
export { DAYS_PER_UNIT, MODEL_NAMES, SEGMENT_NAMES } from "./types.ts";
export type {
  Confidence,
  CustomerSummary,
  ModelName,
  ModelSelection,
  Order,
  RepeatPattern,
  RfmScore,
  SegmentName,
  TimeUnit,
} from "./types.ts";
