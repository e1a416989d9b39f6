/** Shopify's cost report, in every Admin GraphQL response's `extensions.cost`. */
export interface QueryCost {
  requestedQueryCost?: number;
  actualQueryCost?: number | null;
  throttleStatus?: ThrottleStatus;
}

/** The app's calculated-cost bucket for one shop, as `extensions.cost.throttleStatus` reports it. */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  /** Points restored per second. */
  restoreRate: number;
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

/**
 * The points in the bucket at `atMs`, given `status` seen at `seenAtMs`: Shopify's leaky bucket restores
 * `restoreRate` points a second, linearly, up to `maximumAvailable` (shopify.dev "GraphQL Admin API rate limits").
 * A `currentlyAvailable` below zero (points already promised to calls not yet sent) restores the same way.
 *
 * @example pointsAt({ maximumAvailable: 1000, currentlyAvailable: 100, restoreRate: 50 }, 0, 2_000) // 200
 */
export function pointsAt(status: ThrottleStatus, seenAtMs: number, atMs: number): number {
  assertBucket(status);
  const elapsedSeconds = Math.max(0, atMs - seenAtMs) / 1000;
  return Math.min(status.maximumAvailable, status.currentlyAvailable + elapsedSeconds * status.restoreRate);
}

/**
 * How long to wait, from `nowMs`, before sending a call expected to cost `cost` points, so that the bucket
 * (`status` seen at `seenAtMs`) holds the cost plus `reserve` points left for other callers when it is sent. The
 * points needed are capped at the bucket's maximum, so a call costing more than the bucket holds waits for a full
 * bucket rather than forever. A status dated after `nowMs` is waited for first.
 *
 * With `a` the points at the send time, `r` the restore rate and `need = min(maximum, cost + reserve)`, the wait
 * is `max(0, need − a) / r` seconds, rounded up to the millisecond.
 *
 * @example paceDelayMs({ maximumAvailable: 1000, currentlyAvailable: 20, restoreRate: 50 }, 0, 0, 80, 100) // 3200
 */
export function paceDelayMs(status: ThrottleStatus, seenAtMs: number, nowMs: number, cost: number, reserve = 0): number {
  if (!(cost >= 0) || !(reserve >= 0)) throw new RangeError(`paceDelayMs: cost (${cost}) and reserve (${reserve}) must be numbers of at least 0`);
  const sendAtMs = Math.max(nowMs, seenAtMs);
  const need = Math.min(status.maximumAvailable, cost + reserve);
  const missing = Math.max(0, need - pointsAt(status, seenAtMs, sendAtMs));
  // The epsilon keeps floating-point noise (20.000000000000004 ms) from adding a millisecond.
  return sendAtMs - nowMs + Math.max(0, Math.ceil((missing * 1000) / status.restoreRate - 1e-9));
}

/** Whether a reported status describes a bucket that can be paced against (Shopify's always does). */
export function isPaceable(status: ThrottleStatus | undefined): status is ThrottleStatus {
  return (
    status !== undefined &&
    Number.isFinite(status.maximumAvailable) &&
    status.maximumAvailable > 0 &&
    Number.isFinite(status.restoreRate) &&
    status.restoreRate > 0 &&
    Number.isFinite(status.currentlyAvailable)
  );
}

function assertBucket(status: ThrottleStatus): void {
  if (!isPaceable(status)) {
    throw new RangeError(`a throttle status needs a finite maximumAvailable and restoreRate above 0 and a finite currentlyAvailable, got ${JSON.stringify(status)}`);
  }
}
