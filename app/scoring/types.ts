/** The engine's value types. Everything here is plain data: no classes, no I/O. */

/** The unit in which the BTYD quantities (recency, age) and the model's time-scale parameters are expressed. */
export type TimeUnit = "days" | "weeks";

export const DAYS_PER_UNIT: Readonly<Record<TimeUnit, number>> = { days: 1, weeks: 7 };

/**
 * One order as the engine sees it. Amounts are in the shop's currency.
 *
 * `placedAt` is either a `Date` or an ISO 8601 string. A date-only string (`YYYY-MM-DD`) is taken as that calendar
 * day; a timestamp is placed on its UTC calendar day shifted by `utcOffsetMinutes` of the summary options.
 */
export interface Order {
  readonly id: string;
  readonly customerId: string;
  readonly placedAt: string | Date;
  /** Order total before refunds (what the customer paid, including shipping and taxes). */
  readonly total: number;
  /** Sum of the refunds issued on the order; subtracted from `total`. */
  readonly refunded?: number;
  /** ISO 4217 code; all counted orders of a shop must share one currency. */
  readonly currency?: string;
  readonly cancelled?: boolean;
  readonly test?: boolean;
}

/**
 * Per-customer summary of the orders up to the observation end.
 *
 * Two different families of quantities live side by side here and must not be mixed up:
 * - BTYD (model input): `frequency` x = repeat purchase *days*, `recency` t_x = time from the first to the last
 *   purchase day, `age` T = time from the first purchase day to the observation end, `monetary` = mean net value of
 *   the repeat purchase days (0 when x = 0). All times are in `TimeUnit`s.
 * - RFM (segment input): `daysSinceLastOrder`, `orderCount` (all orders, the first included), `netSpend`.
 */
export interface CustomerSummary {
  readonly customerId: string;
  /** `YYYY-MM-DD` */
  readonly firstPurchase: string;
  /** `YYYY-MM-DD` */
  readonly lastPurchase: string;
  readonly frequency: number;
  readonly recency: number;
  readonly age: number;
  readonly monetary: number;
  readonly daysSinceLastOrder: number;
  readonly orderCount: number;
  readonly netSpend: number;
}

/** The BTYD sufficient statistics of one customer (or of a group of identical customers, with a weight). */
export interface RepeatPattern {
  readonly frequency: number;
  readonly recency: number;
  readonly age: number;
}

export type ModelName = "bgnbd" | "mbgnbd" | "pareto" | "mbgcnbd";

export const MODEL_NAMES: readonly ModelName[] = ["bgnbd", "mbgnbd", "pareto", "mbgcnbd"];

/** A purchase model, or `auto`: chosen per shop by a backtest on its own history (model-choice.ts). */
export type ModelSelection = ModelName | "auto";

/** How much to trust a result: `low` marks the small-shop fallback. */
export type Confidence = "high" | "low";

export interface RfmScore {
  readonly r: number;
  readonly f: number;
  readonly m: number;
}

/** Shopify's RFM group names (Admin API enum `CustomerRfmGroup`), in display form. */
export const SEGMENT_NAMES = [
  "Champions",
  "Loyal",
  "Active",
  "Needs attention",
  "Promising",
  "New",
  "At risk",
  "Previously loyal",
  "Almost lost",
  "Dormant",
  "Prospects",
] as const;

export type SegmentName = (typeof SEGMENT_NAMES)[number];
