/** The shop's purchase days (one per customer and calendar day, from SQL) as the engine's orders (pure). */
import type { Order } from "../scoring/index.ts";
import { isoDay } from "../domain/time-zone.ts";

export interface PurchaseDay {
  readonly customerGid: string;
  readonly day: number;
  readonly netMinor: number;
}

/**
 * One engine order per purchase day, dated that day, worth the day's net in major units (a refunded-out day counts
 * as a purchase worth 0, as the summaries count it). What the backtests replay: the model health and the model choice.
 */
export function ordersOfPurchaseDays(days: readonly PurchaseDay[], minorPerMajor = 100): Order[] {
  return days.map((d, i) => ({ id: String(i), customerId: d.customerGid, placedAt: isoDay(d.day), total: Math.max(0, d.netMinor) / minorPerMajor }));
}
