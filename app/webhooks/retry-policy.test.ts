import { describe, expect, test } from "vitest";
import { z, ZodError } from "zod";
import { MAX_ATTEMPTS, nextAttemptAt, PermanentError } from "./retry-policy.ts";
import { OrderPayload } from "./payloads.ts";

const now = new Date("2024-06-01T12:00:00.000Z");
const HOUR = 60 * 60 * 1000;

function delayMs(error: unknown, attempts: number): number | null {
  const next = nextAttemptAt(error, attempts, now);
  return next === null ? null : next.getTime() - now.getTime();
}

describe("nextAttemptAt: terminal errors", () => {
  test("a ZodError from a payload schema is never retried", () => {
    const result = OrderPayload.safeParse({ admin_graphql_api_id: "gid://shopify/Order/1" });
    expect(result.success).toBe(false);
    expect(nextAttemptAt(result.error, 0, now)).toBeNull();
    expect(nextAttemptAt(new ZodError([]), 1, now)).toBeNull();
  });

  test("a ZodError thrown by parse is never retried", () => {
    let thrown: unknown;
    try {
      z.object({ id: z.string() }).parse({ id: 1 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ZodError);
    expect(nextAttemptAt(thrown, 0, now)).toBeNull();
  });

  test("a PermanentError is never retried", () => {
    expect(nextAttemptAt(new PermanentError("order belongs to another shop"), 0, now)).toBeNull();
    class NotOurs extends PermanentError {}
    expect(nextAttemptAt(new NotOurs("subclass"), 3, now)).toBeNull();
  });

  test("a SyntaxError (body is not JSON) is never retried", () => {
    let thrown: unknown;
    try {
      JSON.parse("{");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SyntaxError);
    expect(nextAttemptAt(thrown, 0, now)).toBeNull();
  });

  test("PermanentError is an Error with its message", () => {
    const error = new PermanentError("no such shop");
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe("no such shop");
  });
});

describe("nextAttemptAt: retried errors", () => {
  test("MAX_ATTEMPTS is 10", () => {
    expect(MAX_ATTEMPTS).toBe(10);
  });

  test("retries a transient error after 1 s, then doubles", () => {
    const error = new Error("SQLITE_BUSY: database is locked");
    expect(delayMs(error, 0)).toBe(1_000);
    expect(delayMs(error, 1)).toBe(2_000);
    expect(delayMs(error, 2)).toBe(4_000);
    expect(delayMs(error, 5)).toBe(32_000);
    expect(delayMs(error, 9)).toBe(512_000);
  });

  test("returns a new date after now, leaving now unchanged", () => {
    const before = now.getTime();
    const next = nextAttemptAt(new Error("timeout"), 3, now);
    expect(next).toEqual(new Date("2024-06-01T12:00:08.000Z"));
    expect(now.getTime()).toBe(before);
  });

  test("backoff grows with every attempt and never exceeds one hour", () => {
    const delays: number[] = [];
    for (let attempts = 0; attempts < MAX_ATTEMPTS; attempts++) {
      const delay = delayMs(new Error("network"), attempts);
      expect(delay).not.toBeNull();
      delays.push(delay ?? Number.NaN);
    }
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1] ?? Infinity);
    for (const delay of delays) expect(delay).toBeLessThanOrEqual(HOUR);
    for (let attempts = 0; attempts < 40; attempts++) {
      const delay = delayMs(new Error("network"), attempts);
      if (delay !== null) expect(delay).toBeLessThanOrEqual(HOUR);
    }
  });

  test("gives up at MAX_ATTEMPTS", () => {
    expect(nextAttemptAt(new Error("network"), MAX_ATTEMPTS - 1, now)).not.toBeNull();
    expect(nextAttemptAt(new Error("network"), MAX_ATTEMPTS, now)).toBeNull();
    expect(nextAttemptAt(new Error("network"), MAX_ATTEMPTS + 5, now)).toBeNull();
  });

  test("retries values that are not Errors", () => {
    expect(delayMs("connection reset", 0)).toBe(1_000);
    expect(delayMs(undefined, 1)).toBe(2_000);
    expect(delayMs(new TypeError("fetch failed"), 2)).toBe(4_000);
  });
});
