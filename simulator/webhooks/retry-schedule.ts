/**
 * Shopify retries a failed delivery 8 times over 4 hours with exponential backoff
 * (changelog "Updates to webhook retry mechanism", effective 2024-09-10). Shopify does not publish the exact
 * delays; here each delay doubles and the eight add up to four hours: 56 s, 113 s, 226 s, ... 7228 s.
 */
export const RETRY_COUNT = 8;
export const RETRY_WINDOW_SECONDS = 4 * 60 * 60;

export const RETRY_DELAYS_SECONDS: readonly number[] = Array.from(
  { length: RETRY_COUNT },
  (_, retry) => (RETRY_WINDOW_SECONDS * 2 ** retry) / (2 ** RETRY_COUNT - 1),
);

/** Delay before retry number `retry` (1-based), in milliseconds, scaled by `scale`. */
export function retryDelayMs(retry: number, scale: number): number {
  const seconds = RETRY_DELAYS_SECONDS[retry - 1];
  if (seconds === undefined) throw new RangeError(`Shopify makes at most ${RETRY_COUNT} retries`);
  return seconds * 1000 * scale;
}
