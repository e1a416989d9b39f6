/** The rows that flow between the database and a rescoring (pure types; persistence and scoring-jobs share them). */

/** A customer's counted orders as the database aggregates them (see persistence/customer-summaries.server.ts). */
export interface PurchaseAggregate {
  readonly customerGid: string;
  /** Calendar days since 1970-01-01 in the shop's time zone. */
  readonly firstDay: number;
  readonly lastDay: number;
  readonly purchaseDays: number;
  readonly orderCount: number;
  readonly netMinor: bigint;
  readonly firstDayNetMinor: bigint;
}

/** A customer's stored scores: the columns of CustomerScore that a rescoring writes. */
export interface CustomerScoreRow {
  readonly customerGid: string;
  readonly segment: string;
  readonly rfmRecency: number | null;
  readonly rfmFrequency: number | null;
  readonly rfmMonetary: number | null;
  readonly orderCount: number;
  readonly repeatPurchaseDays: number | null;
  readonly firstPurchaseOn: string | null;
  readonly lastPurchaseOn: string | null;
  readonly historicClvMinor: bigint;
  readonly predictedClvMinor: bigint | null;
  readonly predictedClvLowMinor: bigint | null;
  readonly predictedClvHighMinor: bigint | null;
  readonly pAlive: number | null;
  readonly pAliveLow: number | null;
  readonly pAliveHigh: number | null;
  readonly expectedPurchases30: number | null;
  readonly expectedPurchases90: number | null;
  readonly expectedPurchases365: number | null;
  readonly expectedOrderValueMinor: bigint | null;
  readonly expectedNextPurchaseOn: string | null;
  readonly expectedDaysBetweenPurchases: number | null;
  readonly confidence: string | null;
}
