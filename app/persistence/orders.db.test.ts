import { describe, expect, test } from "vitest";
import { db } from "../db.server.ts";
import type { OrderRecord } from "../domain/order.ts";
import { markOrderDeleted, upsertOrder, upsertRefund } from "./orders.server.ts";

const shop = "orders-test.myshopify.com";

function order(overrides: Partial<OrderRecord> = {}): OrderRecord {
  return {
    gid: "gid://shopify/Order/1",
    customerGid: "gid://shopify/Customer/7",
    createdAt: new Date("2026-01-01T10:00:00Z"),
    processedAt: new Date("2026-01-01T10:00:00Z"),
    cancelledAt: null,
    test: false,
    currencyCode: "USD",
    presentmentCurrencyCode: "USD",
    totalMinor: 10_000n,
    presentmentTotalMinor: 10_000n,
    discountCodes: [],
    sourceUpdatedAt: new Date("2026-01-01T10:00:00Z"),
    ...overrides,
  };
}

describe("upsertOrder", () => {
  test("an older version never overwrites a newer one", async () => {
    await upsertOrder(shop, order({ totalMinor: 5_000n, presentmentTotalMinor: 5_000n, sourceUpdatedAt: new Date("2026-01-02T00:00:00Z") }));
    const result = await upsertOrder(shop, order({ totalMinor: 9_999n, sourceUpdatedAt: new Date("2026-01-01T12:00:00Z") }));
    expect(result).toBe("stale");
    const kept = await db.order.findUniqueOrThrow({ where: { shop_gid: { shop, gid: "gid://shopify/Order/1" } } });
    expect(kept.totalMinor).toBe(5_000n);
  });

  test("applying the same version twice leaves one row", async () => {
    expect(await upsertOrder(shop, order())).toBe("created");
    expect(await upsertOrder(shop, order())).toBe("updated");
    expect(await db.order.count({ where: { shop } })).toBe(1);
  });

  test("a refund stored before its order is counted when the order arrives", async () => {
    await upsertRefund(shop, {
      gid: "gid://shopify/Refund/3",
      orderGid: "gid://shopify/Order/1",
      processedAt: new Date("2026-01-03T00:00:00Z"),
      amount: "25.50",
      currencyCode: "USD",
    });
    await upsertOrder(shop, order());
    const kept = await db.order.findUniqueOrThrow({ where: { shop_gid: { shop, gid: "gid://shopify/Order/1" } } });
    expect(kept.refundedMinor).toBe(2_550n);
    expect(kept.netMinor).toBe(7_450n);
  });

  test("a refund in the presentment currency is converted at the order's rate", async () => {
    await upsertOrder(shop, order({ presentmentCurrencyCode: "EUR", presentmentTotalMinor: 8_000n }));
    await upsertRefund(shop, {
      gid: "gid://shopify/Refund/4",
      orderGid: "gid://shopify/Order/1",
      processedAt: new Date("2026-01-03T00:00:00Z"),
      amount: "20.00",
      currencyCode: null,
    });
    const kept = await db.order.findUniqueOrThrow({ where: { shop_gid: { shop, gid: "gid://shopify/Order/1" } } });
    expect(kept.refundedMinor).toBe(2_500n);
  });

  test("a delete that arrives before the order keeps the order out", async () => {
    await markOrderDeleted(shop, "gid://shopify/Order/1", new Date("2026-01-05T00:00:00Z"));
    expect(await upsertOrder(shop, order())).toBe("deleted");
    expect(await db.order.count({ where: { shop, deletedAt: null } })).toBe(0);
  });

  test("a refund of an order deleted before it arrived is kept without error", async () => {
    await markOrderDeleted(shop, "gid://shopify/Order/1", new Date("2026-01-05T00:00:00Z"));
    await upsertRefund(shop, {
      gid: "gid://shopify/Refund/9",
      orderGid: "gid://shopify/Order/1",
      processedAt: new Date("2026-01-06T00:00:00Z"),
      amount: "5.00",
      currencyCode: "USD",
    });
    expect(await db.refund.count({ where: { shop } })).toBe(1);
  });

  test("a writer that read the order before another refund was saved cannot overwrite the total", async () => {
    await upsertOrder(shop, order());
    await upsertRefund(shop, { gid: "gid://shopify/Refund/1", orderGid: "gid://shopify/Order/1", processedAt: new Date(), amount: "10.00", currencyCode: "USD" });
    // A second refund is saved while a concurrent refresh still holds the one-refund state; the
    // order row then changes under that refresh, whose compare-and-set must not win.
    const stale = await db.order.findUniqueOrThrow({ where: { shop_gid: { shop, gid: "gid://shopify/Order/1" } } });
    await upsertRefund(shop, { gid: "gid://shopify/Refund/2", orderGid: "gid://shopify/Order/1", processedAt: new Date(), amount: "5.00", currencyCode: "USD" });
    const { count } = await db.order.updateMany({
      where: { id: stale.id, totalMinor: stale.totalMinor, refundedMinor: stale.refundedMinor, sourceUpdatedAt: stale.sourceUpdatedAt },
      data: { refundedMinor: stale.refundedMinor, netMinor: stale.netMinor },
    });
    expect(count).toBe(0);
    const kept = await db.order.findUniqueOrThrow({ where: { id: stale.id } });
    expect(kept.refundedMinor).toBe(1_500n);
    expect(kept.netMinor).toBe(8_500n);
  });

  test("a deleted order stays deleted", async () => {
    await upsertOrder(shop, order());
    await markOrderDeleted(shop, "gid://shopify/Order/1", new Date("2026-01-05T00:00:00Z"));
    expect(await upsertOrder(shop, order({ sourceUpdatedAt: new Date("2026-01-06T00:00:00Z") }))).toBe("deleted");
  });
});
