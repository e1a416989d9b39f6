/**
 * Money as integer minor units (cents, yen, fils). Shopify sends decimal strings; parsing
 * them digit by digit keeps every amount exact, where parseFloat would not.
 */

// ISO 4217 minor units where they differ from 2 (ISO 4217 list one, 2024).
const MINOR_UNITS: Record<string, number> = {
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
  UYI: 0,
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
  CLF: 4,
  UYW: 4,
};

let known: Set<string> | undefined;

/** Number of ISO 4217 minor-unit digits of a currency (USD 2, JPY 0, KWD 3). */
export function currencyExponent(currencyCode: string): number {
  known ??= new Set(Intl.supportedValuesOf("currency"));
  if (!known.has(currencyCode)) throw new Error(`Unknown currency code "${currencyCode}"`);
  return MINOR_UNITS[currencyCode] ?? 2;
}

/** "404.95" USD -> 40495n. Rejects anything that is not a plain decimal number. */
export function toMinorUnits(amount: string | number, currencyCode: string): bigint {
  const text = typeof amount === "number" ? String(amount) : amount.trim();
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new Error(`"${text}" is not a decimal amount`);
  const [, sign, whole, fraction = ""] = match;
  const exponent = currencyExponent(currencyCode);
  const kept = fraction.slice(0, exponent).padEnd(exponent, "0");
  if (/[1-9]/.test(fraction.slice(exponent))) {
    throw new Error(`"${text}" has more decimals than ${currencyCode} allows (${exponent})`);
  }
  const minor = BigInt(`${whole}${kept}`);
  return sign === "-" ? -minor : minor;
}

/** 40495n USD -> "404.95". */
export function fromMinorUnits(minor: bigint, currencyCode: string): string {
  const exponent = currencyExponent(currencyCode);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, "0");
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? "-" : ""}${whole}${exponent > 0 ? `.${fraction}` : ""}`;
}
