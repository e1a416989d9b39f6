/**
 * Which orders redeemed which of the app's discount codes (pure). The persistence derives the stored redemptions from
 * the stored orders with this, every time an order changes, so that duplicate and out-of-order deliveries, a backfill
 * racing the webhooks, a cancellation or a deletion all end in the same rows.
 *
 * A redemption is an order that used a code the app issued (a shopper's own code, or a rule's code shared by a
 * segment) and that stands: an order the summaries count (docs/decisions/0103: not cancelled, test or deleted, not
 * refunded in full). An order cancelled, deleted or refunded in full later stops being one. See
 * docs/decisions/0406-holdout-report.md.
 */

/** An order as the redemptions need it; its codes in the app's form (discount-codes.ts). */
export interface RedeemingOrder {
  readonly gid: string;
  readonly customerGid: string | null;
  readonly discountCodes: readonly string[];
  readonly processedAt: Date;
  readonly cancelledAt: Date | null;
  readonly deletedAt: Date | null;
  readonly test: boolean;
  readonly netMinor: bigint;
  readonly refundedMinor: bigint;
}

/** A code the app gave a shopper: a per-shopper code, or a treated shopper's place under a segment's code. */
export interface IssuedOffer {
  readonly id: number;
  readonly ruleId: string;
  readonly customerGid: string;
  readonly code: string;
}

/** A rule's code shared by a Shopify customer segment. */
export interface IssuedSegmentCode {
  readonly ruleId: string;
  readonly code: string;
}

export interface Redemption {
  readonly orderGid: string;
  readonly code: string;
  readonly customerGid: string | null;
  readonly ruleId: string;
  /** The offer the code was given under: the code's own (per-shopper), or the shopper's place under the segment's code. */
  readonly offerId: number | null;
  /** When the order was placed (its processedAt). */
  readonly redeemedAt: Date;
  readonly netMinor: bigint;
}

/** Whether an order counts as a purchase, as the summaries decide (app/persistence/customer-summaries.server.ts). */
export function orderStands(order: RedeemingOrder): boolean {
  return order.cancelledAt === null && order.deletedAt === null && !order.test && (order.netMinor > 0n || order.refundedMinor === 0n);
}

/**
 * The redemptions of these orders: one per standing order and code of the app's. A code names its offer; when several
 * offers carry it (a segment's code is on each treated shopper's offer), the one of the order's shopper. A segment's
 * code used by a shopper without an offer under it (tagged by hand, say) is still the rule's redemption, with no offer.
 * Codes compare in the app's upper-cased form, the form the app issues them in (newOfferCode in app/loyalty/offers.ts).
 */
export function redemptionsOf(orders: readonly RedeemingOrder[], offers: readonly IssuedOffer[], segmentCodes: readonly IssuedSegmentCode[]): Redemption[] {
  const offersByCode = new Map<string, IssuedOffer[]>();
  for (const offer of [...offers].sort((a, b) => a.id - b.id)) offersByCode.set(offer.code, [...(offersByCode.get(offer.code) ?? []), offer]);
  const segmentRules = new Map(segmentCodes.map((s) => [s.code, s.ruleId]));
  const redemptions: Redemption[] = [];
  for (const order of orders) {
    if (!orderStands(order)) continue;
    for (const code of order.discountCodes) {
      const candidates = offersByCode.get(code) ?? [];
      const offer = candidates.find((o) => o.customerGid === order.customerGid) ?? (segmentRules.has(code) ? undefined : candidates[0]);
      const ruleId = offer?.ruleId ?? segmentRules.get(code);
      if (ruleId === undefined) continue;
      redemptions.push({
        orderGid: order.gid,
        code,
        customerGid: order.customerGid,
        ruleId,
        offerId: offer?.id ?? null,
        redeemedAt: order.processedAt,
        netMinor: order.netMinor,
      });
    }
  }
  return redemptions;
}
