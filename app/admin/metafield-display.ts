/**
 * The app's metafields as the customer page shows them (pure): a label in the admin's language for each key, and
 * the value formatted as its Shopify type says (money, a date, a share, a segment's name), with the page's formats so
 * that the server and the browser agree.
 */
import type { Formats } from "../i18n/format.ts";
import type { Locale } from "../i18n/locale.ts";
import { segmentLabel } from "../i18n/segment-label.ts";
import { APP_METAFIELDS, type AppMetafieldKey } from "../loyalty/metafields.ts";

export const isAppMetafieldKey = (key: string): key is AppMetafieldKey => Object.hasOwn(APP_METAFIELDS, key);

/** A money metafield's JSON ({"amount": "12.50", "currency_code": "USD"}) as an amount in that currency. */
function moneyText(value: string, locale: Locale): string | null {
  try {
    const money = JSON.parse(value) as { amount?: unknown; currency_code?: unknown };
    if (typeof money.amount !== "string" || typeof money.currency_code !== "string") return null;
    const amount = Number(money.amount);
    if (!Number.isFinite(amount)) return null;
    return new Intl.NumberFormat(locale === "ko" ? "ko-KR" : "en-US", { style: "currency", currency: money.currency_code }).format(amount);
  } catch {
    return null;
  }
}

export function metafieldValueText(key: string, value: string, f: Formats, locale: Locale): string {
  if (!isAppMetafieldKey(key)) return value;
  if (key === "rfm_group") return segmentLabel(value, locale);
  if (key === "p_alive") return f.percent(Number(value), 1);
  switch (APP_METAFIELDS[key]) {
    case "money":
      return moneyText(value, locale) ?? value;
    case "date_time":
      return Number.isNaN(Date.parse(value)) ? value : f.dateTime(value);
    case "number_integer":
      return Number.isInteger(Number(value)) ? f.number(Number(value)) : value;
    default:
      return value;
  }
}
