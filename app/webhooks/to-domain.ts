/** Webhook payloads to the app's records (pure). */
import { normalDiscountCodes } from "../domain/discount-codes.ts";
import type { CustomerRecord, OrderRecord, RefundRecord } from "../domain/order.ts";
import { toMinorUnits } from "../utils/money.ts";
import type { CustomerPayload, OrderPayload, RefundPayload } from "./payloads.ts";

export function orderGidFromId(id: string): string {
  return `gid://shopify/Order/${id}`;
}

export function customerGidFromId(id: string): string {
  return `gid://shopify/Customer/${id}`;
}

export function orderFromPayload(payload: OrderPayload): OrderRecord {
  const shopMoney = payload.total_price_set.shop_money;
  const presentmentMoney = payload.total_price_set.presentment_money;
  return {
    gid: payload.admin_graphql_api_id,
    customerGid: payload.customer?.admin_graphql_api_id ?? null,
    createdAt: new Date(payload.created_at),
    processedAt: new Date(payload.processed_at ?? payload.created_at),
    cancelledAt: payload.cancelled_at ? new Date(payload.cancelled_at) : null,
    test: payload.test,
    currencyCode: shopMoney.currency_code,
    presentmentCurrencyCode: presentmentMoney.currency_code,
    totalMinor: toMinorUnits(shopMoney.amount, shopMoney.currency_code),
    presentmentTotalMinor: toMinorUnits(presentmentMoney.amount, presentmentMoney.currency_code),
    discountCodes: normalDiscountCodes(payload.discount_codes.map((c) => c.code)),
    sourceUpdatedAt: new Date(payload.updated_at),
  };
}

/**
 * A refund from refunds/create or from an order's refunds[]. Its amount is what the successful
 * refund transactions returned to the shopper.
 */
export function refundFromPayload(payload: RefundPayload): RefundRecord {
  const refunds = payload.transactions.filter((t) => t.kind === "refund" && t.status === "success");
  // A transaction without a currency is in the order's presentment currency; at most one named one may appear.
  const named = new Set(refunds.flatMap((t) => (t.currency ? [t.currency] : [])));
  if (named.size > 1) {
    throw new Error(`${payload.admin_graphql_api_id} has refund transactions in several currencies`);
  }
  const currencyCode = named.values().next().value ?? null;
  return {
    gid: payload.admin_graphql_api_id,
    orderGid: orderGidFromId(payload.order_id),
    processedAt: new Date(payload.processed_at ?? payload.created_at),
    amount: sumDecimals(refunds.map((t) => t.amount)),
    currencyCode,
  };
}

export function customerFromPayload(payload: CustomerPayload): CustomerRecord {
  return {
    gid: payload.admin_graphql_api_id,
    createdAt: payload.created_at ? new Date(payload.created_at) : null,
    updatedAt: payload.updated_at ? new Date(payload.updated_at) : null,
  };
}

/** Adds decimal strings exactly (at the finest scale among them). */
export function sumDecimals(amounts: readonly string[]): string {
  if (amounts.length === 0) return "0";
  const scale = Math.max(...amounts.map((a) => a.split(".")[1]?.length ?? 0));
  const total = amounts.reduce((sum, a) => {
    const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(a.trim());
    if (!match) throw new Error(`"${a}" is not a decimal amount`);
    const [, sign, whole, fraction = ""] = match;
    const units = BigInt(whole + fraction.padEnd(scale, "0"));
    return sum + (sign === "-" ? -units : units);
  }, 0n);
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  return `${negative ? "-" : ""}${whole}${scale > 0 ? `.${digits.slice(digits.length - scale)}` : ""}`;
}
