/** What the block's tests share: the scored answer of one shopper, and `shopify.i18n` reading the real locale files. */
import { extensionI18n } from "../../../simulator/admin/extension-i18n.ts";
import en from "../locales/en.default.json" with { type: "json" };
import ko from "../locales/ko.json" with { type: "json" };
import type { ScoredAnswer } from "./answer.ts";

export const LOCALES = { en, ko } as const;

export function i18nFor(locale: keyof typeof LOCALES) {
  return extensionI18n(locale, LOCALES[locale], en);
}

export const CUSTOMER_GID = "gid://shopify/Customer/7208412";

export const SCORED: ScoredAnswer = {
  status: "scored",
  currency: { code: "USD", minorDigits: 2 },
  timeZone: "America/New_York",
  segment: "Champions",
  rfm: { r: 5, f: 4, m: 3 },
  historicClvMinor: "123456",
  predictedClv: { minor: "45000", lowMinor: "30000", highMinor: "61050" },
  pAlive: { value: 0.873, low: 0.71, high: 0.95 },
  expectedNextPurchaseOn: "2026-12-03",
  activeOffer: { code: "THANKS-7QX2", percentOff: 10, endsAt: "2027-01-15T04:30:00.000Z" },
  scoredAt: "2026-11-20T14:05:00.000Z",
};
