// @vitest-environment happy-dom
/** The stand-in for what Shopify admin gives an admin UI extension, as the block's frame runs it. */
import { beforeAll, expect, test, vi } from "vitest";
import { CONTEXT_ELEMENT_ID, type ExtensionHostContext } from "./extension-host-context.ts";

const context: ExtensionHostContext = {
  target: "admin.customer-details.block.render",
  selectedGid: "gid://shopify/Customer/42",
  locale: "ko",
  messages: { heading: "고객 생애 가치", greeting: { one: "{{count}} order", other: "{{count}} orders" } },
  fallbackMessages: { heading: "Customer lifetime value", onlyInEnglish: "Only in English" },
  appUrl: "http://127.0.0.1:3999",
  idTokenUrl: "/admin/host-shop/id-token",
  adminPath: "/admin/host-shop",
};

const TOKEN = `x.${btoa(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 60 }))}.y`;
const sent: Request[] = [];
let shopify: {
  extension: { target: string };
  data: { selected: { id: string }[] };
  i18n: { translate(key: string, options?: Record<string, unknown>): string };
  auth: { idToken(): Promise<string> };
};

beforeAll(async () => {
  const script = document.createElement("script");
  script.id = CONTEXT_ELEMENT_ID;
  script.type = "application/json";
  script.textContent = JSON.stringify(context);
  document.head.append(script);
  window.fetch = vi.fn(async (input: RequestInfo | URL) => {
    const request = input instanceof Request ? input : new Request(String(input));
    sent.push(request);
    return new Response(request.url.endsWith("/id-token") ? TOKEN : "{}");
  }) as typeof fetch;
  await import("./extension-host.ts");
  shopify = (globalThis as unknown as { shopify: typeof shopify }).shopify;
});

test("the shopify global: the target, the page's customer, i18n in the admin's language with the default's fallback", () => {
  expect(shopify.extension.target).toBe("admin.customer-details.block.render");
  expect(shopify.data.selected).toEqual([{ id: "gid://shopify/Customer/42" }]);
  expect(shopify.i18n.translate("heading")).toBe("고객 생애 가치");
  expect(shopify.i18n.translate("onlyInEnglish")).toBe("Only in English");
  expect(shopify.i18n.translate("greeting", { count: 3 })).toBe("3 orders");
  expect(shopify.i18n.translate("no.such.key")).toBe("no.such.key");
});

test("a relative fetch goes to the app with the session token, fetched once from the simulator; other origins get no token", async () => {
  sent.length = 0;
  await fetch("/api/customer-block?id=gid%3A%2F%2Fshopify%2FCustomer%2F42");
  await fetch("/api/customer-block?id=again");
  await fetch("https://example.com/elsewhere");
  expect(sent.map((r) => [r.url.replace(window.location.origin, "<frame>"), r.headers.get("Authorization")])).toEqual([
    ["<frame>/admin/host-shop/id-token", null],
    ["http://127.0.0.1:3999/api/customer-block?id=gid%3A%2F%2Fshopify%2FCustomer%2F42", `Bearer ${TOKEN}`],
    ["http://127.0.0.1:3999/api/customer-block?id=again", `Bearer ${TOKEN}`],
    ["https://example.com/elsewhere", null],
  ]);
  expect(await shopify.auth.idToken()).toBe(TOKEN);
});
