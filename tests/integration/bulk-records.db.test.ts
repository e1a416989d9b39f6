import { expect, test } from "vitest";
import { db } from "../../app/db.server.ts";
import type { CustomerRecord, OrderRecord, RefundRecord } from "../../app/domain/order.ts";
import { saveRecordBatch } from "../../app/persistence/bulk-records.server.ts";
import { upsertCustomer } from "../../app/persistence/customers.server.ts";
import { refreshOrderTotals, saveRefund, upsertOrder } from "../../app/persistence/orders.server.ts";

// saveRecordBatch writes a backfill's new rows with raw INSERTs of a JSON array: they must be the very rows the
// single-record upserts (Prisma) store for the same records, on SQLite and PostgreSQL.

const at = (iso: string) => new Date(iso);
const customers: CustomerRecord[] = [
  { gid: "gid://shopify/Customer/1", createdAt: at("2024-01-02T03:04:05.678Z"), updatedAt: at("2024-02-03T04:05:06.789Z") },
  { gid: "gid://shopify/Customer/2", createdAt: null, updatedAt: null },
];
const order = (n: number, fields: Partial<OrderRecord> = {}): OrderRecord => ({
  gid: `gid://shopify/Order/${n}`,
  customerGid: "gid://shopify/Customer/1",
  createdAt: at("2024-03-01T10:00:00.000Z"),
  processedAt: at("2024-03-01T10:00:01.250Z"),
  cancelledAt: null,
  test: false,
  currencyCode: "USD",
  presentmentCurrencyCode: "USD",
  totalMinor: 12_345n,
  presentmentTotalMinor: 12_345n,
  discountCodes: [],
  sourceUpdatedAt: at("2024-03-02T00:00:00.000Z"),
  ...fields,
});
const orders: OrderRecord[] = [
  order(1),
  // a refunded order in another presentment currency, with codes and a large amount
  order(2, { presentmentCurrencyCode: "EUR", presentmentTotalMinor: 11_000n, totalMinor: 900_719_925_474_099n, discountCodes: ["VIP10", "WELCOME"] }),
  order(3, { customerGid: null, cancelledAt: at("2024-03-05T12:00:00.000Z"), test: true }),
  // a customer the batch does not list: created bare, as ensureCustomer does
  order(4, { customerGid: "gid://shopify/Customer/3" }),
];
const refunds: RefundRecord[] = [
  { gid: "gid://shopify/Refund/1", orderGid: "gid://shopify/Order/2", processedAt: at("2024-03-03T08:00:00.500Z"), amount: "10.5", currencyCode: "EUR" },
  { gid: "gid://shopify/Refund/2", orderGid: "gid://shopify/Order/2", processedAt: at("2024-03-04T08:00:00.000Z"), amount: "1.00", currencyCode: null },
];

/** What a shop holds, without ids and the shop, in a stable order. */
async function held(shop: string) {
  const [customerRows, orderRows, refundRows] = await Promise.all([
    db.customer.findMany({ where: { shop }, orderBy: { gid: "asc" } }),
    db.order.findMany({ where: { shop }, orderBy: { gid: "asc" } }),
    db.refund.findMany({ where: { shop }, orderBy: { gid: "asc" } }),
  ]);
  const strip = <T extends { id: number; shop: string }>({ id: _id, shop: _shop, ...row }: T) => row;
  return { customers: customerRows.map(strip), orders: orderRows.map(strip), refunds: refundRows.map(strip) };
}

async function oneByOne(shop: string) {
  for (const customer of customers) await upsertCustomer(shop, customer);
  await upsertCustomer(shop, { gid: "gid://shopify/Customer/3", createdAt: null, updatedAt: null });
  for (const refund of refunds) await saveRefund(shop, refund);
  for (const o of orders) await upsertOrder(shop, o);
  await refreshOrderTotals(shop, "gid://shopify/Order/2");
}

test("a batch stores exactly the rows the single-record upserts store", async () => {
  await saveRecordBatch("batch.myshopify.com", { customers, orders, refunds });
  await oneByOne("single.myshopify.com");
  const batch = await held("batch.myshopify.com");
  expect(batch).toEqual(await held("single.myshopify.com"));
  expect(batch.customers).toHaveLength(3);
  expect(batch.orders.map((o) => [o.gid, o.customerGid, o.totalMinor, o.test, o.cancelledAt, o.discountCodes])).toEqual([
    ["gid://shopify/Order/1", "gid://shopify/Customer/1", 12_345n, false, null, ""],
    ["gid://shopify/Order/2", "gid://shopify/Customer/1", 900_719_925_474_099n, false, null, "VIP10,WELCOME"],
    ["gid://shopify/Order/3", null, 12_345n, true, at("2024-03-05T12:00:00.000Z"), ""],
    ["gid://shopify/Order/4", "gid://shopify/Customer/3", 12_345n, false, null, ""],
  ]);
  const refunded = batch.orders[1]!;
  expect(refunded.refundedMinor).toBeGreaterThan(0n);
  expect(refunded.netMinor).toBe(refunded.totalMinor - refunded.refundedMinor);
  expect(batch.refunds.map((r) => [r.gid, r.processedAt, r.amount, r.currencyCode])).toEqual(refunds.map((r) => [r.gid, r.processedAt, r.amount, r.currencyCode]));
  // DateTimes are stored as Prisma stores them (on SQLite, text that SQL compares as text), so queries see them alike
  const stored = (shop: string) => db.$queryRaw<unknown[]>`
    SELECT "gid", CAST("shopifyCreatedAt" AS TEXT) AS "a", CAST("processedAt" AS TEXT) AS "b", CAST("cancelledAt" AS TEXT) AS "c",
           CAST("sourceUpdatedAt" AS TEXT) AS "d", CAST("test" AS TEXT) AS "e"
    FROM "Order" WHERE "shop" = ${shop} ORDER BY "gid"`;
  expect(await stored("batch.myshopify.com")).toEqual(await stored("single.myshopify.com"));
  for (const shop of ["batch.myshopify.com", "single.myshopify.com"]) {
    expect(await db.order.count({ where: { shop, processedAt: { gte: at("2024-03-01T10:00:01.250Z"), lt: at("2024-03-01T10:00:01.251Z") } } })).toBe(4);
  }
});

test("rows another writer stored between the batch's reads and its insert are applied by the single-record rules", async () => {
  const shop = "race.myshopify.com";
  // Both batches read before either inserts: the second one's INSERT meets the first one's rows.
  await Promise.all([saveRecordBatch(shop, { customers, orders, refunds }), saveRecordBatch(shop, { customers, orders, refunds })]);
  await oneByOne("single.myshopify.com");
  expect(await held(shop)).toEqual(await held("single.myshopify.com"));
});
