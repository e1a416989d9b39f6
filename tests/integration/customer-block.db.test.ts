/**
 * GET /api/customer-block as the block on Shopify's customer details page calls it: from another origin, with the
 * admin's session token as a Bearer header, over a real socket.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { db } from "../../app/db.server.ts";
import { sessionToken } from "../factories/session-token.ts";
import { type AppServer, startAppServer } from "../support/app-server.ts";

const shopA = "block-a.myshopify.com";
const shopB = "block-b.myshopify.com";
const ada = "gid://shopify/Customer/7001";
const bea = "gid://shopify/Customer/7002";
// Where Shopify admin runs UI extensions: not the app's origin, so the answers need CORS headers.
const EXTENSION_ORIGIN = "https://extensions.shopifycdn.com";
const DAY = 86_400_000;
// Shopify's library answers requests from bots (Node's fetch among them) with 410; the block runs in a browser.
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

let app: AppServer;

beforeAll(async () => {
  app = await startAppServer(Number(process.env.TEST_APP_PORT));
});
afterAll(() => app.close());

beforeEach(async () => {
  for (const [domain, currencyCode, ianaTimezone] of [
    [shopA, "USD", "America/New_York"],
    [shopB, "JPY", "Asia/Tokyo"],
  ] as const) {
    await db.shop.create({ data: { domain, state: "installed", installedAt: new Date(), currencyCode, ianaTimezone } });
    await db.session.create({ data: { id: `offline_${domain}`, shop: domain, state: "", isOnline: false, scope: process.env.SCOPES, accessToken: "t" } });
  }
  const scoredAt = new Date("2026-11-20T14:05:00Z");
  await db.customerScore.create({
    data: {
      shop: shopA,
      customerGid: ada,
      scoringRunId: 1,
      scoredAt,
      segment: "Champions",
      rfmRecency: 5,
      rfmFrequency: 4,
      rfmMonetary: 3,
      orderCount: 6,
      historicClvMinor: 123_456_789_012n,
      predictedClvMinor: 45_000n,
      predictedClvLowMinor: 30_000n,
      predictedClvHighMinor: 61_050n,
      pAlive: 0.873,
      pAliveLow: 0.71,
      pAliveHigh: 0.95,
      expectedNextPurchaseOn: "2026-12-03",
    },
  });
  await db.customerScore.create({ data: { shop: shopB, customerGid: bea, scoringRunId: 1, scoredAt, segment: "Loyal", historicClvMinor: 5_000n } });
  const offer = { shop: shopA, customerGid: ada, ruleId: "vip", holdout: false, percentOff: 10, offeredAt: new Date(Date.now() - 5 * DAY), codes: "per-shopper" };
  await db.loyaltyOffer.createMany({
    data: [
      { ...offer, code: "THANKS-OLD", status: "created", endsAt: new Date(Date.now() - DAY) },
      { ...offer, code: "THANKS-PENDING", status: "pending", endsAt: new Date(Date.now() + 90 * DAY) },
      { ...offer, code: "THANKS-NOW", status: "created", endsAt: new Date("2099-01-15T04:30:00Z") },
      // Shop B's offer for the same GID is not shop A's.
      { ...offer, shop: shopB, code: "B-CODE", status: "created", endsAt: new Date(Date.now() + DAY) },
    ],
  });
});

function get(id: string | null, headers: Record<string, string> = {}): Promise<Response> {
  const url = new URL("/api/customer-block", app.url);
  if (id !== null) url.searchParams.set("id", id);
  return fetch(url, { redirect: "manual", headers: { Origin: EXTENSION_ORIGIN, "User-Agent": BROWSER, ...headers } });
}

const bearer = (shop: string) => ({ Authorization: `Bearer ${sessionToken(shop)}` });

test("the browser's preflight is answered with the CORS headers the block's request needs", async () => {
  const response = await fetch(new URL("/api/customer-block?id=1", app.url), {
    method: "OPTIONS",
    headers: { Origin: EXTENSION_ORIGIN, "User-Agent": BROWSER, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization" },
  });
  expect(response.status).toBe(204);
  expect(response.headers.get("access-control-allow-origin")).toBe("*");
  expect(response.headers.get("access-control-allow-headers")).toMatch(/Authorization/i);
});

test("shop A's session token reads shop A's shopper: scores, money as exact minor-unit strings, the running code", async () => {
  const response = await get(ada, bearer(shopA));
  expect(response.status).toBe(200);
  expect(response.headers.get("access-control-allow-origin")).toBe("*");
  expect(await response.json()).toEqual({
    status: "scored",
    currency: { code: "USD", minorDigits: 2 },
    timeZone: "America/New_York",
    segment: "Champions",
    rfm: { r: 5, f: 4, m: 3 },
    historicClvMinor: "123456789012",
    predictedClv: { minor: "45000", lowMinor: "30000", highMinor: "61050" },
    pAlive: { value: 0.873, low: 0.71, high: 0.95 },
    expectedNextPurchaseOn: "2026-12-03",
    activeOffer: { code: "THANKS-NOW", percentOff: 10, endsAt: "2099-01-15T04:30:00.000Z" },
    scoredAt: "2026-11-20T14:05:00.000Z",
  });
});

test("shop B's shopper is not scored for shop A, and is for shop B, in B's currency", async () => {
  expect(await (await get(bea, bearer(shopA))).json()).toEqual({ status: "not-scored" });
  expect(await (await get("gid://shopify/Customer/999", bearer(shopA))).json()).toEqual({ status: "not-scored" });
  expect(await (await get(bea, bearer(shopB))).json()).toMatchObject({
    status: "scored",
    currency: { code: "JPY", minorDigits: 0 },
    segment: "Loyal",
    historicClvMinor: "5000",
    rfm: { r: null, f: null, m: null },
    predictedClv: null,
    pAlive: null,
    activeOffer: null,
  });
});

test("a token signed with another secret, or an expired one, is refused with 401; no token at all is sent to the login", async () => {
  for (const token of [sessionToken(shopA, { secret: "not-the-app-secret" }), sessionToken(shopA, { now: new Date(Date.now() - DAY) })]) {
    const response = await get(ada, { Authorization: `Bearer ${token}` });
    expect(response.status).toBe(401);
    // The admin fetches a new token and asks again when told to.
    expect(response.headers.get("x-shopify-retry-invalid-session-request")).toBe("1");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(await response.text()).not.toContain("THANKS");
  }
  // Shopify's library takes a request without a token for one from outside the admin: a redirect to the login page.
  const anonymous = await get(ada);
  expect(anonymous.status).toBe(302);
  expect(anonymous.headers.get("location")).toBe("/auth/login");
  expect(await anonymous.text()).not.toContain("THANKS");
});

test("an id that is not a customer GID is a 400 with a message, with the CORS headers", async () => {
  for (const id of [null, "7001", "gid://shopify/Order/7001", "gid://shopify/Customer/", "gid://shopify/Customer/1 OR 1=1"]) {
    const response = await get(id, bearer(shopA));
    expect(response.status, String(id)).toBe(400);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect((await response.json()).error, String(id)).toMatch(/id/);
  }
});
