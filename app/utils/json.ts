/**
 * JSON.parse that keeps integers beyond 2^53 exact by returning them as strings.
 * Shopify's numeric ids (order 820982911946154508) do not fit a double.
 */
export function parseJsonKeepingBigIntegers(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown, context?: { source?: string }) => {
    if (typeof value === "number" && !Number.isSafeInteger(value) && context?.source && /^-?\d+$/.test(context.source)) {
      return context.source;
    }
    return value;
  });
}
