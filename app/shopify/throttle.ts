/** Shopify's cost report, in every Admin GraphQL response's `extensions.cost`. */
export interface QueryCost {
  requestedQueryCost?: number;
  actualQueryCost?: number | null;
  throttleStatus?: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

/**
 * How long to wait before retrying a THROTTLED request: the time the bucket needs to refill
 * the points the request asks for (shopify.dev "GraphQL Admin API rate limits").
 */
export function throttleDelayMs(cost: QueryCost | undefined, fallbackMs = 1000): number {
  const status = cost?.throttleStatus;
  const requested = cost?.requestedQueryCost;
  if (!status || requested === undefined || status.restoreRate <= 0) return fallbackMs;
  const missing = Math.max(0, requested - status.currentlyAvailable);
  return Math.ceil((missing / status.restoreRate) * 1000) + 50;
}
