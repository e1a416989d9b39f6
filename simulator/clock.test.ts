import { describe, expect, it } from "vitest";
import { isoInTimeZone, isoUtc, nextChangeTimestamp, startOfDayInTimeZone, timeZoneOffsetMinutes } from "./clock.ts";

describe("clock", () => {
  it("formats GraphQL DateTimes in UTC at second precision", () => {
    expect(isoUtc(new Date("2026-08-02T08:17:13.987Z"))).toBe("2026-08-02T08:17:13Z");
  });

  it("formats payload timestamps in the shop's zone, with DST", () => {
    expect(isoInTimeZone(new Date("2022-01-01T00:00:00Z"), "America/New_York")).toBe("2021-12-31T19:00:00-05:00");
    expect(isoInTimeZone(new Date("2022-07-01T00:00:00Z"), "America/New_York")).toBe("2022-06-30T20:00:00-04:00");
    expect(isoInTimeZone(new Date("2022-07-01T00:00:00Z"), "Asia/Kolkata")).toBe("2022-07-01T05:30:00+05:30");
    expect(timeZoneOffsetMinutes(new Date("2022-07-01T00:00:00Z"), "UTC")).toBe(0);
  });

  it("finds local midnight as an instant", () => {
    expect(startOfDayInTimeZone("2024-03-10", "America/New_York").toISOString()).toBe("2024-03-10T05:00:00.000Z");
    expect(startOfDayInTimeZone("2024-03-11", "America/New_York").toISOString()).toBe("2024-03-11T04:00:00.000Z");
  });

  it("makes every change strictly later than the previous one, even with a frozen clock", () => {
    const frozen = new Date("2026-01-01T00:00:00.500Z");
    const first = nextChangeTimestamp(frozen, null);
    const second = nextChangeTimestamp(frozen, first);
    const third = nextChangeTimestamp(frozen, second);
    expect(first.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(second.getTime() - first.getTime()).toBe(1000);
    expect(third.getTime() - second.getTime()).toBe(1000);
    expect(nextChangeTimestamp(new Date("2026-01-02T00:00:00Z"), third).toISOString()).toBe("2026-01-02T00:00:00.000Z");
  });
});
