import { beforeEach, describe, expect, test } from "vitest";
import { db } from "../../app/db.server.ts";
import { loader as homeLoader } from "../../app/routes/app._index.tsx";
import { loader as dataRequestLoader } from "../../app/routes/app.data-requests.$id.tsx";
import { embeddedUrl, sessionToken } from "../factories/session-token.ts";

const shopA = "shop-a.myshopify.com";
const shopB = "shop-b.myshopify.com";
const appUrl = process.env.SHOPIFY_APP_URL as string;

async function call<T>(fn: () => Promise<T> | T): Promise<T | Response> {
  try {
    return await fn();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function seed(shop: string, customers: number, requestId: string) {
  await db.shop.create({ data: { domain: shop, state: "installed", installedAt: new Date(), currencyCode: "USD" } });
  await db.session.create({
    data: { id: `offline_${shop}`, shop, state: "", isOnline: false, scope: process.env.SCOPES, accessToken: `token-${shop}` },
  });
  for (let i = 0; i < customers; i++) await db.customer.create({ data: { shop, gid: `gid://shopify/Customer/${shop.length}${i}` } });
  return db.dataRequest.create({ data: { shop, requestId, customerGid: "gid://shopify/Customer/1", document: `{"shop":"${shop}"}` } });
}

describe("a session token for shop A never reads shop B's data", () => {
  let requestOfB: { id: number };

  beforeEach(async () => {
    await seed(shopA, 2, "a-1");
    requestOfB = await seed(shopB, 5, "b-1");
  });

  test("the home page counts only the token's shop, whatever the query string says", async () => {
    const url = embeddedUrl(appUrl, "/app", shopA).replace(`shop=${shopA}`, `shop=${shopB}`);
    const result = await call(() => homeLoader({ request: new Request(url), params: {}, context: {} }));
    if (result instanceof Response) {
      // Refusing the mismatched request is as good as scoping it.
      expect(result.status).not.toBe(200);
    } else {
      expect(result.shop).toBe(shopA);
      expect(result.customers).toBe(2);
    }
    const own = await homeLoader({ request: new Request(embeddedUrl(appUrl, "/app", shopA)), params: {}, context: {} });
    expect(own).toMatchObject({ shop: shopA, customers: 2 });
    expect(own.dataRequests.map((r) => r.requestId)).toEqual(["a-1"]);
  });

  test("shop B's data-request export is not found with shop A's token", async () => {
    const request = new Request(`${appUrl}/app/data-requests/${requestOfB.id}`, {
      headers: { Authorization: `Bearer ${sessionToken(shopA)}` },
    });
    const result = await call(() => dataRequestLoader({ request, params: { id: String(requestOfB.id) }, context: {} }));
    expect(result).toBeInstanceOf(Response);
    expect((result as Response).status).toBe(404);
  });

  test("shop B reads its own export with its own token", async () => {
    const request = new Request(`${appUrl}/app/data-requests/${requestOfB.id}`, {
      headers: { Authorization: `Bearer ${sessionToken(shopB)}` },
    });
    const response = (await dataRequestLoader({ request, params: { id: String(requestOfB.id) }, context: {} })) as Response;
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(`{"shop":"${shopB}"}`);
  });

  test("a token signed with another secret is refused", async () => {
    const forged = sessionToken(shopB, { secret: "someone-else" });
    const result = await call(() => homeLoader({ request: new Request(embeddedUrl(appUrl, "/app", shopB, forged)), params: {}, context: {} }));
    expect(result).toBeInstanceOf(Response);
    expect((result as Response).status).toBeGreaterThanOrEqual(300);
  });
});
