import { describe, expect, test } from "vitest";
import { formats } from "./format.ts";

describe("formats", () => {
  test("money from minor units in the shop's currency, with the currency's own decimals", () => {
    expect(formats("en", { currency: "USD", timeZone: "UTC" }).money(123456n)).toBe("$1,234.56");
    // The yen has no minor unit: 1,234 minor units are ¥1,234.
    expect(formats("en", { currency: "JPY", timeZone: "UTC" }).money(1234)).toBe("¥1,234");
    expect(formats("ko", { currency: "KRW", timeZone: "Asia/Seoul" }).money(15000)).toBe("₩15,000");
    expect(formats("en", { currency: "USD", timeZone: "UTC" }).money(null)).toBe("–");
  });

  test("a shop calendar day stays that day whatever the time zone; an instant is shown in the shop's zone", () => {
    const seoul = formats("ko", { currency: "KRW", timeZone: "Asia/Seoul" });
    expect(seoul.day("1997-03-25")).toBe("1997. 3. 25.");
    // 23:30 UTC on 1 January is 08:30 on 2 January in Seoul.
    expect(seoul.dateTime(new Date("2026-01-01T23:30:00Z"))).toMatch(/^2026\. 1\. 2\. 오전 8:30$/);
    expect(seoul.dayOf("2026-01-01T23:30:00Z")).toBe("2026. 1. 2.");
    expect(formats("en", { currency: "USD", timeZone: "America/New_York" }).day("1997-03-25")).toBe("Mar 25, 1997");
  });

  test("percentages and numbers in the admin's language", () => {
    const en = formats("en", { currency: "USD", timeZone: "UTC" });
    expect(en.percent(0.1234, 1)).toBe("12.3%");
    expect(en.number(23570)).toBe("23,570");
    expect(en.number(Number.NaN)).toBe("–");
  });
});
