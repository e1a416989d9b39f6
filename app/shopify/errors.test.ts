import { describe, expect, test } from "vitest";
import { z } from "zod";
import { classifyFailure, classifyStatus, MissingSessionError, retryDelayMs, ShopifyGraphqlError, TerminalError } from "./errors.ts";

describe("classifyFailure", () => {
  test.each([401, 402, 403, 404, 423])("HTTP %i is terminal", (status) => {
    expect(classifyStatus(status).kind).toBe("terminal");
    expect(classifyFailure(new Response(null, { status })).kind).toBe("terminal");
  });

  test.each([429, 500, 502, 503, 504])("HTTP %i is retried", (status) => {
    expect(classifyStatus(status).kind).toBe("retry");
  });

  test("429 passes Shopify's Retry-After on, from a thrown Response or the library's error", () => {
    expect(classifyFailure(new Response(null, { status: 429, headers: { "Retry-After": "2.0" } }))).toMatchObject({ kind: "retry", afterMs: 2_000 });
    expect(classifyFailure({ response: { code: 429, retryAfter: 1.5 } })).toMatchObject({ kind: "retry", afterMs: 1_500 });
  });

  test("THROTTLED waits for the bucket to restore the request's cost", () => {
    const cost = { requestedQueryCost: 120, throttleStatus: { maximumAvailable: 2_000, currentlyAvailable: 20, restoreRate: 100 } };
    expect(classifyFailure(new ShopifyGraphqlError("Q", "Throttled", { code: "THROTTLED", cost }))).toEqual({
      kind: "retry",
      reason: "throttled by Shopify (THROTTLED)",
      afterMs: 1_050,
    });
  });

  test("malformed input, a missing session and our own TerminalError are terminal", () => {
    expect(classifyFailure(z.object({ a: z.string() }).safeParse({}).error).kind).toBe("terminal");
    expect(classifyFailure(new SyntaxError("Unexpected token")).kind).toBe("terminal");
    expect(classifyFailure(new MissingSessionError("none")).kind).toBe("terminal");
    expect(classifyFailure(new TerminalError("gone"))).toEqual({ kind: "terminal", reason: "gone" });
  });

  test("no answer, a network error and anything unknown are retried", () => {
    expect(classifyFailure(new DOMException("timed out", "TimeoutError")).kind).toBe("retry");
    expect(classifyFailure(new TypeError("fetch failed", { cause: Object.assign(new Error("x"), { code: "ECONNRESET" }) }))).toMatchObject({
      kind: "retry",
      reason: "network error (ECONNRESET)",
    });
    expect(classifyFailure(new Error("SQLITE_BUSY")).kind).toBe("retry");
  });
});

describe("retryDelayMs", () => {
  const policy = { baseMs: 1_000, maxMs: 8_000 };

  test("doubles from the base up to the cap, less up to half", () => {
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, policy, 0, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, policy, 0, () => 0))).toEqual([500, 1_000, 2_000, 4_000, 4_000]);
  });

  test("a wait the answer asked for is kept, plus up to a fifth", () => {
    expect(retryDelayMs(1, policy, 3_000, () => 0)).toBe(3_000);
    expect(retryDelayMs(6, policy, 3_000, () => 1)).toBe(3_600);
  });
});
