import { describe, expect, test } from "vitest";
import {
  RESCORE_POLICY,
  isLeased,
  requestAfterChange,
  requestAfterFailure,
  requestNow,
  rescoreTrigger,
  type ShopRescoreState,
} from "./schedule.ts";

const at = (iso: string) => new Date(iso);
const minutes = (n: number) => n * 60_000;
const now = at("2026-06-01T12:00:00Z");
const plus = (ms: number) => new Date(now.getTime() + ms);

function shop(overrides: Partial<ShopRescoreState> = {}): ShopRescoreState {
  return {
    state: "installed",
    backfillStatus: "completed",
    backfillCompletedAt: at("2026-05-01T00:00:00Z"),
    rescoreRequestedAt: null,
    rescoreDueAt: null,
    lastRescoreAt: plus(-minutes(60)),
    scoringLockedUntil: null,
    ...overrides,
  };
}

describe("rescoreTrigger", () => {
  test("a shop rescored an hour ago with nothing requested is not due", () => {
    expect(rescoreTrigger(shop(), now)).toBeNull();
  });

  test("a request is due when its time has come, not before", () => {
    expect(rescoreTrigger(shop({ rescoreRequestedAt: plus(-minutes(1)), rescoreDueAt: plus(minutes(1)) }), now)).toBeNull();
    expect(rescoreTrigger(shop({ rescoreRequestedAt: plus(-minutes(2)), rescoreDueAt: now }), now)).toBe("requested");
  });

  test("daily: due 24 hours after the last rescoring began", () => {
    expect(rescoreTrigger(shop({ lastRescoreAt: plus(-RESCORE_POLICY.dailyMs + 1) }), now)).toBeNull();
    expect(rescoreTrigger(shop({ lastRescoreAt: plus(-RESCORE_POLICY.dailyMs) }), now)).toBe("daily");
  });

  test("a shop never rescored is due at once", () => {
    expect(rescoreTrigger(shop({ lastRescoreAt: null, backfillCompletedAt: null }), now)).toBe("daily");
  });

  test("a finished history import triggers a rescoring", () => {
    expect(rescoreTrigger(shop({ backfillCompletedAt: plus(-minutes(5)), lastRescoreAt: plus(-minutes(50)) }), now)).toBe("backfill");
    expect(rescoreTrigger(shop({ backfillCompletedAt: null, lastRescoreAt: null }), now)).toBe("daily");
  });

  test("never while the history is being imported, leased to another process, or uninstalled", () => {
    const due = { rescoreRequestedAt: plus(-minutes(5)), rescoreDueAt: plus(-minutes(1)) };
    expect(rescoreTrigger(shop({ ...due, backfillStatus: "running" }), now)).toBeNull();
    expect(rescoreTrigger(shop({ ...due, scoringLockedUntil: plus(1) }), now)).toBeNull();
    expect(rescoreTrigger(shop({ ...due, state: "uninstalled" }), now)).toBeNull();
    expect(rescoreTrigger(shop({ ...due, scoringLockedUntil: plus(-1) }), now)).toBe("requested");
  });
});

test("a lease is held until the instant it runs out", () => {
  expect(isLeased({ scoringLockedUntil: null }, now)).toBe(false);
  expect(isLeased({ scoringLockedUntil: now }, now)).toBe(true);
  expect(isLeased({ scoringLockedUntil: plus(-1) }, now)).toBe(false);
});

describe("debounce", () => {
  const none = { rescoreRequestedAt: null, rescoreDueAt: null };

  test("a first change is due after the debounce", () => {
    expect(requestAfterChange(none, now)).toEqual({ rescoreRequestedAt: now, rescoreDueAt: plus(RESCORE_POLICY.debounceMs) });
  });

  test("each further change pushes the rescoring back, keeping the first request", () => {
    const first = requestAfterChange(none, now);
    const second = requestAfterChange(first, plus(minutes(1)));
    expect(second).toEqual({ rescoreRequestedAt: now, rescoreDueAt: plus(minutes(1) + RESCORE_POLICY.debounceMs) });
  });

  test("a steady stream of changes waits at most maxDelay after the first", () => {
    let request = requestAfterChange(none, now);
    for (let m = 1; m <= 30; m++) request = requestAfterChange(request, plus(minutes(m)));
    expect(request.rescoreDueAt).toEqual(plus(RESCORE_POLICY.maxDelayMs));
  });

  test("a due time that has come is kept: a change just before the claim does not postpone it", () => {
    const due = { rescoreRequestedAt: plus(-minutes(3)), rescoreDueAt: plus(-minutes(1)) };
    expect(requestAfterChange(due, now)).toEqual(due);
  });

  test("the merchant's request is due at once, and a later change does not postpone it", () => {
    const pending = requestAfterChange(none, plus(-minutes(1)));
    const asked = requestNow(pending, now);
    expect(asked).toEqual({ rescoreRequestedAt: plus(-minutes(1)), rescoreDueAt: now });
    expect(requestAfterChange(asked, plus(1)).rescoreDueAt).toEqual(now);
  });

  test("a failure is retried later, or with a change made meanwhile when that is sooner", () => {
    expect(requestAfterFailure(none, now)).toEqual({ rescoreRequestedAt: now, rescoreDueAt: plus(RESCORE_POLICY.retryAfterFailureMs) });
    const changed = requestAfterChange(none, plus(-minutes(1)));
    expect(requestAfterFailure(changed, now).rescoreDueAt).toEqual(changed.rescoreDueAt);
  });
});
