/**
 * Shopify's calculated-query-cost limiter: a bucket of `maximumAvailable` points that refills at `restoreRate`
 * points per second. A query is admitted when the bucket holds its requested cost; the requested cost is taken
 * up front and the difference to the actual cost is given back after execution.
 */
export interface BucketSettings {
  maximumAvailable: number;
  restoreRate: number;
}

/** Standard plan, as observed on the Admin API (`maximumAvailable: 2000.0`, `restoreRate: 100.0`). */
export const STANDARD_BUCKET: BucketSettings = { maximumAvailable: 2000, restoreRate: 100 };

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export class LeakyBucket {
  private available: number;
  private updatedAtMs: number;

  /** `nowMs` is the bucket's clock in milliseconds; pass a fake one to test without sleeping. */
  private readonly settings: BucketSettings;
  private readonly nowMs: () => number;

  constructor(settings: BucketSettings, nowMs: () => number) {
    this.settings = settings;
    this.nowMs = nowMs;
    this.available = settings.maximumAvailable;
    this.updatedAtMs = nowMs();
  }

  private refill(): void {
    const now = this.nowMs();
    const elapsedSeconds = Math.max(0, now - this.updatedAtMs) / 1000;
    this.available = Math.min(this.settings.maximumAvailable, this.available + elapsedSeconds * this.settings.restoreRate);
    this.updatedAtMs = now;
  }

  /** Takes `cost` points if the bucket holds them; returns whether it did. */
  tryTake(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  giveBack(points: number): void {
    this.refill();
    this.available = Math.min(this.settings.maximumAvailable, this.available + Math.max(0, points));
  }

  status(): ThrottleStatus {
    this.refill();
    return {
      maximumAvailable: this.settings.maximumAvailable,
      currentlyAvailable: Math.floor(this.available),
      restoreRate: this.settings.restoreRate,
    };
  }
}
