/**
 * Discount codes as the app keeps them (pure). Shopify compares codes without regard to case (a shopper who types
 * `vip-7kq2` uses the code `VIP-7KQ2`), so the app keeps every code upper-cased, each once, in the order Shopify
 * listed them, and compares codes only in that form. An order's codes are stored comma-separated (Order.discountCodes):
 * the app's own codes are letters, digits and dashes, so a code of another origin holding a comma can only fail to
 * match, never match one of the app's by mistake.
 */

/** The form the app keeps a code in. */
export function normalDiscountCode(code: string): string {
  return code.trim().toUpperCase();
}

/** An order's codes as the app keeps them: normalized, empty ones dropped, each once, in Shopify's order. */
export function normalDiscountCodes(codes: Iterable<string>): string[] {
  const kept = new Set<string>();
  for (const code of codes) {
    const normal = normalDiscountCode(code);
    if (normal !== "") kept.add(normal);
  }
  return [...kept];
}

/** The stored column: "" for an order without codes. */
export function joinDiscountCodes(codes: readonly string[]): string {
  return normalDiscountCodes(codes).join(",");
}

/** The codes of a stored column. */
export function splitDiscountCodes(stored: string): string[] {
  return stored === "" ? [] : normalDiscountCodes(stored.split(","));
}
