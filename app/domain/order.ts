/** An order as the app keeps it. Amounts are integer minor units of the shop's currency. */
export interface OrderRecord {
  gid: string;
  customerGid: string | null;
  createdAt: Date;
  processedAt: Date;
  cancelledAt: Date | null;
  test: boolean;
  currencyCode: string;
  presentmentCurrencyCode: string;
  totalMinor: bigint;
  presentmentTotalMinor: bigint;
  /** The discount codes the shopper applied, upper-cased, each once (app/domain/discount-codes.ts). */
  discountCodes: readonly string[];
  /** updated_at of this version of the order; an older version never overwrites a newer one. */
  sourceUpdatedAt: Date;
}

/** A refund, kept apart from its order so that it may arrive first. */
export interface RefundRecord {
  gid: string;
  orderGid: string;
  processedAt: Date;
  /** Exact decimal, as Shopify sent it. */
  amount: string;
  /** null: the order's presentment currency (Shopify's refund transactions may omit it). */
  currencyCode: string | null;
}

export interface CustomerRecord {
  gid: string;
  createdAt: Date | null;
  updatedAt: Date | null;
}

/** The monetary part of an order that refunds are converted against. */
export type OrderCurrencies = Pick<OrderRecord, "currencyCode" | "presentmentCurrencyCode" | "totalMinor" | "presentmentTotalMinor">;
