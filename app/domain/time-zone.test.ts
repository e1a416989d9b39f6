import { describe, expect, test } from "vitest";
import { isoDay, localDayNumber, offsetAt, offsetPeriods, startOfLocalDay, utcOffsetSeconds } from "./time-zone.ts";

const seconds = (iso: string) => Date.parse(iso) / 1000;

/** The calendar day Intl itself shows in the zone: the reference the periods must agree with. */
function intlDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

describe("utcOffsetSeconds", () => {
  test("reads whole, half-hour and quarter-hour offsets, east positive", () => {
    expect(utcOffsetSeconds("UTC", seconds("2026-01-01T00:00:00Z"))).toBe(0);
    expect(utcOffsetSeconds("America/New_York", seconds("2026-01-15T12:00:00Z"))).toBe(-5 * 3600);
    expect(utcOffsetSeconds("America/New_York", seconds("2026-07-15T12:00:00Z"))).toBe(-4 * 3600);
    expect(utcOffsetSeconds("Asia/Kolkata", seconds("2026-01-15T12:00:00Z"))).toBe(5.5 * 3600);
    expect(utcOffsetSeconds("Asia/Kathmandu", seconds("2026-01-15T12:00:00Z"))).toBe(5.75 * 3600);
  });

  test("an unknown zone is a RangeError", () => {
    expect(() => utcOffsetSeconds("Mars/Olympus_Mons", 0)).toThrow(RangeError);
  });
});

describe("offsetPeriods", () => {
  test("finds each daylight-saving change to the second", () => {
    const periods = offsetPeriods("America/New_York", new Date("2026-01-01T00:00:00Z"), new Date("2026-12-31T00:00:00Z"));
    expect(periods.map((p) => p.offsetSeconds)).toEqual([-18000, -14400, -18000]);
    // 2 a.m. EST on 8 March and 2 a.m. EDT on 1 November
    expect(periods[1]!.startsAt).toBe(seconds("2026-03-08T07:00:00Z"));
    expect(periods[2]!.startsAt).toBe(seconds("2026-11-01T06:00:00Z"));
  });

  test("a zone without changes is one period", () => {
    expect(offsetPeriods("Asia/Tokyo", new Date(0), new Date("2026-01-01T00:00:00Z"))).toEqual([{ startsAt: 0, offsetSeconds: 9 * 3600 }]);
  });

  test("the periods give the day Intl gives, around every change of a southern-hemisphere zone", () => {
    const zone = "Pacific/Auckland";
    const from = new Date("2024-01-01T00:00:00Z");
    const periods = offsetPeriods(zone, from, new Date("2026-01-01T00:00:00Z"));
    expect(periods.length).toBeGreaterThan(3);
    for (const { startsAt } of periods.slice(1)) {
      for (const delta of [-3601, -1, 0, 1, 3600]) {
        const at = new Date((startsAt + delta) * 1000);
        expect(isoDay(localDayNumber(periods, at)), at.toISOString()).toBe(intlDay(at, zone));
        expect(offsetAt(periods, startsAt + delta)).toBe(utcOffsetSeconds(zone, startsAt + delta));
      }
    }
  });
});

describe("local days", () => {
  const periods = offsetPeriods("America/New_York", new Date("2025-01-01T00:00:00Z"), new Date("2027-01-01T00:00:00Z"));

  test("an evening order in New York is on the day before its UTC date", () => {
    expect(isoDay(localDayNumber(periods, new Date("2026-03-08T04:30:00Z")))).toBe("2026-03-07");
    expect(isoDay(localDayNumber(periods, new Date("2026-03-08T05:00:00Z")))).toBe("2026-03-08");
  });

  test("a day starts at local midnight, in winter and in summer time", () => {
    const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
    expect(startOfLocalDay(periods, day("2026-01-10"))).toBe(seconds("2026-01-10T05:00:00Z"));
    expect(startOfLocalDay(periods, day("2026-07-10"))).toBe(seconds("2026-07-10T04:00:00Z"));
    // the day of the spring change is 23 hours long
    expect(startOfLocalDay(periods, day("2026-03-09")) - startOfLocalDay(periods, day("2026-03-08"))).toBe(23 * 3600);
  });
});
