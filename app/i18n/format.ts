import { currencyExponent } from "../utils/money.ts";
import type { Locale } from "./locale.ts";

export interface Formats {
  /** Money held in minor units of the shop's currency. */
  money(minor: number | bigint | string | null | undefined): string;
  /** Money without the cents, for charts and tiles. */
  moneyShort(minor: number | bigint | string | null | undefined): string;
  number(value: number | null | undefined, fractionDigits?: number): string;
  /** A share in [0, 1] as a percentage. */
  percent(share: number | null | undefined, fractionDigits?: number): string;
  /** A shop calendar day, "YYYY-MM-DD", as it is: no time zone moves it. */
  day(ymd: string | null | undefined): string;
  /** An instant, in the shop's time zone. */
  dateTime(at: Date | string | null | undefined): string;
  /** The shop's calendar day of an instant. */
  dayOf(at: Date | string | null | undefined): string;
}

const DASH = "–";

/**
 * Number, money and date formatting for one page, in the admin's language and the shop's currency and time zone.
 * The server and the browser format with the same arguments, so their HTML agrees (no hydration mismatch).
 */
export function formats(locale: Locale, options: { currency: string; timeZone: string }): Formats {
  const tag = locale === "ko" ? "ko-KR" : "en-US";
  const money = new Intl.NumberFormat(tag, { style: "currency", currency: options.currency });
  const digits = currencyExponent(options.currency);
  const moneyShort = new Intl.NumberFormat(tag, { style: "currency", currency: options.currency, maximumFractionDigits: 0 });
  const day = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeZone: "UTC" });
  const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short", timeZone: options.timeZone });
  const dayOf = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeZone: options.timeZone });
  const major = (minor: number | bigint | string) => Number(minor) / 10 ** digits;
  return {
    money: (minor) => (minor === null || minor === undefined ? DASH : money.format(major(minor))),
    moneyShort: (minor) => (minor === null || minor === undefined ? DASH : moneyShort.format(major(minor))),
    number: (value, fractionDigits = 0) =>
      value === null || value === undefined || !Number.isFinite(value)
        ? DASH
        : new Intl.NumberFormat(tag, { maximumFractionDigits: fractionDigits, minimumFractionDigits: fractionDigits }).format(value),
    percent: (share, fractionDigits = 0) =>
      share === null || share === undefined || !Number.isFinite(share)
        ? DASH
        : new Intl.NumberFormat(tag, { style: "percent", maximumFractionDigits: fractionDigits, minimumFractionDigits: fractionDigits }).format(share),
    day: (ymd) => (ymd ? day.format(new Date(`${ymd}T00:00:00Z`)) : DASH),
    dateTime: (at) => (at ? dateTime.format(typeof at === "string" ? new Date(at) : at) : DASH),
    dayOf: (at) => (at ? dayOf.format(typeof at === "string" ? new Date(at) : at) : DASH),
  };
}
