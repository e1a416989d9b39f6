import { expect, test } from "vitest";
import { pageLocale } from "./page-locale.server.ts";

const request = (url: string, headers: Record<string, string> = {}) => new Request(url, { headers });

test("Shopify's locale parameter is used and remembered for the navigations that carry none", () => {
  const first = pageLocale(request("https://app.example/app?shop=a.myshopify.com&locale=ko-KR"), "https://app.example");
  expect(first.locale).toBe("ko");
  expect(first.setCookie).toBe("clv_locale=ko; Path=/; Max-Age=31536000; HttpOnly; SameSite=None; Secure; Partitioned");
  const next = pageLocale(request("https://app.example/app/customers", { cookie: "other=1; clv_locale=ko", "accept-language": "en-US" }), "https://app.example");
  expect(next).toEqual({ locale: "ko", setCookie: null });
});

test("without parameter or cookie the browser's language decides; plain HTTP (the demo) gets a Lax cookie", () => {
  expect(pageLocale(request("http://127.0.0.1:3000/app", { "accept-language": "ko,en;q=0.5" }), "http://127.0.0.1:3000")).toEqual({ locale: "ko", setCookie: null });
  expect(pageLocale(request("http://127.0.0.1:3000/app?locale=en"), "http://127.0.0.1:3000").setCookie).toMatch(/SameSite=Lax$/);
});
