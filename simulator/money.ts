/**
 * Money as integer minor units. Shopify shows amounts as decimal strings: REST payloads with the currency's
 * fixed number of decimals ("404.95", "0.00"), GraphQL `Decimal` without trailing zeros but with at least one
 * decimal ("25.98", "10.0", "0.0").
 */

/** ISO 4217 minor-unit exponents that differ from 2. */
const EXPONENTS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency] ?? 2;
}

function splitMinor(minor: number, currency: string): { sign: string; whole: string; fraction: string } {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Money amount ${minor} is not an integer number of minor units`);
  const exponent = currencyExponent(currency);
  const digits = String(Math.abs(minor)).padStart(exponent + 1, "0");
  return {
    sign: minor < 0 ? "-" : "",
    whole: digits.slice(0, digits.length - exponent),
    fraction: digits.slice(digits.length - exponent),
  };
}

/** REST style: "404.95", "0.00", "1200" (JPY). */
export function formatMinor(minor: number, currency: string): string {
  const { sign, whole, fraction } = splitMinor(minor, currency);
  return fraction ? `${sign}${whole}.${fraction}` : `${sign}${whole}`;
}

/** GraphQL `Decimal` style: "404.95", "10.0", "0.0". */
export function formatDecimal(minor: number, currency: string): string {
  const { sign, whole, fraction } = splitMinor(minor, currency);
  const trimmed = fraction.replace(/0+$/, "");
  return `${sign}${whole}.${trimmed || "0"}`;
}

/** Parses "12.5" / "12.50" / 12.5 into minor units of `currency`; null when it is not a plain decimal. */
export function parseDecimalToMinor(value: unknown, currency: string): number | null {
  const text = typeof value === "number" ? String(value) : value;
  if (typeof text !== "string") return null;
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match || !match[2]) return null;
  const exponent = currencyExponent(currency);
  const fraction = (match[3] ?? "").padEnd(exponent, "0");
  if (fraction.length > exponent && /[^0]/.test(fraction.slice(exponent))) return null;
  const minor = Number(match[2]) * 10 ** exponent + Number(fraction.slice(0, exponent) || "0");
  return match[1] ? -minor : minor;
}

/**
 * Fixed exchange rates (value of one unit in USD). Shopify converts presentment money to shop money with the rate
 * of the moment; the simulator keeps one rate per currency so results are reproducible.
 */
export const USD_PER_UNIT: Readonly<Record<string, number>> = {
  USD: 1,
  EUR: 1.08,
  GBP: 1.27,
  CAD: 0.73,
  AUD: 0.66,
  NZD: 0.6,
  CHF: 1.13,
  SEK: 0.095,
  NOK: 0.093,
  DKK: 0.145,
  PLN: 0.25,
  CZK: 0.043,
  JPY: 0.0067,
  KRW: 0.00074,
  CNY: 0.14,
  HKD: 0.128,
  SGD: 0.74,
  INR: 0.012,
  MXN: 0.055,
  BRL: 0.2,
  ZAR: 0.054,
  AED: 0.272,
  KWD: 3.25,
};

export function supportedCurrencies(): string[] {
  return Object.keys(USD_PER_UNIT).sort();
}

function usdPerUnit(currency: string): number {
  const rate = USD_PER_UNIT[currency];
  if (rate === undefined) {
    throw new RangeError(`Currency ${currency} has no exchange rate in the simulator; supported: ${supportedCurrencies().join(", ")}`);
  }
  return rate;
}

/** Rate that turns one minor unit of `from` into minor units of `to`. */
export function minorUnitRate(from: string, to: string): number {
  if (from === to) return 1;
  return (usdPerUnit(from) / usdPerUnit(to)) * 10 ** (currencyExponent(to) - currencyExponent(from));
}

export function convertMinor(minor: number, rate: number): number {
  return Math.round(minor * rate);
}
