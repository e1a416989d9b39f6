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

/** FNV-1a of a string: a stable, well-spread hash for picking a sample of customers by id. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * About `size` of the shop's customers, picked by a hash of their id (the same customers on every run, whatever the
 * order they come in), or null when the shop has no more than `size` (take them all). The daily backtests (the model
 * choice, the model health) run on such a sample in a large shop: their figures need thousands of customers, not a
 * hundred thousand, and the sample bounds their time and memory.
 */
export function sampleOfCustomers(customerGids: readonly string[], size: number): string[] | null {
  if (customerGids.length <= size) return null;
  const limit = Math.floor((size / customerGids.length) * 2 ** 32);
  return customerGids.filter((gid) => fnv1a(gid) < limit);
}
