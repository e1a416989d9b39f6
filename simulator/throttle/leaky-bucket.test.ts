import { describe, expect, it } from "vitest";
import { LeakyBucket } from "./leaky-bucket.ts";

describe("LeakyBucket", () => {
  it("admits while it holds the cost, refills at the restore rate, and never exceeds its size", () => {
    let now = 0;
    const bucket = new LeakyBucket({ maximumAvailable: 100, restoreRate: 10 }, () => now);
    expect(bucket.tryTake(60)).toBe(true);
    expect(bucket.tryTake(60)).toBe(false);
    expect(bucket.status()).toEqual({ maximumAvailable: 100, currentlyAvailable: 40, restoreRate: 10 });
    now += 2000;
    expect(bucket.status().currentlyAvailable).toBe(60);
    expect(bucket.tryTake(60)).toBe(true);
    now += 60_000;
    expect(bucket.status().currentlyAvailable).toBe(100);
  });

  it("gives back unused points up to its size", () => {
    const bucket = new LeakyBucket({ maximumAvailable: 100, restoreRate: 10 }, () => 0);
    bucket.tryTake(50);
    bucket.giveBack(30);
    expect(bucket.status().currentlyAvailable).toBe(80);
    bucket.giveBack(500);
    expect(bucket.status().currentlyAvailable).toBe(100);
  });
});
