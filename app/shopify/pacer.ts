import { isPaceable, paceDelayMs, pointsAt, type QueryCost, type ThrottleStatus } from "./throttle.ts";

/**
 * Paces Admin API calls per shop so that the app's cost bucket is not run dry (decision 0008).
 *
 * Per shop it keeps an estimate of the bucket: the last `throttleStatus` Shopify reported, when it was seen, less the
 * points promised to calls that are waiting to be sent. Per operation name it keeps the last `requestedQueryCost`,
 * the expected cost of the next call. Before a call, `acquire` waits until the estimate holds the expected cost plus
 * the reserve, then takes the expected cost from it, so that calls made at once in the same process go one after
 * another instead of together. After the answer, `settle` gives back what the call did not cost and lowers the
 * estimate to what Shopify reported when that is less (another process, a call the estimate missed).
 *
 * While a shop's bucket or an operation's cost is unknown, one call goes first and the others that need what it
 * will tell wait for its answer.
 */
export interface PacerClock {
  /** Milliseconds on the clock the shop's bucket restores by (performance.now() for Shopify; a scaled one in benchmarks). */
  readonly now: () => number;
  /** Waits this many milliseconds of that clock. */
  readonly sleep: (ms: number) => Promise<void>;
}

export interface PacerOptions extends Partial<PacerClock> {
  /** Part of the bucket left for other callers (other processes, other clients): 0.1 keeps 10% of the maximum. */
  readonly reserve?: number;
  /** Expected cost of an operation never answered yet. */
  readonly firstCost?: number;
}

/** A call `acquire` let through; hand it back to `settle` with the answer's cost, or undefined when there was none. */
export interface PaceTicket {
  readonly operation: string;
  /** Points taken from the estimate for this call. */
  readonly reserved: number;
  readonly bucket: ShopBucket;
  readonly release: (() => void) | null;
}

interface ShopBucket {
  /** The estimate: Shopify's last status, less what was promised since; null until Shopify has reported one. */
  status: ThrottleStatus | null;
  seenAtMs: number;
  /** Points taken by calls still waiting to be sent, which no status from Shopify can include yet. */
  waiting: number;
  /** The answer of the call that went first while something was unknown. */
  probe: Promise<void> | null;
}

const DEFAULTS = { reserve: 0.1, firstCost: 10 } as const;

export class Pacer {
  private readonly clock: PacerClock;
  private readonly reserve: number;
  private readonly firstCost: number;
  private readonly byShop = new Map<string, ShopBucket>();
  private readonly byClient = new WeakMap<object, ShopBucket>();
  private readonly costs = new Map<string, number>();

  constructor(options: PacerOptions = {}) {
    this.clock = { now: options.now ?? (() => performance.now()), sleep: options.sleep ?? sleepFor };
    this.reserve = options.reserve ?? DEFAULTS.reserve;
    this.firstCost = options.firstCost ?? DEFAULTS.firstCost;
    if (!(this.reserve >= 0 && this.reserve < 1)) throw new RangeError(`Pacer: reserve is a part of the bucket, at least 0 and below 1, got ${this.reserve}`);
  }

  /** The expected cost of `operation`: its last requested cost, or `firstCost`. */
  expectedCost(operation: string): number {
    return this.costs.get(operation) ?? this.firstCost;
  }

  /**
   * Waits until a call of `operation` may go to the shop `key` (its domain, or the client object when the domain is
   * not known) and takes its expected cost from the estimate.
   */
  async acquire(key: string | object, operation: string): Promise<PaceTicket> {
    const bucket = this.bucketOf(key);
    while (bucket.probe && (bucket.status === null || !this.costs.has(operation))) await bucket.probe;
    const release = bucket.status === null || !this.costs.has(operation) ? goFirst(bucket) : null;
    if (bucket.status === null) return { operation, reserved: 0, bucket, release };

    const cost = this.expectedCost(operation);
    const now = this.clock.now();
    const wait = paceDelayMs(bucket.status, bucket.seenAtMs, now, cost, this.reserve * bucket.status.maximumAvailable);
    // Taken now, so that the next caller waits behind this one; the bucket restores from below zero the same way.
    bucket.status = { ...bucket.status, currentlyAvailable: pointsAt(bucket.status, bucket.seenAtMs, now) - cost };
    bucket.seenAtMs = now;
    if (wait > 0) {
      bucket.waiting += cost;
      try {
        await this.clock.sleep(wait);
      } catch (error) {
        release?.();
        throw error;
      } finally {
        bucket.waiting -= cost;
      }
    }
    return { operation, reserved: cost, bucket, release };
  }

  /** Learns from the answer's `extensions.cost`: the operation's cost, what the call really took, the shop's bucket. */
  settle(ticket: PaceTicket, cost: QueryCost | undefined): void {
    const { bucket } = ticket;
    if (cost?.requestedQueryCost !== undefined) this.costs.set(ticket.operation, cost.requestedQueryCost);
    const now = this.clock.now();
    if (bucket.status !== null && ticket.reserved > 0 && cost) {
      // Shopify charges the actual cost, or nothing when it throttled the call; without a report, the call counts as taken.
      const taken = typeof cost.actualQueryCost === "number" ? cost.actualQueryCost : 0;
      const estimate = pointsAt(bucket.status, bucket.seenAtMs, now) + ticket.reserved - taken;
      bucket.status = { ...bucket.status, currentlyAvailable: estimate };
      bucket.seenAtMs = now;
    }
    const reported = cost?.throttleStatus;
    if (isPaceable(reported)) {
      const fromShopify = reported.currentlyAvailable - bucket.waiting;
      const estimate = bucket.status === null ? Number.POSITIVE_INFINITY : pointsAt(bucket.status, bucket.seenAtMs, now);
      bucket.status = { ...reported, currentlyAvailable: Math.min(fromShopify, estimate) };
      bucket.seenAtMs = now;
    }
    ticket.release?.();
  }

  private bucketOf(key: string | object): ShopBucket {
    const known = typeof key === "string" ? this.byShop.get(key) : this.byClient.get(key);
    if (known) return known;
    const bucket: ShopBucket = { status: null, seenAtMs: 0, waiting: 0, probe: null };
    if (typeof key === "string") this.byShop.set(key, bucket);
    else this.byClient.set(key, bucket);
    return bucket;
  }
}

/** Makes the caller the one that goes first; the others wait until it calls the returned release. */
function goFirst(bucket: ShopBucket): () => void {
  let answer = () => {};
  const answered = new Promise<void>((resolve) => {
    answer = resolve;
  });
  bucket.probe = answered;
  return () => {
    if (bucket.probe === answered) bucket.probe = null;
    answer();
  };
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let processPacer = new Pacer();

/** The pacer Admin API calls use unless they are given one. */
export function defaultPacer(): Pacer {
  return processPacer;
}

/**
 * Sets the clock of the process's pacer: the one the shops' buckets restore by, and a sleep in its milliseconds. For
 * a benchmark that runs the simulator's bucket on a scaled clock. The pacer starts over, knowing no shop.
 */
export function setPacerClock(clock: PacerClock, options: Omit<PacerOptions, keyof PacerClock> = {}): void {
  processPacer = new Pacer({ ...options, ...clock });
}
