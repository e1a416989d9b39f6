/**
 * What `GET /api/customer-block?id=<customer GID>` answers (app/routes/api.customer-block.tsx), and the check the
 * block makes of it. Money is in minor units of the shop's currency as decimal strings ("123456" is $1,234.56 in
 * USD): the app keeps it as BigInt, which JSON numbers cannot carry exactly. `currency.minorDigits` says where the
 * decimal point goes (2 for USD, 0 for JPY, 3 for KWD).
 */

export interface ScoredAnswer {
  readonly status: "scored";
  /** The shop's currency; null until the app has read the shop's details. */
  readonly currency: { readonly code: string; readonly minorDigits: number } | null;
  /** The shop's IANA time zone (offer end dates are shown in it); null until the app has read it. */
  readonly timeZone: string | null;
  /** One of Shopify's 11 RFM group names: "Champions", "At risk"... */
  readonly segment: string;
  /** RFM scores 1-5; null for a shopper without a counted order. */
  readonly rfm: { readonly r: number | null; readonly f: number | null; readonly m: number | null };
  readonly historicClvMinor: string;
  readonly predictedClv: { readonly minor: string; readonly lowMinor: string | null; readonly highMinor: string | null } | null;
  readonly pAlive: { readonly value: number; readonly low: number | null; readonly high: number | null } | null;
  /** A calendar day of the shop, "YYYY-MM-DD". */
  readonly expectedNextPurchaseOn: string | null;
  /** The discount code the app gave the shopper that runs now, and when it ends (an ISO instant). */
  readonly activeOffer: { readonly code: string; readonly percentOff: number; readonly endsAt: string } | null;
  /** When the app last scored the shopper (an ISO instant). */
  readonly scoredAt: string;
}

export type CustomerBlockAnswer = ScoredAnswer | { readonly status: "not-scored" };

const MINOR = /^-?\d+$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

type Check = (value: unknown) => boolean;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const nullable =
  (check: Check): Check =>
  (value) =>
    value === null || check(value);
const minor: Check = (value) => typeof value === "string" && MINOR.test(value);
const number: Check = (value) => typeof value === "number" && Number.isFinite(value);
const string: Check = (value) => typeof value === "string";
const instant: Check = (value) => typeof value === "string" && !Number.isNaN(Date.parse(value));
const shape =
  (fields: Record<string, Check>): Check =>
  (value) =>
    isObject(value) && Object.entries(fields).every(([name, check]) => check(value[name]));

const SCORED: Record<string, Check> = {
  currency: nullable(shape({ code: (v) => typeof v === "string" && /^[A-Z]{3}$/.test(v), minorDigits: (v) => Number.isInteger(v) })),
  timeZone: nullable(string),
  segment: string,
  rfm: shape({ r: nullable(number), f: nullable(number), m: nullable(number) }),
  historicClvMinor: minor,
  predictedClv: nullable(shape({ minor, lowMinor: nullable(minor), highMinor: nullable(minor) })),
  pAlive: nullable(shape({ value: number, low: nullable(number), high: nullable(number) })),
  expectedNextPurchaseOn: nullable((v) => typeof v === "string" && DAY.test(v)),
  activeOffer: nullable(shape({ code: string, percentOff: number, endsAt: instant })),
  scoredAt: instant,
};

/** The answer, or null when the JSON is not one (the block then says the app answered something it cannot show). */
export function parseAnswer(json: unknown): CustomerBlockAnswer | null {
  if (!isObject(json)) return null;
  if (json.status === "not-scored") return { status: "not-scored" };
  if (json.status !== "scored") return null;
  const wrong = Object.entries(SCORED).find(([name, check]) => !check(json[name]));
  return wrong ? null : (json as unknown as ScoredAnswer);
}
