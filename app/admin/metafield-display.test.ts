import { describe, expect, test } from "vitest";
import { formats } from "../i18n/format.ts";
import { metafieldValueText } from "./metafield-display.ts";

const en = formats("en", { currency: "USD", timeZone: "America/New_York" });
const ko = formats("ko", { currency: "KRW", timeZone: "Asia/Seoul" });

describe("metafieldValueText", () => {
  test("money in the admin's language, in the metafield's own currency", () => {
    expect(metafieldValueText("historic_clv", '{"amount":"1234.5","currency_code":"USD"}', en, "en")).toBe("$1,234.50");
    expect(metafieldValueText("predicted_clv", '{"amount":"15000","currency_code":"KRW"}', ko, "ko")).toBe("₩15,000");
  });

  test("the segment by its name in the admin's language, P(alive) as a share, instants in the shop's zone", () => {
    expect(metafieldValueText("rfm_group", "At risk", ko, "ko")).toBe("이탈 위험");
    expect(metafieldValueText("rfm_group", "At risk", en, "en")).toBe("At risk");
    expect(metafieldValueText("p_alive", "0.8731", en, "en")).toBe("87.3%");
    expect(metafieldValueText("last_scored_at", "2026-12-04T03:30:00.000Z", en, "en")).toBe(en.dateTime("2026-12-04T03:30:00.000Z"));
    expect(en.dateTime("2026-12-04T03:30:00.000Z")).toContain("Dec 3, 2026");
  });

  test("a value that is not what its type says, and a key the app does not know, are shown as written", () => {
    expect(metafieldValueText("historic_clv", "not json", en, "en")).toBe("not json");
    expect(metafieldValueText("last_scored_at", "yesterday", en, "en")).toBe("yesterday");
    expect(metafieldValueText("someone_elses", "42", en, "en")).toBe("42");
  });
});
