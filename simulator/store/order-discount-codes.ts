import type { SimDiscountCodeBasic, SimOrderDiscountCode } from "./types.ts";

/**
 * The discount codes on a new order, as Shopify lists them (`discount_codes`: code, amount, type). The order's total
 * is what the shopper paid after the codes, so a code the shop holds as a percentage discount took that share of the
 * price before it (each code counted as if it were the only one), and a fixed-amount code took its amount. A code the
 * shop does not hold (an order made in the admin may carry any code) is listed as given, as a fixed amount of zero.
 * Codes compare without regard to case, as on Shopify: a known code is listed as the discount spells it, and a code
 * applied twice is listed once.
 *
 * `rate` is the order's minor units of the shop currency per minor unit of its presentment currency.
 */
export function appliedDiscountCodes(
  codes: readonly string[],
  paidPresentmentMinor: number,
  rate: number,
  discounts: Iterable<SimDiscountCodeBasic>,
): SimOrderDiscountCode[] {
  const held = new Map<string, { code: string; discount: SimDiscountCodeBasic }>();
  for (const discount of discounts) for (const { code } of discount.codes) held.set(code.toLowerCase(), { code, discount });
  const listed = new Map<string, SimOrderDiscountCode>();
  for (const given of codes) {
    const key = given.trim().toLowerCase();
    if (key === "" || listed.has(key)) continue;
    const match = held.get(key);
    if (!match) {
      listed.set(key, { code: given.trim(), presentmentAmountMinor: 0, type: "fixed_amount" });
      continue;
    }
    const { value } = match.discount;
    const amount =
      value.kind === "percentage"
        ? value.percentage < 1
          ? Math.round((paidPresentmentMinor * value.percentage) / (1 - value.percentage))
          : 0
        : Math.round(value.amountMinor / rate);
    listed.set(key, { code: match.code, presentmentAmountMinor: amount, type: value.kind === "percentage" ? "percentage" : "fixed_amount" });
  }
  return [...listed.values()];
}
