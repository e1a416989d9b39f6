// @vitest-environment happy-dom
/**
 * The extension as the admin runs it: its default export renders into document.body with a `shopify` global (the
 * selected customer, i18n over the real locale files) and a fetch that answers as the app's backend would.
 */
import { render } from "preact";
import { afterEach, expect, test, vi } from "vitest";
import renderBlock from "./BlockExtension.tsx";
import { CUSTOMER_GID, i18nFor, type LOCALES, SCORED } from "./test-fixtures.ts";

function answering(status: number, body: unknown) {
  return vi.fn(async (_url: string) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } }));
}

async function show(fetcher: (url: string) => Promise<Response>, locale: keyof typeof LOCALES = "en"): Promise<void> {
  vi.stubGlobal("shopify", { data: { selected: [{ id: CUSTOMER_GID }] }, i18n: i18nFor(locale) });
  vi.stubGlobal("fetch", fetcher);
  await renderBlock();
}

/** The block's text once it has left the loading state. */
async function shownText(): Promise<string> {
  await vi.waitFor(() => expect(document.querySelector("s-spinner")).toBeNull());
  return document.body.textContent ?? "";
}

/** Each figure of the grid as "label | value | note". */
function figures(): string[] {
  return [...document.querySelectorAll("s-grid > s-stack")].map((figure) => [...figure.querySelectorAll("s-text")].map((t) => t.textContent).join(" | "));
}

afterEach(() => {
  render(null, document.body);
  vi.unstubAllGlobals();
});

test("a scored shopper: segment, R/F/M, CLVs with the interval, P(alive), next order and the running code, in the shop's currency", async () => {
  const fetcher = answering(200, SCORED);
  await show(fetcher);
  expect(document.body.textContent).toContain("Loading the shopper's scores…");
  const text = await shownText();
  expect(fetcher).toHaveBeenCalledWith(`/api/customer-block?id=${encodeURIComponent(CUSTOMER_GID)}`);
  expect(document.querySelector("s-admin-block")?.getAttribute("heading")).toBe("Customer lifetime value");
  expect(document.querySelector("s-badge")?.textContent).toBe("Champions");
  expect(document.querySelector("s-badge")?.getAttribute("tone")).toBe("success");
  expect(figures()).toEqual([
    "RFM scores | R 5 · F 4 · M 3",
    "Historic CLV | $1,234.56",
    "Predicted CLV | $450.00 | 90% interval $300.00 – $610.50",
    "Probability still active | 87% | 90% interval 71% – 95%",
    "Expected next order | Dec 3, 2026",
    // 04:30 UTC on the 15th is still the 14th in the shop's time zone (New York).
    "Active discount code | THANKS-7QX2 | 10% off, ends Jan 14, 2027",
  ]);
  expect(text).toContain("Scored Nov 20, 2026, 9:05 AM");
  expect(document.querySelector("s-link")?.getAttribute("href")).toBe("app:customers/7208412");
});

test("in Korean when the admin is in Korean", async () => {
  await show(answering(200, SCORED), "ko");
  await shownText();
  expect(document.querySelector("s-admin-block")?.getAttribute("heading")).toBe("고객 생애 가치");
  expect(document.querySelector("s-badge")?.textContent).toBe("챔피언");
  expect(figures()).toContain("누적 CLV | US$1,234.56");
  expect(figures()).toContain("사용 가능한 할인 코드 | THANKS-7QX2 | 10% 할인, 2027. 1. 14. 종료");
  expect(document.querySelector("s-link")?.textContent).toBe("앱에서 열기");
});

test("a shopper the app has not scored: says so, with no figures", async () => {
  await show(answering(200, { status: "not-scored" }));
  const text = await shownText();
  expect(document.querySelector("s-banner")?.getAttribute("heading")).toBe("Not scored yet");
  expect(text).toContain("The app has not scored this shopper yet.");
  expect(text).not.toContain("Historic CLV");
});

test("a failing backend: an error with the HTTP status and the app's message, never a blank block", async () => {
  await show(answering(500, { error: "Internal Server Error" }));
  const text = await shownText();
  const banner = document.querySelector("s-banner");
  expect(banner?.getAttribute("tone")).toBe("critical");
  expect(banner?.getAttribute("heading")).toBe("The scores could not be loaded");
  expect(text).toContain("The app answered HTTP 500: Internal Server Error");
});

test("a backend that cannot be reached, or answers something else, is an error too", async () => {
  await show(vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));
  expect(await shownText()).toContain("The app could not be reached: Failed to fetch");
  render(null, document.body);
  await show(answering(200, { status: "scored" }));
  expect(await shownText()).toContain("The app answered HTTP 200 with something the block cannot read.");
});
