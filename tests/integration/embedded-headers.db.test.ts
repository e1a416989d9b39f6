/**
 * Every answer of the embedded app carries `Content-Security-Policy: frame-ancestors https://<shop>
 * https://admin.shopify.com` (docs/decisions/0010-frame-ancestors-on-every-response.md): pages, error pages, answers to
 * token-only requests, data requests and resource routes, each asked of the whole app as Remix serves it
 * (tests/support/remix-app.ts), with session tokens signed as Shopify admin signs them and the store simulator behind.
 * The route table at the end fails when a route is added and no request here reaches it.
 */
import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { embeddedUrl, sessionToken } from "../factories/session-token.ts";
import { expectConsoleWarn } from "../setup/fail-on-console.ts";
import { remixApp, routeFiles } from "../support/remix-app.ts";
import { useSimulatedStore } from "../support/simulated-store.ts";

const store = useSimulatedStore();
const SHOP = "frames.myshopify.com";
const HOST = Buffer.from("admin.shopify.com/store/frames").toString("base64url");
const SHOP_POLICY = `frame-ancestors https://${SHOP} https://admin.shopify.com`;
const ADMIN_ONLY = "frame-ancestors https://admin.shopify.com";
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";
const EXTENSION_ORIGIN = "https://extensions.shopifycdn.com";

let app: (request: Request) => Promise<Response>;
beforeAll(async () => {
  store.sim.createShop(SHOP, { currencyCode: "USD" });
  app = await remixApp();
});

const url = (path: string) => new URL(path, store.appUrl).toString();
const request = (target: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
  new Request(target.startsWith("http") ? target : url(target), { method: init.method ?? "GET", headers: { "User-Agent": BROWSER, ...init.headers } });
const bearer = (token = sessionToken(SHOP)) => ({ Authorization: `Bearer ${token}` });
const expired = () => sessionToken(SHOP, { now: new Date(Date.now() - 10 * 60_000) });
const forged = () => sessionToken(SHOP, { secret: "not-the-app-secret" });
const page = (path: string) => embeddedUrl(store.appUrl, path, SHOP);

// The app as Shopify admin first opens it (token exchange, the session stored), as every case finds it.
beforeEach(async () => {
  const opened = await app(request(page("/app")));
  expect(opened.status).toBe(200);
});

interface Case {
  readonly name: string;
  /** The route that answers (Remix route id), for the route table below. */
  readonly route: string;
  readonly request: () => Request;
  /** The answer's status; "refused" for any 4xx or 5xx. */
  readonly status: number | "refused";
  readonly policy: string;
  /** React Router warns of a path that matches no route. */
  readonly noRoute?: true;
}

const CASES: readonly Case[] = [
  // Pages, as Shopify admin loads them in its frame (shop, host, id_token).
  { name: "the dashboard", route: "routes/app._index", request: () => request(page("/app")), status: 200, policy: SHOP_POLICY },
  { name: "the customers list", route: "routes/app.customers._index", request: () => request(page("/app/customers")), status: 200, policy: SHOP_POLICY },
  {
    name: "a shopper's page that does not exist (the 404 page)",
    route: "routes/app.customers.$id",
    request: () => request(page("/app/customers/404")),
    status: 404,
    policy: SHOP_POLICY,
  },
  { name: "the settings", route: "routes/app.settings", request: () => request(page("/app/settings")), status: 200, policy: SHOP_POLICY },
  { name: "the alerts", route: "routes/app.alerts", request: () => request(page("/app/alerts")), status: 200, policy: SHOP_POLICY },
  {
    name: "a path under /app that is no page (the 404 page)",
    route: "routes/app",
    request: () => request(page("/app/no-such-page")),
    status: 404,
    policy: SHOP_POLICY,
    noRoute: true,
  },
  {
    name: "a browser that says it is automated (the 410 page)",
    route: "routes/app",
    request: () => request(page("/app"), { headers: { "User-Agent": "HeadlessChrome/130.0" } }),
    status: 410,
    policy: SHOP_POLICY,
  },
  // Token only: the shop is the token's dest.
  { name: "/app with only a bearer token", route: "routes/app", request: () => request("/app", { headers: bearer() }), status: 200, policy: SHOP_POLICY },
  {
    name: "/app/settings with only a bearer token",
    route: "routes/app.settings",
    request: () => request("/app/settings", { headers: bearer() }),
    status: 200,
    policy: SHOP_POLICY,
  },
  // Refusals: no valid token, so no shop unless the request names one.
  {
    name: "/app with an expired bearer token (the 401 page)",
    route: "routes/app",
    request: () => request("/app", { headers: bearer(expired()) }),
    status: 401,
    policy: ADMIN_ONLY,
  },
  {
    name: "/app?shop= with a token signed by someone else (the 401 page)",
    route: "routes/app",
    request: () => request(`/app?shop=${SHOP}`, { headers: bearer(forged()) }),
    status: 401,
    policy: SHOP_POLICY,
  },
  // Without a shop: the pages send the request to the login path; the layout alone says it is not from Shopify admin.
  {
    name: "/app with neither a shop nor a token (redirect to the login path)",
    route: "routes/app",
    request: () => request("/app"),
    status: 302,
    policy: ADMIN_ONLY,
  },
  { name: "the login path (not from Shopify admin)", route: "routes/auth.login", request: () => request("/auth/login"), status: 400, policy: ADMIN_ONLY },
  {
    name: "the layout's data with neither a shop nor a token (not from Shopify admin)",
    route: "routes/app",
    request: () => request("/app?_data=routes%2Fapp"),
    status: 400,
    policy: ADMIN_ONLY,
  },
  {
    name: "a path that is no page, outside Shopify admin (the 404 page)",
    route: "root",
    request: () => request("/no-such-page"),
    status: 404,
    policy: ADMIN_ONLY,
    noRoute: true,
  },
  // The library's session-token round trip: the page's redirect to the bounce page, the bounce page, the exit page.
  {
    name: "/app opened without its session token (redirect to the bounce page)",
    route: "routes/app",
    request: () => request(`/app?embedded=1&shop=${SHOP}&host=${HOST}`),
    status: 302,
    policy: SHOP_POLICY,
  },
  {
    name: "the session-token bounce page",
    route: "routes/auth.$",
    request: () => request(`/auth/session-token?shop=${SHOP}&host=${HOST}&shopify-reload=${encodeURIComponent(url("/app"))}`),
    status: 200,
    policy: SHOP_POLICY,
  },
  {
    name: "the exit-iframe page",
    route: "routes/auth.$",
    request: () => request(`/auth/exit-iframe?shop=${SHOP}&host=${HOST}&exitIframe=${encodeURIComponent("https://admin.shopify.com/store/frames/apps")}`),
    status: 200,
    policy: SHOP_POLICY,
  },
  {
    name: "the app's root, which sends Shopify admin on to /app",
    route: "routes/_index",
    request: () => request(`/?shop=${SHOP}&host=${HOST}`),
    status: 302,
    policy: SHOP_POLICY,
  },
  // Data requests (navigations' and fetchers' ?_data=), answered and refused.
  { name: "the layout's data", route: "routes/app", request: () => request("/app?_data=routes%2Fapp", { headers: bearer() }), status: 200, policy: SHOP_POLICY },
  {
    name: "the dashboard's data",
    route: "routes/app._index",
    request: () => request("/app?index&_data=routes%2Fapp._index", { headers: bearer() }),
    status: 200,
    policy: SHOP_POLICY,
  },
  {
    name: "the dashboard's data with an expired token (401)",
    route: "routes/app._index",
    request: () => request("/app?index&_data=routes%2Fapp._index", { headers: bearer(expired()) }),
    status: 401,
    policy: ADMIN_ONLY,
  },
  {
    name: "the progress a fetcher polls",
    route: "routes/app.progress",
    request: () => request("/app/progress?_data=routes%2Fapp.progress", { headers: bearer() }),
    status: 200,
    policy: SHOP_POLICY,
  },
  {
    name: '"Rescore now", posted by a fetcher',
    route: "routes/app.rescore",
    request: () => request("/app/rescore?_data=routes%2Fapp.rescore", { method: "POST", headers: bearer() }),
    status: 200,
    policy: SHOP_POLICY,
  },
  // Resource routes asked directly (the download buttons' fetch, a link opened in the frame).
  {
    name: "the progress, asked directly",
    route: "routes/app.progress",
    request: () => request("/app/progress", { headers: bearer() }),
    status: 200,
    policy: SHOP_POLICY,
  },
  {
    name: "the customers CSV",
    route: "routes/app.customers[.]csv",
    request: () => request("/app/customers.csv", { headers: bearer() }),
    status: 200,
    policy: SHOP_POLICY,
  },
  {
    name: "the customers CSV with an expired token (401)",
    route: "routes/app.customers[.]csv",
    request: () => request("/app/customers.csv", { headers: bearer(expired()) }),
    status: 401,
    policy: ADMIN_ONLY,
  },
  { name: "the push audit CSV", route: "routes/app.audit[.]csv", request: () => request("/app/audit.csv", { headers: bearer() }), status: 200, policy: SHOP_POLICY },
  {
    name: "a data-request export that does not exist (thrown 404)",
    route: "routes/app.data-requests.$id",
    request: () => request("/app/data-requests/999", { headers: bearer() }),
    status: 404,
    policy: SHOP_POLICY,
  },
];

describe("every answer of the embedded app names who may frame it", () => {
  test.each(CASES)("$name: $status, $policy", async (each) => {
    if (each.noRoute) expectConsoleWarn(/No routes matched location/);
    const response = await app(each.request());
    if (each.status === "refused") expect(response.status).toBeGreaterThanOrEqual(400);
    else expect(response.status).toBe(each.status);
    expect(response.headers.get("Content-Security-Policy")).toBe(each.policy);
    await response.arrayBuffer();
  });

  test("a page is the app's HTML, and the bounce page's policy is the app's, not the library's wider one", async () => {
    const dashboard = await app(request("/app", { headers: bearer() }));
    expect(dashboard.headers.get("Content-Type")).toBe("text/html");
    expect(await dashboard.text()).toContain("<html");
    const bounce = await app(request(`/auth/session-token?shop=${SHOP}&host=${HOST}&shopify-reload=${encodeURIComponent(url("/app"))}`));
    expect(await bounce.text()).toContain("app-bridge");
    expect(bounce.headers.get("Content-Security-Policy")).not.toMatch(/spin\.dev|myshopify\.io|shop\.dev/);
  });

  test("/app opened with neither a shop nor a token ends on the page saying where to open the app, not a 500", async () => {
    const opened = await app(request("/app"));
    expect(opened.status).toBe(302);
    const login = await app(request(opened.headers.get("Location")!));
    expect(login.status).toBe(400);
    expect(await login.text()).toContain("Open the app from Shopify admin");
  });

  test("/app with a host that is not base64 and no token ends on the page saying where to open the app, not a 500", async () => {
    let answer = await app(request(`/app?shop=${SHOP}&host=not*base64`));
    for (let hops = 0; answer.status === 302 && hops < 3; hops++) answer = await app(request(answer.headers.get("Location")!));
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain("Open the app from Shopify admin");
  });

  test("a valid token names the shop even when the shop parameter names another", async () => {
    const response = await app(request("/app?shop=other.myshopify.com", { headers: bearer() }));
    expect(response.headers.get("Content-Security-Policy")).toBe(SHOP_POLICY);
    await response.arrayBuffer();
  });

  test("a shop parameter that is no shop domain names no shop", async () => {
    const response = await app(request("/app?shop=attacker.example.com", { headers: bearer(expired()) }));
    expect(response.status).toBe(401);
    expect(response.headers.get("Content-Security-Policy")).toBe(ADMIN_ONLY);
    await response.arrayBuffer();
  });
});

const API_POLICY = "default-src 'none'; frame-ancestors 'none'";
const API_CASES: readonly Case[] = [
  {
    name: "the block's data",
    route: "routes/api.customer-block",
    request: () => request("/api/customer-block?id=gid://shopify/Customer/1", { headers: { ...bearer(), Origin: EXTENSION_ORIGIN } }),
    status: 200,
    policy: API_POLICY,
  },
  {
    name: "a request without a customer id (400)",
    route: "routes/api.customer-block",
    request: () => request("/api/customer-block", { headers: { ...bearer(), Origin: EXTENSION_ORIGIN } }),
    status: 400,
    policy: API_POLICY,
  },
  {
    name: "an expired token (401)",
    route: "routes/api.customer-block",
    request: () => request("/api/customer-block?id=gid://shopify/Customer/1", { headers: { ...bearer(expired()), Origin: EXTENSION_ORIGIN } }),
    status: 401,
    policy: API_POLICY,
  },
  {
    name: "the browser's preflight",
    route: "routes/api.customer-block",
    request: () =>
      request("/api/customer-block?id=gid://shopify/Customer/1", {
        method: "OPTIONS",
        headers: { Origin: EXTENSION_ORIGIN, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization" },
      }),
    status: 204,
    policy: API_POLICY,
  },
];

describe("the extension's API answers as data no page frames, with CORS on every answer", () => {
  test.each(API_CASES)("$name: $status", async (each) => {
    const response = await app(each.request());
    expect(response.status).toBe(each.status);
    expect(response.headers.get("Content-Security-Policy")).toBe(each.policy);
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    await response.arrayBuffer();
  });
});

// Webhooks are answered to Shopify's servers, never to a browser: no page is ever framed from them.
// Webhooks (HMAC, for Shopify) and the health check (for a load balancer) answer no browser.
const NOT_EMBEDDED = /^routes\/(webhooks\.|healthz$)/;

test("every route of app/routes is asked above, or is a webhook", () => {
  const asked = new Set([...CASES, ...API_CASES].map((each) => each.route));
  const unasked = Object.keys(routeFiles()).filter((route) => !asked.has(route) && !NOT_EMBEDDED.test(route));
  expect(unasked).toEqual([]);
  // And the table names no route that does not exist.
  expect([...asked].filter((route) => route !== "root" && !(route in routeFiles()))).toEqual([]);
});
