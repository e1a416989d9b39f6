/**
 * Which discount offers a push makes (pure): from the offers the rules give a shopper (intended-state.ts) and the
 * offers the shopper already holds, the new ones to record. A shopper is never given a second code while one is
 * valid, whichever rule gave it; a shopper in a rule's control group is recorded as such (no code) for the same
 * period, so that the holdout report (holdout-report.ts) compares like with like.
 */
import { appTag, type IntendedOffer } from "./intended-state.ts";

const MS_PER_DAY = 86_400_000;

/** An offer the shopper holds or held, as stored (LoyaltyOffer). */
export interface HeldOffer {
  readonly ruleId: string;
  readonly holdout: boolean;
  readonly code: string | null;
  readonly codes: "per-shopper" | "per-segment";
  /** "control" (no code), "pending" (asked of Shopify), "created", or "failed" (Shopify refused it; see the audit log). */
  readonly status: string;
  readonly endsAt: Date;
}

/** A new offer to record: a code for the shopper (per-shopper), a place under the segment's code, or a control place. */
export interface NewOffer {
  readonly ruleId: string;
  readonly holdout: boolean;
  readonly percentOff: number;
  readonly codes: "per-shopper" | "per-segment";
  readonly offeredAt: Date;
  readonly endsAt: Date;
}

const isValid = (offer: HeldOffer, now: Date) => offer.endsAt.getTime() > now.getTime();

/**
 * The offer to record for one shopper now, if any. None while the shopper holds a valid code or a control place
 * that still runs (a control shopper given another rule's code would no longer be a control); otherwise the first
 * rule, in the merchant's order, that offers one: a code, or for a shopper in that rule's control group a control
 * place. One offer at a time keeps "which offer made them buy" answerable.
 */
export function offerToRecord(intended: readonly IntendedOffer[], held: readonly HeldOffer[], now: Date): NewOffer | null {
  if (held.some((offer) => isValid(offer, now))) return null;
  const [offer] = intended;
  if (offer === undefined) return null;
  const endsAt = new Date(now.getTime() + offer.validDays * MS_PER_DAY);
  return { ruleId: offer.ruleId, holdout: offer.holdout, percentOff: offer.percentOff, codes: offer.codes, offeredAt: now, endsAt };
}

/** The shopper's valid code, for their metafields and the admin: the one that ends last, if several are on record. */
export function activeCode(held: readonly HeldOffer[], now: Date): { readonly code: string; readonly endsAt: Date } | null {
  let best: HeldOffer | null = null;
  for (const offer of held) {
    if (offer.status !== "created" || offer.code === null || !isValid(offer, now)) continue;
    if (best === null || offer.endsAt > best.endsAt) best = offer;
  }
  return best === null || best.code === null ? null : { code: best.code, endsAt: best.endsAt };
}

/**
 * The tag on the treated shoppers of a per-segment rule while their offer runs: the Shopify segment the shared code
 * is limited to is built on it, so the control group (which carries the rule's own tag) stays out of the segment.
 */
export function offerTag(prefix: string, ruleTag: string): string {
  return appTag(prefix, `${ruleTag}-offer`);
}

/** The segment's name in Shopify's segment list, unique per shop as Shopify requires. */
export function offerSegmentName(prefix: string, ruleTag: string): string {
  return `${offerTag(prefix, ruleTag)} (CLV CRM)`;
}

/** Shopify's segment query for the shoppers carrying a tag (ShopifyQL segment syntax). */
export function taggedSegmentQuery(tag: string): string {
  return `customer_tags CONTAINS '${tag.replaceAll("'", "\\'")}'`;
}

/** Letters and digits that cannot be misread for one another when a shopper types a code (no 0/O, 1/I/L). */
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/**
 * A discount code: `<PREFIX>-<RULE>-<10 random characters>`, e.g. `CRM-VIP-7KQ2M9XA3B`. Ten characters of a
 * 31-letter alphabet give 31^10 ≈ 8·10^14 codes per rule, so a collision with another code of the shop (Shopify
 * refuses it as TAKEN) is practically impossible; the push still treats TAKEN as "already created" only after
 * checking that the code is its own. `random` returns bytes (crypto.getRandomValues in the app, a seed in tests).
 */
export function newOfferCode(prefix: string, ruleId: string, random: (bytes: Uint8Array) => Uint8Array): string {
  const bytes = random(new Uint8Array(10));
  const tail = Array.from(bytes, (byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]).join("");
  return `${prefix}-${ruleId}-${tail}`.toUpperCase();
}
