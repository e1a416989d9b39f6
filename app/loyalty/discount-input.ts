/**
 * The discounts the app creates, as Shopify's DiscountCodeBasicInput (pure). See
 * docs/decisions/0403-one-discount-per-shopper.md for why each shopper's code is its own discount.
 */
import type { DiscountCodeBasicInput } from "../types/admin.types.d.ts";

interface DiscountBasics {
  readonly code: string;
  readonly ruleId: string;
  readonly percentOff: number;
  readonly startsAt: Date;
  readonly endsAt: Date;
}

/** The discount title the merchant sees in Shopify's discount list: the rule and the offer, and that the app made it. */
export function discountTitle(ruleId: string, percentOff: number, forWhom: string): string {
  return `CLV CRM ${ruleId}: ${percentOff}% off for ${forWhom}`;
}

function basics({ code, percentOff, startsAt, endsAt }: DiscountBasics): DiscountCodeBasicInput {
  return {
    code,
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    customerGets: { value: { percentage: percentOff / 100 }, items: { all: true } },
    appliesOncePerCustomer: true,
    tags: ["clv-crm"],
  };
}

/** A shopper's own code: only they can use it, once (`context.customers`, usageLimit 1), until it ends. */
export function perShopperDiscount(offer: DiscountBasics & { readonly customerGid: string; readonly offerId: number }): DiscountCodeBasicInput {
  return {
    ...basics(offer),
    title: discountTitle(offer.ruleId, offer.percentOff, `one shopper (offer ${offer.offerId})`),
    context: { customers: { add: [offer.customerGid] } },
    usageLimit: 1,
  };
}

/** A rule's shared code, for the shoppers of the Shopify segment built on its offer tag, once each. */
export function perSegmentDiscount(offer: DiscountBasics & { readonly segmentGid: string }): DiscountCodeBasicInput {
  return {
    ...basics(offer),
    title: discountTitle(offer.ruleId, offer.percentOff, "its segment"),
    context: { customerSegments: { add: [offer.segmentGid] } },
  };
}
