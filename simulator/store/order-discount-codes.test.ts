import { afterAll, describe, expect, it } from "vitest";
import { startSimulator } from "../index.ts";
import { adminGraphQL, offlineAccessToken } from "../testing/admin-client.ts";
import { IdSequence } from "../ids.ts";
import type { WebhookEvent } from "../webhooks/deliver.ts";
import { appliedDiscountCodes } from "./order-discount-codes.ts";
import { ShopStore } from "./shop.ts";
import type { SimDiscountCodeBasic } from "./types.ts";

const at = new Date("2026-03-01T15:00:00Z");

function discount(code: string, value: SimDiscountCodeBasic["value"]): SimDiscountCodeBasic {
  return {
    gid: `gid://shopify/DiscountCodeNode/${code.length}`,
    legacyId: code.length,
    title: code,
    codes: [{ gid: `gid://shopify/DiscountRedeemCode/${code.length}`, code }],
    startsAt: at,
    endsAt: null,
    usageLimit: 1,
    appliesOncePerCustomer: true,
    context: { kind: "all" },
    value,
    combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false },
    tags: [],
    createdAt: at,
    updatedAt: at,
  };
}

describe("appliedDiscountCodes", () => {
  const held = [discount("VIP-10", { kind: "percentage", percentage: 0.1 }), discount("FIVE", { kind: "amount", amountMinor: 500, appliesOnEachItem: false })];

  it("lists what each code took off the price before it: a share for a percentage, the amount for a fixed one", () => {
    // Paid 90.00 after 10% off: the price was 100.00, the code took 10.00.
    expect(appliedDiscountCodes(["vip-10", "five"], 9_000, 1, held)).toEqual([
      { code: "VIP-10", presentmentAmountMinor: 1_000, type: "percentage" },
      { code: "FIVE", presentmentAmountMinor: 500, type: "fixed_amount" },
    ]);
  });

  it("converts a fixed amount into the presentment currency, lists an unknown code as given, and a repeated code once", () => {
    // 2 shop minor units per presentment minor unit: 500 shop minor units are 250 presentment ones.
    expect(appliedDiscountCodes(["FIVE", " Custom-Code ", "custom-code", ""], 4_000, 2, held)).toEqual([
      { code: "FIVE", presentmentAmountMinor: 250, type: "fixed_amount" },
      { code: "Custom-Code", presentmentAmountMinor: 0, type: "fixed_amount" },
    ]);
  });
});

describe("an order with discount codes", () => {
  it("lists them in the order webhooks as Shopify does, with the total discounts", () => {
    const events: (WebhookEvent & { body: Record<string, unknown> })[] = [];
    const shop = new ShopStore(
      { domain: "codes.myshopify.com", name: "Codes", currencyCode: "USD", ianaTimezone: "UTC" },
      {
        clock: () => at,
        ids: new IdSequence(),
        webhooks: { trigger: (event) => events.push({ ...event, body: event.payload() as Record<string, unknown> }) },
        onUninstall: () => {},
        appNamespace: "app--1",
      },
    );
    shop.putDiscount(discount("VIP-10", { kind: "percentage", percentage: 0.1 }));
    const order = shop.createOrder({ totalMinor: 4_500, discountCodes: ["vip-10"] });
    expect(order.discountCodes).toEqual([{ code: "VIP-10", presentmentAmountMinor: 500, type: "percentage" }]);
    const created = events.find((e) => e.topic === "orders/create")?.body;
    expect(created).toMatchObject({
      discount_codes: [{ code: "VIP-10", amount: "5.00", type: "percentage" }],
      total_discounts: "5.00",
      total_discounts_set: { shop_money: { amount: "5.00", currency_code: "USD" } },
      total_price: "45.00",
    });
    expect(shop.createOrder({ totalMinor: 100 }).discountCodes).toEqual([]);
    expect(events.at(-1)?.body.discount_codes).toEqual([]);
  });

  describe("in Admin GraphQL", () => {
    const sim = startSimulator({ apiKey: "k", apiSecret: "s", appUrl: "http://127.0.0.1:9", scopes: "read_orders,read_all_orders" });
    afterAll(async () => (await sim).close());

    it("answers Order.discountCodes and Order.discountCode", async () => {
      const simulator = await sim;
      const shop = simulator.createShop("graphql-codes.myshopify.com");
      const coded = shop.createOrder({ totalMinor: 1_000, discountCodes: ["WINBACK-1", "other"] }, { silent: true });
      const plain = shop.createOrder({ totalMinor: 1_000 }, { silent: true });
      const token = await offlineAccessToken(simulator, shop.domain, { apiKey: "k", apiSecret: "s" });
      const response = await adminGraphQL(simulator, shop.domain, token, "{ orders(first: 5) { nodes { id discountCode discountCodes } } }");
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data?.orders).toEqual({
        nodes: [
          { id: coded.gid, discountCode: "WINBACK-1", discountCodes: ["WINBACK-1", "other"] },
          { id: plain.gid, discountCode: null, discountCodes: [] },
        ],
      });
    });
  });
});
