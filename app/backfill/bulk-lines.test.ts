import { describe, expect, test } from "vitest";
import { recordFromBulkLine, type BulkRecord } from "./bulk-lines.ts";

const orderNode = {
  id: "gid://shopify/Order/820982911946154508",
  createdAt: "2024-03-01T10:00:00Z",
  updatedAt: "2024-03-05T09:30:00Z",
  processedAt: "2024-03-01T10:00:05Z",
  cancelledAt: null,
  test: false,
  presentmentCurrencyCode: "EUR",
  discountCodes: ["crm-winback-ab12"],
  customer: { id: "gid://shopify/Customer/115310627314723954" },
  totalPriceSet: {
    shopMoney: { amount: "110.10", currencyCode: "USD" },
    presentmentMoney: { amount: "100.00", currencyCode: "EUR" },
  },
  refunds: [
    { id: "gid://shopify/Refund/890088186047892319", createdAt: "2024-03-03T00:00:00Z", totalRefundedSet: { shopMoney: { amount: "11.01", currencyCode: "USD" } } },
    { id: "gid://shopify/Refund/890088186047892320", createdAt: "2024-03-04T00:00:00Z", totalRefundedSet: { shopMoney: { amount: "0.10", currencyCode: "USD" } } },
  ],
};

const refundNode = {
  id: "gid://shopify/Refund/5",
  createdAt: "2024-04-02T15:00:00-04:00",
  totalRefundedSet: { shopMoney: { amount: "404.95", currencyCode: "USD" } },
  __parentId: "gid://shopify/Order/820982911946154508",
};

const customerNode = {
  id: "gid://shopify/Customer/7",
  createdAt: "2023-01-01T00:00:00Z",
  updatedAt: "2024-01-01T00:00:00Z",
};

const line = (node: object) => JSON.stringify(node);

function order(record: BulkRecord) {
  if (record.kind !== "order") throw new Error(`expected an order, got ${record.kind}`);
  return record;
}

describe("recordFromBulkLine: orders", () => {
  test("maps an order line with its inline refunds", () => {
    expect(recordFromBulkLine(line(orderNode), 1)).toEqual({
      kind: "order",
      order: {
        gid: "gid://shopify/Order/820982911946154508",
        customerGid: "gid://shopify/Customer/115310627314723954",
        createdAt: new Date("2024-03-01T10:00:00Z"),
        processedAt: new Date("2024-03-01T10:00:05Z"),
        cancelledAt: null,
        test: false,
        currencyCode: "USD",
        presentmentCurrencyCode: "EUR",
        totalMinor: 11010n,
        presentmentTotalMinor: 10000n,
        discountCodes: ["CRM-WINBACK-AB12"],
        sourceUpdatedAt: new Date("2024-03-05T09:30:00Z"),
      },
      refunds: [
        {
          gid: "gid://shopify/Refund/890088186047892319",
          orderGid: "gid://shopify/Order/820982911946154508",
          processedAt: new Date("2024-03-03T00:00:00Z"),
          amount: "11.01",
          currencyCode: "USD",
        },
        {
          gid: "gid://shopify/Refund/890088186047892320",
          orderGid: "gid://shopify/Order/820982911946154508",
          processedAt: new Date("2024-03-04T00:00:00Z"),
          amount: "0.10",
          currencyCode: "USD",
        },
      ],
    });
  });

  test("an order without refunds, customer or processedAt; cancelled; test", () => {
    const { refunds: _refunds, customer: _customer, processedAt: _processedAt, ...rest } = orderNode;
    const record = order(recordFromBulkLine(line({ ...rest, cancelledAt: "2024-03-02T00:00:00Z", test: true }), 2));
    expect(record.refunds).toEqual([]);
    expect(record.order.customerGid).toBeNull();
    expect(record.order.processedAt).toEqual(new Date("2024-03-01T10:00:00Z"));
    expect(record.order.cancelledAt).toEqual(new Date("2024-03-02T00:00:00Z"));
    expect(record.order.test).toBe(true);
  });

  test("an order line without discountCodes has none", () => {
    const { discountCodes: _codes, ...rest } = orderNode;
    expect(order(recordFromBulkLine(line(rest), 3)).order.discountCodes).toEqual([]);
  });

  test("a null customer is no customer", () => {
    expect(order(recordFromBulkLine(line({ ...orderNode, customer: null }), 3)).order.customerGid).toBeNull();
  });

  test("parses each total with its own currency's exponent", () => {
    const node = {
      ...orderNode,
      presentmentCurrencyCode: "JPY",
      totalPriceSet: { shopMoney: { amount: "1.234", currencyCode: "KWD" }, presentmentMoney: { amount: "1500", currencyCode: "JPY" } },
      refunds: [],
    };
    const record = order(recordFromBulkLine(line(node), 4));
    expect(record.order.currencyCode).toBe("KWD");
    expect(record.order.presentmentCurrencyCode).toBe("JPY");
    expect(record.order.totalMinor).toBe(1234n);
    expect(record.order.presentmentTotalMinor).toBe(1500n);
  });
});

describe("recordFromBulkLine: refund and customer lines", () => {
  test("maps a refund line to its parent order through __parentId", () => {
    expect(recordFromBulkLine(line(refundNode), 8)).toEqual({
      kind: "refund",
      refund: {
        gid: "gid://shopify/Refund/5",
        orderGid: "gid://shopify/Order/820982911946154508",
        processedAt: new Date("2024-04-02T19:00:00Z"),
        amount: "404.95",
        currencyCode: "USD",
      },
    });
  });

  test("maps a customer line", () => {
    expect(recordFromBulkLine(line(customerNode), 9)).toEqual({
      kind: "customer",
      customer: { gid: "gid://shopify/Customer/7", createdAt: new Date("2023-01-01T00:00:00Z"), updatedAt: new Date("2024-01-01T00:00:00Z") },
    });
  });

  test("a customer line without dates", () => {
    expect(recordFromBulkLine(line({ id: "gid://shopify/Customer/8", createdAt: null }), 10)).toEqual({
      kind: "customer",
      customer: { gid: "gid://shopify/Customer/8", createdAt: null, updatedAt: null },
    });
  });
});

describe("recordFromBulkLine: errors name the line", () => {
  test("a line that is not JSON", () => {
    expect(() => recordFromBulkLine('{"id":"gid://shopify/Order/1",', 4)).toThrow("Bulk result line 4 is not JSON");
    expect(() => recordFromBulkLine("", 17)).toThrow("Bulk result line 17 is not JSON");
  });

  test("an unexpected object", () => {
    expect(() => recordFromBulkLine(line({ id: "gid://shopify/LineItem/3", quantity: 1 }), 5)).toThrow(
      'Bulk result line 5 has an unexpected object "gid://shopify/LineItem/3"',
    );
  });

  test("an object without id", () => {
    expect(() => recordFromBulkLine(line({ createdAt: "2024-01-01T00:00:00Z" }), 6)).toThrow('Bulk result line 6 has an unexpected object "(no id)"');
    expect(() => recordFromBulkLine(line({ id: 820982911946154 }), 7)).toThrow('Bulk result line 7 has an unexpected object "(no id)"');
  });

  test("a JSON value that is not an object", () => {
    expect(() => recordFromBulkLine("42", 11)).toThrow("Bulk result line 11 is not a JSON object");
    expect(() => recordFromBulkLine('"gid://shopify/Order/1"', 12)).toThrow("Bulk result line 12");
  });

  test("a JSON null line", () => {
    expect(() => recordFromBulkLine("null", 13)).toThrow("Bulk result line 13");
  });

  test("an order missing a field, naming line, object and field", () => {
    const { totalPriceSet: _totalPriceSet, ...node } = orderNode;
    expect(() => recordFromBulkLine(line(node), 21)).toThrow("Bulk result line 21 (gid://shopify/Order/820982911946154508): totalPriceSet: Required");
  });

  test("an order with a wrong nested field, naming its path", () => {
    const node = { ...orderNode, totalPriceSet: { ...orderNode.totalPriceSet, presentmentMoney: { amount: 100, currencyCode: "EUR" } } };
    expect(() => recordFromBulkLine(line(node), 22)).toThrow(
      /^Bulk result line 22 \(gid:\/\/shopify\/Order\/820982911946154508\): totalPriceSet\.presentmentMoney\.amount: /,
    );
  });

  test("an order whose inline refund misses a field, naming its index", () => {
    const node = { ...orderNode, refunds: [{ id: "gid://shopify/Refund/1", createdAt: "2024-03-03T00:00:00Z" }] };
    expect(() => recordFromBulkLine(line(node), 23)).toThrow("Bulk result line 23 (gid://shopify/Order/820982911946154508): refunds.0.totalRefundedSet: Required");
  });

  test("an order whose amount is not a decimal of its currency", () => {
    const node = {
      ...orderNode,
      totalPriceSet: { shopMoney: { amount: "12.5", currencyCode: "JPY" }, presentmentMoney: { amount: "12.5", currencyCode: "JPY" } },
    };
    expect(() => recordFromBulkLine(line(node), 24)).toThrow(
      'Bulk result line 24 (gid://shopify/Order/820982911946154508): "12.5" has more decimals than JPY allows (0)',
    );
  });

  test("a refund line without __parentId", () => {
    const { __parentId: _parent, ...node } = refundNode;
    expect(() => recordFromBulkLine(line(node), 31)).toThrow("Bulk result line 31 (gid://shopify/Refund/5): refund without __parentId");
  });

  test("a refund line missing its amount", () => {
    const node = { ...refundNode, totalRefundedSet: { shopMoney: { currencyCode: "USD" } } };
    expect(() => recordFromBulkLine(line(node), 32)).toThrow("Bulk result line 32 (gid://shopify/Refund/5): totalRefundedSet.shopMoney.amount: Required");
  });

  test("a customer line with a wrong type", () => {
    expect(() => recordFromBulkLine(line({ id: "gid://shopify/Customer/7", createdAt: 5 }), 41)).toThrow(
      "Bulk result line 41 (gid://shopify/Customer/7): createdAt: Expected string, received number",
    );
  });
});
