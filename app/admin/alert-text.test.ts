import { expect, test } from "vitest";
import { formats } from "../i18n/format.ts";
import { translator } from "../i18n/translate.ts";
import { alertFilterFields, alertText } from "./alert-text.ts";

const en = { t: translator("en"), f: formats("en", { currency: "USD", timeZone: "UTC" }), locale: "en" as const };
const ko = { t: translator("ko"), f: formats("ko", { currency: "KRW", timeZone: "Asia/Seoul" }), locale: "ko" as const };

test("each kind of early warning reads from its figures, in the admin's language", () => {
  expect(alertText("vip-lost", { tag: "crm-vip", segment: "At risk", pAlive: 0.4 }, en)).toBe("Lost the crm-vip tag; now At risk.");
  expect(alertText("overdue", { daysSinceLastOrder: 95, expectedDaysBetweenOrders: 41.5, segment: "Loyal" }, en)).toBe(
    "95 days since the last order, against an order every 42 days.",
  );
  expect(alertText("p-alive-drop", { pAliveBefore: 0.9, pAlive: 0.55 }, en)).toBe("P(alive) fell from 90% to 55%.");
  expect(alertText("segment-shrank", { segment: "Champions", before: 200, after: 150, share: 0.25 }, en)).toBe(
    "Champions went from 200 to 150 customers (25% fewer).",
  );
  expect(alertText("vip-lost", { tag: "crm-vip", segment: "At risk" }, ko)).toBe("crm-vip 태그를 잃었습니다. 현재 이탈 위험 세그먼트입니다.");
});

test("a kind the page does not know is shown by its name, and missing figures as a dash", () => {
  expect(alertText("new-kind", {}, en)).toBe("new-kind");
  expect(alertText("p-alive-drop", {}, en)).toBe("P(alive) fell from – to –.");
});

test("the filter fields a link set wrongly are named as the page labels them, in the admin's language", () => {
  expect(alertFilterFields(["before", "kind", "state"], en.t)).toBe("Page, Kind, State");
  expect(alertFilterFields(["before", "kind", "state"], ko.t)).toBe("페이지, 종류, 상태");
});
