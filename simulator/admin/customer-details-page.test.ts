import { afterAll, beforeAll, expect, test } from "vitest";
import { startSimulator, type Simulator } from "../index.ts";
import { CONTEXT_ELEMENT_ID } from "./extension-host-context.ts";

let sim: Simulator;
let ada: { gid: string; legacyId: number };

beforeAll(async () => {
  // The app's own shopify.app.toml: its extensions/ folder has the customer block.
  sim = await startSimulator({
    apiKey: "page-app",
    apiSecret: "page-secret",
    appUrl: "http://127.0.0.1:3999",
    scopes: "read_customers",
    appTomlPath: "shopify.app.toml",
  });
  const shop = sim.createShop("details-shop.myshopify.com", { name: "Details shop", currencyCode: "USD" });
  ada = shop.createCustomer({ firstName: "Ada", lastName: "<Lovelace>", email: "ada@example.com", tags: ["crm-vip"], note: "Prefers email" }, { silent: true });
  shop.createOrder({ customerGid: ada.gid, totalMinor: 12_345, processedAt: new Date("2026-05-01T10:00:00Z") }, { silent: true });
  shop.createOrder({ customerGid: ada.gid, totalMinor: 500, processedAt: new Date("2026-06-01T10:00:00Z") }, { silent: true });
  shop.createCustomer({ tags: ["other"] }, { silent: true });
});
afterAll(() => sim.close());

const page = async (path: string) => {
  const response = await fetch(`${sim.url}${path}`);
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
};

/** The host's context the frame hands the extension. */
function contextOf(html: string): Record<string, unknown> {
  const match = new RegExp(`<script id="${CONTEXT_ELEMENT_ID}" type="application/json">(.*?)</script>`, "s").exec(html);
  return JSON.parse(match?.[1] ?? "null");
}

test("the customers list links each customer to their details page", async () => {
  const { text } = await page("/admin/details-shop/customers");
  expect(text).toContain(`<a href="/admin/details-shop/customers/${ada.legacyId}">${ada.legacyId}</a>`);
});

test("the details page shows the customer, their orders and the app's block in a frame, escaping what it shows", async () => {
  const { status, text } = await page(`/admin/details-shop/customers/${ada.legacyId}`);
  expect(status).toBe(200);
  expect(text).toContain("<h1>Ada &#60;Lovelace&#62;</h1>");
  expect(text).not.toContain("<Lovelace>");
  expect(text).toContain("ada@example.com");
  expect(text).toContain('<span class="tag">crm-vip</span>');
  expect(text).toContain("Prefers email");
  expect(text).toContain("<span>Orders</span>2");
  expect(text).toContain("<span>Amount spent</span>128.45 USD");
  // Newest first.
  expect(text.indexOf("2026-06-01")).toBeLessThan(text.indexOf("2026-05-01"));
  expect(text).toContain(
    `<iframe class="block" title="Customer lifetime value" data-handle="clv-customer-block" src="/admin/details-shop/customers/${ada.legacyId}/blocks/clv-customer-block?locale=en"></iframe>`,
  );
});

test("?locale= is the admin's language, handed on to the block; the block's frame carries its context in that language", async () => {
  const { text } = await page(`/admin/details-shop/customers/${ada.legacyId}?locale=ko`);
  expect(text).toContain('<html lang="ko">');
  expect(text).toContain(`blocks/clv-customer-block?locale=ko"`);
  const frame = await page(`/admin/details-shop/customers/${ada.legacyId}/blocks/clv-customer-block?locale=ko`);
  expect(frame.status).toBe(200);
  expect(frame.text).toContain('<script type="module" src="/ui-extensions/clv-customer-block/admin.customer-details.block.render.js"></script>');
  expect(contextOf(frame.text)).toMatchObject({
    target: "admin.customer-details.block.render",
    selectedGid: ada.gid,
    locale: "ko",
    messages: { heading: "고객 생애 가치" },
    fallbackMessages: { heading: "Customer lifetime value" },
    appUrl: "http://127.0.0.1:3999",
    idTokenUrl: "/admin/details-shop/id-token",
    adminPath: "/admin/details-shop",
  });
  // A language the block does not speak gets its default, English.
  const french = await page(`/admin/details-shop/customers/${ada.legacyId}/blocks/clv-customer-block?locale=fr`);
  expect(contextOf(french.text)).toMatchObject({ locale: "fr", messages: { heading: "Customer lifetime value" } });
});

test("the extension's module is served bundled for the browser, the admin's host first", async () => {
  const bundle = await page("/ui-extensions/clv-customer-block/admin.customer-details.block.render.js");
  expect(bundle.status).toBe(200);
  expect(bundle.type).toBe("text/javascript; charset=utf-8");
  expect(bundle.text.indexOf(CONTEXT_ELEMENT_ID)).toBeGreaterThan(-1);
  expect(bundle.text.indexOf(CONTEXT_ELEMENT_ID)).toBeLessThan(bundle.text.indexOf("/api/customer-block"));
  expect(bundle.text).not.toMatch(/^\s*import\s/m);
});

test("unknown shops, customers, blocks and targets are 404s", async () => {
  for (const path of [
    `/admin/no-such-shop/customers/${ada.legacyId}`,
    "/admin/details-shop/customers/999999",
    "/admin/details-shop/customers/abc",
    `/admin/details-shop/customers/${ada.legacyId}/blocks/no-such-block`,
    "/ui-extensions/clv-customer-block/admin.product-details.block.render.js",
    "/ui-extensions/no-such-extension/admin.customer-details.block.render.js",
  ]) {
    expect((await page(path)).status, path).toBe(404);
  }
});
