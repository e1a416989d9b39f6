import { describe, expect, test } from "vitest";
import { Pacer, type PaceTicket } from "./pacer.ts";
import type { QueryCost, ThrottleStatus } from "./throttle.ts";

/** A clock whose sleeps end only when the test advances it, in order. */
function virtualClock() {
  let nowMs = 0;
  const timers: { at: number; wake: () => void }[] = [];
  return {
    now: () => nowMs,
    sleep: (ms: number) =>
      new Promise<void>((wake) => {
        timers.push({ at: nowMs + ms, wake });
        timers.sort((a, b) => a.at - b.at);
      }),
    /** Moves the clock `ms` on, waking each sleeper at its time and letting it run before the next. */
    async advance(ms: number) {
      const end = nowMs + ms;
      await settled();
      for (let timer = timers[0]; timer && timer.at <= end; timer = timers[0]) {
        timers.shift();
        nowMs = timer.at;
        timer.wake();
        await settled();
      }
      nowMs = end;
    },
    get sleeping() {
      return timers.length;
    },
  };
}

const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Shopify's bucket on the same clock: takes the requested cost up front, gives back what the call did not cost. */
function shopifyBucket(clock: { now: () => number }, maximumAvailable = 1000, restoreRate = 50) {
  let level = maximumAvailable;
  let at = clock.now();
  const refill = () => {
    level = Math.min(maximumAvailable, level + ((clock.now() - at) / 1000) * restoreRate);
    at = clock.now();
  };
  const status = (): ThrottleStatus => ({ maximumAvailable, currentlyAvailable: Math.floor(level), restoreRate });
  return {
    /** Answers one call's cost report, as Shopify would at this moment. */
    answer(requested: number, actual = requested): QueryCost {
      refill();
      if (level < requested) return { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: status() };
      level -= actual;
      return { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: status() };
    },
    take(points: number) {
      refill();
      level -= points;
    },
    get level() {
      refill();
      return level;
    },
  };
}

/** One call through the pacer to the bucket: waits, is answered, settles; resolves with the answer's cost. */
async function call(pacer: Pacer, bucket: ReturnType<typeof shopifyBucket>, operation: string, requested: number, actual = requested, key = "a.myshopify.com") {
  const ticket = await pacer.acquire(key, operation);
  const cost = bucket.answer(requested, actual);
  pacer.settle(ticket, cost);
  return cost;
}

describe("Pacer", () => {
  test("sixty 82-point calls at once on a 1,000-point bucket restoring 50 a second: none throttled, none later than the bucket allows", async () => {
    const clock = virtualClock();
    const pacer = new Pacer(clock);
    const bucket = shopifyBucket(clock);
    const sentAt: number[] = [];
    const calls = Array.from({ length: 60 }, async () => {
      const ticket = await pacer.acquire("a.myshopify.com", "CostlyCustomers");
      sentAt.push(clock.now());
      const cost = bucket.answer(82);
      pacer.settle(ticket, cost);
      return cost;
    });
    while (clock.sleeping > 0 || sentAt.length < 60) await clock.advance(100);
    const answers = await Promise.all(calls);
    expect(answers.filter((cost) => cost.actualQueryCost === null)).toEqual([]);
    // The last one needs 59 × 82 points taken and 82 + 100 left: (4838 + 182 − 1000) / 50 = 80.4 s after the first.
    expect(Math.max(...sentAt)).toBeGreaterThanOrEqual(80_400);
    expect(Math.max(...sentAt)).toBeLessThanOrEqual(80_400 + 60);
    // The reserve held: the bucket never went below 100 points less a call's worth of rounding.
    expect(bucket.level).toBeGreaterThanOrEqual(99);
  });

  test("while the shop's bucket is unknown one call goes first and the others wait for its answer", async () => {
    const clock = virtualClock();
    const pacer = new Pacer(clock);
    const first = await pacer.acquire("a.myshopify.com", "ShopDetails");
    let second: PaceTicket | null = null;
    void pacer.acquire("a.myshopify.com", "ShopDetails").then((ticket) => {
      second = ticket;
    });
    await clock.advance(10_000);
    expect(second).toBeNull();
    pacer.settle(first, { requestedQueryCost: 2, actualQueryCost: 2, throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 998, restoreRate: 50 } });
    await clock.advance(0);
    expect(second).toMatchObject({ reserved: 2 });
  });

  test("a first call that gets no cost report lets the next one go first", async () => {
    const clock = virtualClock();
    const pacer = new Pacer(clock);
    const first = await pacer.acquire("a.myshopify.com", "ShopDetails");
    const waiting = [pacer.acquire("a.myshopify.com", "ShopDetails"), pacer.acquire("a.myshopify.com", "ShopDetails")];
    pacer.settle(first, undefined); // a 503, say
    const next = await waiting[0]!;
    expect(next.reserved).toBe(0); // still nothing known: it goes at once, alone
    let third: PaceTicket | null = null;
    void waiting[1]!.then((ticket) => {
      third = ticket;
    });
    await clock.advance(0);
    expect(third).toBeNull();
    pacer.settle(next, { requestedQueryCost: 2, actualQueryCost: 2, throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 998, restoreRate: 50 } });
    expect(await waiting[1]!).toMatchObject({ reserved: 2 });
  });

  test("an operation not answered yet is expected to cost firstCost, then what it last asked for", async () => {
    const clock = virtualClock();
    const pacer = new Pacer({ ...clock, firstCost: 25 });
    const bucket = shopifyBucket(clock);
    expect(pacer.expectedCost("CustomerTagsAdd")).toBe(25);
    await call(pacer, bucket, "ShopDetails", 2);
    const ticket = await pacer.acquire("a.myshopify.com", "CustomerTagsAdd");
    expect(ticket.reserved).toBe(25);
    pacer.settle(ticket, bucket.answer(10));
    expect(pacer.expectedCost("CustomerTagsAdd")).toBe(10);
    expect((await pacer.acquire("a.myshopify.com", "CustomerTagsAdd")).reserved).toBe(10);
  });

  test("calls made at once queue behind each other: each waits its predecessor's cost at the restore rate", async () => {
    const clock = virtualClock();
    const pacer = new Pacer({ ...clock, reserve: 0 });
    const bucket = shopifyBucket(clock);
    await call(pacer, bucket, "Costly", 100);
    bucket.take(800); // the bucket holds 100 now, and the pacer knows it from the next answer
    await call(pacer, bucket, "Costly", 100, 0);
    const sentAt: number[] = [];
    const calls = [1, 2, 3].map(() => pacer.acquire("a.myshopify.com", "Costly").then(() => sentAt.push(clock.now())));
    await clock.advance(10_000);
    await Promise.all(calls);
    // 100 there: the first goes at once, then one per 100 points at 50/s.
    expect(sentAt).toEqual([0, 2_000, 4_000]);
  });

  test("what a call did not cost is given back, so the next call need not wait for it", async () => {
    const clock = virtualClock();
    const pacer = new Pacer({ ...clock, reserve: 0 });
    const bucket = shopifyBucket(clock, 200, 10);
    // Each asks for 100 and costs 4: with 100 taken and not given back, the third would wait 0.8 s.
    for (let i = 0; i < 3; i++) await call(pacer, bucket, "Costly", 100, 4);
    const ticket = await pacer.acquire("a.myshopify.com", "Costly");
    expect(ticket.reserved).toBe(100);
    expect(clock.now()).toBe(0);
  });

  test("an answer reporting fewer points than the estimate (another process spends them) lowers it", async () => {
    const clock = virtualClock();
    const pacer = new Pacer({ ...clock, reserve: 0 });
    const bucket = shopifyBucket(clock);
    await call(pacer, bucket, "Costly", 100);
    bucket.take(850); // another process
    await call(pacer, bucket, "Cheap", 10, 10);
    // 40 points left: a 100-point call waits 60 points at 50/s.
    let sent = -1;
    void pacer.acquire("a.myshopify.com", "Costly").then(() => {
      sent = clock.now();
    });
    await clock.advance(5_000);
    expect(sent).toBe(1_200);
  });

  test("a THROTTLED answer gives the points back and teaches the bucket's state", async () => {
    const clock = virtualClock();
    const pacer = new Pacer({ ...clock, reserve: 0 });
    const bucket = shopifyBucket(clock);
    await call(pacer, bucket, "Costly", 100);
    bucket.take(880); // 20 left
    const throttled = await call(pacer, bucket, "Costly", 100);
    expect(throttled.actualQueryCost).toBeNull();
    let sent = -1;
    void pacer.acquire("a.myshopify.com", "Costly").then(() => {
      sent = clock.now();
    });
    await clock.advance(5_000);
    // 20 there, 100 needed: 1.6 s; the throttled call's 100 points were not counted as taken.
    expect(sent).toBe(1_600);
  });

  test("a call answered without a cost report (5xx, no answer in time) counts as taken", async () => {
    const clock = virtualClock();
    const pacer = new Pacer({ ...clock, reserve: 0 });
    const bucket = shopifyBucket(clock, 200, 50);
    await call(pacer, bucket, "Costly", 100, 100); // 100 left
    pacer.settle(await pacer.acquire("a.myshopify.com", "Costly"), undefined); // 0 left, as far as the pacer knows
    let sent = -1;
    void pacer.acquire("a.myshopify.com", "Costly").then(() => {
      sent = clock.now();
    });
    await clock.advance(5_000);
    expect(sent).toBe(2_000);
  });

  test("keeps a reserve of the maximum for other callers", async () => {
    const clock = virtualClock();
    const pacer = new Pacer({ ...clock, reserve: 0.25 });
    const bucket = shopifyBucket(clock, 1000, 50);
    await call(pacer, bucket, "Costly", 100, 100); // 900 left
    bucket.take(600); // 300 left
    await call(pacer, bucket, "Cheap", 0, 0);
    // 300 there, 100 + 250 needed: 1 s.
    let sent = -1;
    void pacer.acquire("a.myshopify.com", "Costly").then(() => {
      sent = clock.now();
    });
    await clock.advance(5_000);
    expect(sent).toBe(1_000);
  });

  test("shops, and clients without a shop, have buckets of their own", async () => {
    const clock = virtualClock();
    const pacer = new Pacer(clock);
    const a = shopifyBucket(clock);
    await call(pacer, a, "Costly", 100, 100, "a.myshopify.com");
    a.take(900);
    await call(pacer, a, "Cheap", 0, 0, "a.myshopify.com");
    // Shop a is empty; shop b and a client object are unknown, so their first calls go at once.
    expect((await pacer.acquire("b.myshopify.com", "Costly")).reserved).toBe(0);
    const client = {};
    expect((await pacer.acquire(client, "Costly")).reserved).toBe(0);
    expect(clock.sleeping).toBe(0);
  });

  test("refuses a reserve that is not a part of the bucket", () => {
    expect(() => new Pacer({ reserve: 1 })).toThrow(/reserve is a part of the bucket.*got 1/);
    expect(() => new Pacer({ reserve: -0.1 })).toThrow(RangeError);
  });
});
