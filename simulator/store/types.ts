/** Records held by a simulated shop. Money is in integer minor units; ids are GIDs. */

export type FinancialStatus = "pending" | "authorized" | "partially_paid" | "paid" | "partially_refunded" | "refunded" | "voided";

export type CancelReason = "customer" | "declined" | "fraud" | "inventory" | "other" | "staff";

export type CustomerState = "disabled" | "enabled" | "invited" | "declined";

export interface SimCustomer {
  gid: string;
  legacyId: number;
  createdAt: Date;
  updatedAt: Date;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  tags: string[];
  note: string | null;
  state: CustomerState;
  taxExempt: boolean;
  dataSaleOptOut: boolean;
}

export interface SimLineItem {
  gid: string;
  legacyId: number;
  title: string;
  quantity: number;
  /** Unit price in the order's presentment currency. */
  presentmentUnitPriceMinor: number;
  /** Unit price in the shop currency. */
  unitPriceMinor: number;
}

export interface SimOrder {
  gid: string;
  legacyId: number;
  /** Sequential order number; `name` is `#<number + 1000>` as in Shopify. */
  number: number;
  name: string;
  customerGid: string | null;
  email: string | null;
  createdAt: Date;
  updatedAt: Date;
  processedAt: Date;
  cancelledAt: Date | null;
  cancelReason: CancelReason | null;
  closedAt: Date | null;
  test: boolean;
  financialStatus: FinancialStatus;
  /** Shop currency. */
  currency: string;
  presentmentCurrency: string;
  /** Minor units of the shop currency per minor unit of the presentment currency, fixed at creation. */
  exchangeRate: number;
  /** Total in the shop currency. */
  totalMinor: number;
  presentmentTotalMinor: number;
  /** Sum of refunds in the shop currency. */
  refundedMinor: number;
  presentmentRefundedMinor: number;
  lineItems: SimLineItem[];
  /** The discount codes the shopper applied, as the order webhooks list them. */
  discountCodes: SimOrderDiscountCode[];
  tags: string[];
  note: string | null;
}

/** A discount code on an order: `discount_codes[]` of the order webhooks, `Order.discountCodes` in GraphQL. */
export interface SimOrderDiscountCode {
  code: string;
  /** What the code took off, in the order's presentment currency. */
  presentmentAmountMinor: number;
  type: "percentage" | "fixed_amount";
}

export interface SimRefund {
  gid: string;
  legacyId: number;
  orderGid: string;
  createdAt: Date;
  updatedAt: Date;
  processedAt: Date;
  /** Refunded amount in the shop currency. */
  amountMinor: number;
  presentmentAmountMinor: number;
  currency: string;
  presentmentCurrency: string;
  note: string | null;
  transactionGid: string;
  transactionLegacyId: number;
}

export interface SimMetafield {
  gid: string;
  legacyId: number;
  ownerGid: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: Date;
  updatedAt: Date;
}

export type DiscountContext =
  | { kind: "all" }
  | { kind: "customers"; customerGids: string[] }
  | { kind: "customerSegments"; segmentGids: string[] }
  | { kind: "markets"; marketGids: string[] };

export type DiscountValue = { kind: "percentage"; percentage: number } | { kind: "amount"; amountMinor: number; appliesOnEachItem: boolean };

export interface SimDiscountCodeBasic {
  gid: string;
  legacyId: number;
  title: string;
  codes: { gid: string; code: string }[];
  startsAt: Date;
  endsAt: Date | null;
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
  context: DiscountContext;
  value: DiscountValue;
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** One flowTriggerReceive that Shopify accepted: the trigger's handle and the payload, as the workflows get them. */
export interface FlowTriggerRun {
  handle: string;
  payload: Record<string, unknown>;
  receivedAt: Date;
}

/** A customer segment: who belongs to it is decided by its query, evaluated when asked (simulator/store/segment-query.ts). */
export interface SimSegment {
  gid: string;
  legacyId: number;
  name: string;
  query: string;
  creationDate: Date;
  lastEditDate: Date;
}

export interface CustomerInput {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  tags?: string[];
  note?: string | null;
  state?: CustomerState;
  createdAt?: Date;
}

export type CustomerPatch = Omit<CustomerInput, "createdAt">;

export interface LineItemInput {
  title?: string;
  quantity?: number;
  /** Unit price in the order currency (`OrderInput.currency`). */
  priceMinor: number;
}

export interface OrderInput {
  customerGid?: string | null;
  /** Total in the order currency; give this or `lineItems`. */
  totalMinor?: number;
  lineItems?: LineItemInput[];
  /** Presentment currency of the order; defaults to the shop currency. */
  currency?: string;
  test?: boolean;
  createdAt?: Date;
  processedAt?: Date;
  financialStatus?: "pending" | "authorized" | "paid";
  /** Discount codes applied at checkout; the total (or the line items) is what the shopper paid after them. */
  discountCodes?: string[];
  tags?: string[];
  note?: string | null;
  email?: string | null;
}

export interface OrderPatch {
  tags?: string[];
  note?: string | null;
  email?: string | null;
  customerGid?: string | null;
  processedAt?: Date;
}

export interface RefundInput {
  /** Amount in the order's presentment currency (equal to the shop currency for single-currency orders). */
  amountMinor: number;
  processedAt?: Date;
  note?: string | null;
}

export interface ChangeOptions {
  /** Change the store without firing webhooks (seeding history). */
  silent?: boolean;
}
