import { dayNumberToIso, MS_PER_DAY, toDayNumber } from "./dates.ts";
import { ScoringInputError } from "./errors.ts";
import { DAYS_PER_UNIT, type CustomerSummary, type Order, type TimeUnit } from "./types.ts";

export interface SummarizeOptions {
  /** Last day of observation, inclusive. Orders after it are ignored. */
  readonly observationEnd: string | Date;
  readonly timeUnit?: TimeUnit;
  /** Shift applied to timestamps before taking their calendar day (the shop's UTC offset). */
  readonly utcOffsetMinutes?: number;
}

/** Absolute slack for comparing money amounts given in cents. */
const CENT_TOLERANCE = 0.005;

/**
 * Turns a shop's orders into one summary per customer, as of the observation end.
 *
 * Rules, in order:
 * 1. Cancelled and test orders are dropped, and so are orders placed after the observation end.
 * 2. Each order's net value is `total − refunded`. An order refunded in full (net ≤ 0 with a refund) is not a
 *    purchase; a $0 order without refunds (a free sample) is.
 * 3. Orders on the same calendar day are one purchase day whose value is their net sum (Fader, Hardie & Lee 2005
 *    count "transactions" per day; BTYD and lifetimes merge same-day orders).
 * 4. BTYD: x = purchase days after the first, t_x = last − first purchase day, T = observation end − first purchase
 *    day, monetary = mean value of the repeat purchase days, all times divided by the days in `timeUnit`.
 * 5. RFM: days since the last order, number of orders, net spend.
 *
 * This is lifetimes' `summary_data_from_transaction_data` with the observation end passed in.
 *
 * @throws {ScoringInputError} on a negative or non-finite amount, a refund larger than the total, an invalid date,
 *   or counted orders in more than one currency; the message names the order.
 * @example summarize(orders, { observationEnd: "1997-09-30", timeUnit: "weeks" })
 */
export function summarize(orders: readonly Order[], options: SummarizeOptions): CustomerSummary[] {
  const endDay = toDayNumber(options.observationEnd, 0, "observationEnd");
  return summariesOf(collectPurchaseDays(orders, endDay, options.utcOffsetMinutes ?? 0), endDay, options.timeUnit);
}

/** Rules 4 and 5 of `summarize` on purchases already collected up to `endDay` (collectPurchaseDays). */
export function summariesOf(purchases: ReadonlyMap<string, CustomerPurchases>, endDay: number, timeUnit: TimeUnit = "days"): CustomerSummary[] {
  const unitDays = DAYS_PER_UNIT[timeUnit];
  // customers share first and last days: each day's ISO date is formatted once
  const isoDays = new Map<number, string>();
  const iso = (day: number) => {
    let text = isoDays.get(day);
    if (text === undefined) {
      text = dayNumberToIso(day);
      isoDays.set(day, text);
    }
    return text;
  };
  const summaries: CustomerSummary[] = [];
  for (const [customerId, acc] of purchases) {
    const days = [...acc.days.keys()].sort((a, b) => a - b);
    const first = days[0]!;
    const last = days[days.length - 1]!;
    const frequency = days.length - 1;
    let repeatValue = 0;
    for (let i = 1; i < days.length; i++) repeatValue += acc.days.get(days[i]!)!;
    summaries.push({
      customerId,
      firstPurchase: iso(first),
      lastPurchase: iso(last),
      frequency,
      recency: (last - first) / unitDays,
      age: (endDay - first) / unitDays,
      monetary: frequency > 0 ? repeatValue / frequency : 0,
      daysSinceLastOrder: endDay - last,
      orderCount: acc.orderCount,
      netSpend: roundCents(acc.netSpend),
    });
  }
  return summaries;
}

/** A customer's counted orders: net value by purchase day (day numbers since 1970-01-01). */
export interface CustomerPurchases {
  readonly days: Map<number, number>;
  orderCount: number;
  netSpend: number;
}

/**
 * Applies rules 1–3 of `summarize` to the orders placed up to `lastDay` (inclusive) and groups them by customer and
 * day. Validates every order, including those after `lastDay`.
 */
export function collectPurchaseDays(orders: readonly Order[], lastDay: number, utcOffsetMinutes = 0): Map<string, CustomerPurchases> {
  const customers = new Map<string, CustomerPurchases>();
  const offsetMs = utcOffsetMinutes * 60_000;
  const dayOfString = new Map<string, number>();
  let currency: { code: string; orderId: string } | null = null;

  for (const order of orders) {
    // label(order) is only spelled out for an error message
    if (typeof order.customerId !== "string" || order.customerId === "") {
      throw new ScoringInputError(`order ${order.id}: customerId is empty`);
    }
    if (!Number.isFinite(order.total)) throw new ScoringInputError(`${label(order)}: total ${order.total} is not a finite number`);
    if (order.total < 0) throw new ScoringInputError(`${label(order)}: total ${order.total} is negative`);
    const refunded = order.refunded ?? 0;
    if (!Number.isFinite(refunded)) throw new ScoringInputError(`${label(order)}: refunded ${refunded} is not a finite number`);
    if (refunded < 0) throw new ScoringInputError(`${label(order)}: refunded ${refunded} is negative`);
    if (refunded > order.total + CENT_TOLERANCE) {
      throw new ScoringInputError(`${label(order)}: refunded ${refunded} exceeds the order total ${order.total}`);
    }
    // A valid Date is placed as toDayNumber places it. A string goes through toDayNumber once per distinct value
    // (orders share their days), which throws naming the order when it is not a date.
    const placedAt = order.placedAt;
    const ms = placedAt instanceof Date ? placedAt.getTime() : NaN;
    let day: number;
    if (Number.isFinite(ms)) day = Math.floor((ms + offsetMs) / MS_PER_DAY);
    else {
      const known = typeof placedAt === "string" ? dayOfString.get(placedAt) : undefined;
      if (known !== undefined) day = known;
      else {
        day = toDayNumber(placedAt, utcOffsetMinutes, `${label(order)} placedAt`);
        if (typeof placedAt === "string") dayOfString.set(placedAt, day);
      }
    }
    if (order.cancelled === true || order.test === true || day > lastDay) continue;
    const net = Math.max(0, order.total - refunded);
    if (refunded > 0 && net <= CENT_TOLERANCE) continue;

    if (order.currency !== undefined && order.currency !== "") {
      if (currency === null) currency = { code: order.currency, orderId: order.id };
      else if (currency.code !== order.currency) {
        throw new ScoringInputError(
          `${label(order)}: currency ${order.currency} differs from ${currency.code} of order ${currency.orderId}; a shop is scored in one currency`,
        );
      }
    }

    let acc = customers.get(order.customerId);
    if (acc === undefined) {
      acc = { days: new Map(), orderCount: 0, netSpend: 0 };
      customers.set(order.customerId, acc);
    }
    acc.days.set(day, (acc.days.get(day) ?? 0) + net);
    acc.orderCount += 1;
    acc.netSpend += net;
  }
  return customers;
}

function label(order: Order): string {
  return `order ${order.id} (customer ${order.customerId})`;
}

function roundCents(v: number): number {
  return Math.round(v * 100) / 100;
}

/**
 * Checks BTYD summaries handed to the engine directly (for example aggregated in SQL), naming the first violation.
 *
 * @throws {ScoringInputError} when x is not a non-negative integer, t_x or T is negative or non-finite, t_x > T,
 *   t_x ≠ 0 while x = 0, or monetary is negative or non-finite. (lifetimes `utils._check_inputs`)
 */
export function validateSummaries(summaries: readonly CustomerSummary[]): void {
  for (const s of summaries) {
    const who = `customer ${s.customerId}`;
    if (!Number.isInteger(s.frequency) || s.frequency < 0) {
      throw new ScoringInputError(`${who}: frequency ${s.frequency} is not a non-negative integer`);
    }
    if (!Number.isFinite(s.recency) || s.recency < 0) throw new ScoringInputError(`${who}: recency ${s.recency} is invalid`);
    if (!Number.isFinite(s.age) || s.age < 0) throw new ScoringInputError(`${who}: age ${s.age} is invalid`);
    if (s.recency > s.age + 1e-9) {
      throw new ScoringInputError(`${who}: recency ${s.recency} is greater than age ${s.age}`);
    }
    if (s.frequency === 0 && s.recency !== 0) {
      throw new ScoringInputError(`${who}: recency ${s.recency} must be 0 when frequency is 0`);
    }
    if (!Number.isFinite(s.monetary) || s.monetary < 0) {
      throw new ScoringInputError(`${who}: monetary ${s.monetary} is negative or not finite`);
    }
    if (!Number.isFinite(s.netSpend) || s.netSpend < 0) {
      throw new ScoringInputError(`${who}: netSpend ${s.netSpend} is negative or not finite`);
    }
    if (!Number.isInteger(s.orderCount) || s.orderCount < s.frequency + 1) {
      throw new ScoringInputError(`${who}: orderCount ${s.orderCount} is smaller than frequency + 1`);
    }
    if (!Number.isInteger(s.daysSinceLastOrder) || s.daysSinceLastOrder < 0) {
      throw new ScoringInputError(`${who}: daysSinceLastOrder ${s.daysSinceLastOrder} is not a non-negative integer`);
    }
  }
}
