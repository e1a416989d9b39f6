import { toMinorUnits } from "../utils/money.ts";
import type { OrderCurrencies, RefundRecord } from "./order.ts";

/**
 * One refund in the shop's currency, as minor units. A refund in the presentment currency is
 * converted at the order's own rate (shop total / presentment total), rounding half away from zero.
 */
export function refundInShopCurrency(order: OrderCurrencies, refund: Pick<RefundRecord, "amount" | "currencyCode">): bigint {
  const currency = refund.currencyCode ?? order.presentmentCurrencyCode;
  const minor = toMinorUnits(refund.amount, currency);
  if (currency === order.currencyCode) return minor;
  if (currency !== order.presentmentCurrencyCode) {
    throw new Error(`Refund in ${currency} cannot be converted: the order is in ${order.currencyCode} (presentment ${order.presentmentCurrencyCode})`);
  }
  if (order.presentmentTotalMinor === 0n) return 0n;
  return divideRounded(minor * order.totalMinor, order.presentmentTotalMinor);
}

/** Sum of an order's refunds in the shop's currency. */
export function refundedMinor(order: OrderCurrencies, refunds: readonly Pick<RefundRecord, "amount" | "currencyCode">[]): bigint {
  return refunds.reduce((sum, refund) => sum + refundInShopCurrency(order, refund), 0n);
}

function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n * 2n + d) / (2n * d);
  return negative ? -q : q;
}
