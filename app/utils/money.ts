/**
 * Money as integer minor units (cents, yen, fils). Shopify sends decimal strings; parsing
 * them digit by digit keeps every amount exact, where parseFloat would not.
 */

const exponents = new Map<string, number>();

/** Number of minor-unit digits of an ISO 4217 currency (USD 2, JPY 0, KWD 3). */
export function currencyExponent(currencyCode: string): number {
  let exponent = exponents.get(currencyCode);
  if (exponent === undefined) {
    try {
      exponent = new Intl.NumberFormat("en", { style: "currency", currency: currencyCode }).resolvedOptions()
        .maximumFractionDigits ?? 2;
    } catch {
      throw new Error(`Unknown currency code "${currencyCode}"`);
    }
    exponents.set(currencyCode, exponent);
  }
  return exponent;
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
