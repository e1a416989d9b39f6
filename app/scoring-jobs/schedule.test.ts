import { describe, expect, test } from "vitest";
import {
  RESCORE_POLICY,
  nextDailyRescoreAt,
  nextDailySlotAfter,
  nextRescoreAt,
  requestAfterChange,
  requestNow,
  rescoreTrigger,
  type ShopRescoreState,
  withDailyMinute,
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
    nextDailyRescoreAt: plus(minutes(600)),
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

  test("daily: due from the planned time on, and at once when none is planned", () => {
    expect(rescoreTrigger(shop({ nextDailyRescoreAt: plus(1) }), now)).toBeNull();
    expect(rescoreTrigger(shop({ nextDailyRescoreAt: now }), now)).toBe("daily");
    expect(rescoreTrigger(shop({ nextDailyRescoreAt: null }), now)).toBe("daily");
  });

  test("a shop never rescored is due at once", () => {
    expect(rescoreTrigger(shop({ lastRescoreAt: null, backfillCompletedAt: null }), now)).toBe("daily");
  });

  test("a finished history import triggers a rescoring", () => {
    expect(rescoreTrigger(shop({ backfillCompletedAt: plus(-minutes(5)), lastRescoreAt: plus(-minutes(50)) }), now)).toBe("backfill");
    expect(rescoreTrigger(shop({ backfillCompletedAt: null, lastRescoreAt: null }), now)).toBe("daily");
  });

  test("never while the history is being imported, or uninstalled", () => {
    const due = { rescoreRequestedAt: plus(-minutes(5)), rescoreDueAt: plus(-minutes(1)) };
    expect(rescoreTrigger(shop({ ...due, backfillStatus: "running" }), now)).toBeNull();
    expect(rescoreTrigger(shop({ ...due, state: "uninstalled" }), now)).toBeNull();
    expect(rescoreTrigger(shop(due), now)).toBe("requested");
  });

  test("the shop is looked at next for its request, or else for its daily rescoring", () => {
    expect(nextRescoreAt(shop({ rescoreDueAt: plus(minutes(2)) }))).toEqual(plus(minutes(2)));
    expect(nextRescoreAt(shop())).toEqual(plus(minutes(600)));
  });
});

describe("daily rescoring in the shop's time zone", () => {
  test("just after the next local midnight", () => {
    // 12:00 UTC is 21:00 in Seoul (UTC+9): the next local midnight is 15:00 UTC.
    expect(nextDailyRescoreAt("Asia/Seoul", now)).toEqual(at("2026-06-01T15:10:00Z"));
    // and 05:00 in Los Angeles (UTC-7 in June): midnight comes at 07:00 UTC the next day.
    expect(nextDailyRescoreAt("America/Los_Angeles", now)).toEqual(at("2026-06-02T07:10:00Z"));
    expect(nextDailyRescoreAt("UTC", now)).toEqual(at("2026-06-02T00:10:00Z"));
  });

  test("a day that begins at a daylight-saving change begins when the zone says", () => {
    // Chile moves its clocks forward at midnight: 2026-09-06 begins at 01:00 in Santiago.
    const before = at("2026-09-05T20:00:00Z");
    const daily = nextDailyRescoreAt("America/Santiago", before);
    const local = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Santiago", dateStyle: "short", timeStyle: "short", hourCycle: "h23" });
    expect(local.format(daily)).toBe("2026-09-06, 01:10");
    expect(daily.getTime()).toBeGreaterThan(before.getTime());
  });
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
});

describe("the merchant's time of day for the daily rescoring", () => {
  test("the next slot after now is today's while it is ahead, else tomorrow's, in the shop's zone", () => {
    const policy = withDailyMinute(RESCORE_POLICY, 3 * 60 + 30);
    // 01:00 in Seoul (UTC+9) on 5 March is 16:00 UTC on 4 March; 03:30 that day is 18:30 UTC.
    expect(nextDailySlotAfter("Asia/Seoul", new Date("2026-03-04T16:00:00Z"), policy).toISOString()).toBe("2026-03-04T18:30:00.000Z");
    expect(nextDailySlotAfter("Asia/Seoul", new Date("2026-03-04T19:00:00Z"), policy).toISOString()).toBe("2026-03-05T18:30:00.000Z");
  });
});
