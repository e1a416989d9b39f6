/**
 * The benchmark shop of tests/bench/rescoring.ts: a seeded synthetic history written straight into a migrated
 * database with multi-row INSERTs (setup only; the app writes orders through Prisma).
 */
import { createClient } from "@libsql/client";
import pg from "pg";
import { simulateShopOrders } from "../../app/scoring/index.ts";
import { createRandom } from "../../app/scoring/math/random.ts";

export const BENCH_SHOP = "bench-rescoring.myshopify.com";
export const BENCH_TIME_ZONE = "America/New_York";

export interface BenchShopOptions {
  readonly seed: number;
  readonly customers: number;
  readonly orders: number;
}

/** Column-wise orders, compact enough to hold a million of them. */
export interface BenchOrders {
  readonly count: number;
  readonly customerIds: Int32Array;
  /** ISO 8601 UTC instants. */
  readonly processedAt: string[];
  readonly cancelled: Uint8Array;
  readonly test: Uint8Array;
  readonly totalMinor: Float64Array;
  readonly refundedMinor: Float64Array;
}

/**
 * Orders from the engine's BG/NBD + Gamma-Gamma simulator over ten years (parameters chosen so that 100,000
 * customers make about a million orders), each at a random time of its day, with 1% cancelled, 0.2% test orders,
 * 3% partly and 1% fully refunded. Trimmed to exactly `orders` by dropping last repeat orders, newest customers
 * first, so every customer keeps their first order.
 */
export function benchOrders({ seed, customers, orders }: BenchShopOptions): BenchOrders {
  const simulated = simulateShopOrders({
    seed,
    customers,
    start: "2016-01-01",
    end: "2025-12-31",
    purchase: [0.8, 45, 0.7, 3.5],
  });
  const keep = new Uint8Array(simulated.length).fill(1);
  let excess = simulated.length - orders;
  for (let i = simulated.length - 1; i > 0 && excess > 0; i--) {
    const sameCustomerBefore = simulated[i - 1]!.customerId === simulated[i]!.customerId;
    const lastOfCustomer = i === simulated.length - 1 || simulated[i + 1]!.customerId !== simulated[i]!.customerId;
    if (sameCustomerBefore && lastOfCustomer) {
      keep[i] = 0;
      excess--;
    }
  }
  const kept = simulated.filter((_, i) => keep[i] === 1);
  const random = createRandom(seed ^ 0x5eed);
  const out: BenchOrders = {
    count: kept.length,
    customerIds: new Int32Array(kept.length),
    processedAt: new Array<string>(kept.length),
    cancelled: new Uint8Array(kept.length),
    test: new Uint8Array(kept.length),
    totalMinor: new Float64Array(kept.length),
    refundedMinor: new Float64Array(kept.length),
  };
  kept.forEach((order, i) => {
    out.customerIds[i] = Number(order.customerId.slice(1));
    const day = Date.parse(`${String(order.placedAt)}T00:00:00Z`);
    out.processedAt[i] = new Date(day + Math.floor(random.uniform() * 86_400_000)).toISOString();
    const total = Math.round(order.total * 100);
    out.totalMinor[i] = total;
    const u = random.uniform();
    out.cancelled[i] = u < 0.01 ? 1 : 0;
    out.test[i] = u >= 0.01 && u < 0.012 ? 1 : 0;
    const refund = random.uniform();
    out.refundedMinor[i] = refund < 0.01 ? total : refund < 0.04 ? Math.round(total * 0.3) : 0;
  });
  return out;
}

const ORDER_COLUMNS =
  '"shop","gid","customerGid","shopifyCreatedAt","processedAt","cancelledAt","test","currencyCode","presentmentCurrencyCode",' +
  '"presentmentTotalMinor","totalMinor","refundedMinor","netMinor","sourceUpdatedAt"';

const customerGid = (id: number) => `gid://shopify/Customer/${id}`;
const orderGid = (index: number) => `gid://shopify/Order/${index + 1}`;

/** Writes the shop, its customers and orders into a migrated SQLite file. */
export async function insertIntoSqlite(url: string, customers: number, orders: BenchOrders, installedAt: Date): Promise<void> {
  const client = createClient({ url });
  // Prisma's libSQL adapter keeps DateTime as ISO 8601 text with an explicit offset.
  const text = (iso: string) => iso.replace("Z", "+00:00");
  const now = text(installedAt.toISOString());
  try {
    await client.execute({
      sql: `INSERT INTO "Shop" ("domain","state","currencyCode","ianaTimezone","installedAt","backfillStatus","backfillCompletedAt","updatedAt","lastRescoreAt")
            VALUES (?, 'installed', 'USD', ?, ?, 'completed', ?, ?, ?)`,
      args: [BENCH_SHOP, BENCH_TIME_ZONE, now, now, now, now],
    });
    const tx = await client.transaction("write");
    const rows = 500;
    for (let start = 1; start <= customers; start += rows) {
      const ids = Array.from({ length: Math.min(rows, customers - start + 1) }, (_, k) => start + k);
      await tx.execute({
        sql: `INSERT INTO "Customer" ("shop","gid") VALUES ${ids.map(() => "(?, ?)").join(",")}`,
        args: ids.flatMap((id) => [BENCH_SHOP, customerGid(id)]),
      });
    }
    for (let start = 0; start < orders.count; start += rows) {
      const end = Math.min(start + rows, orders.count);
      const args: (string | number | null)[] = [];
      for (let i = start; i < end; i++) {
        const at = text(orders.processedAt[i]!);
        const total = orders.totalMinor[i]!;
        const refunded = orders.refundedMinor[i]!;
        args.push(BENCH_SHOP, orderGid(i), customerGid(orders.customerIds[i]!), at, at, orders.cancelled[i] ? at : null, orders.test[i]!);
        args.push(total, total, refunded, total - refunded, at);
      }
      await tx.execute({
        sql: `INSERT INTO "Order" (${ORDER_COLUMNS}) VALUES ${Array.from({ length: end - start }, () => "(?, ?, ?, ?, ?, ?, ?, 'USD', 'USD', ?, ?, ?, ?, ?)").join(",")}`,
        args,
      });
    }
    await tx.commit();
  } finally {
    client.close();
  }
}

/** Writes the shop, its customers and orders into a migrated PostgreSQL database, 50,000 rows a statement. */
export async function insertIntoPostgresql(url: string, customers: number, orders: BenchOrders, installedAt: Date): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const now = installedAt.toISOString();
  try {
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO "Shop" ("domain","state","currencyCode","ianaTimezone","installedAt","backfillStatus","backfillCompletedAt","updatedAt","lastRescoreAt")
       VALUES ($1, 'installed', 'USD', $2, $3::timestamp, 'completed', $3::timestamp, $3::timestamp, $3::timestamp)`,
      [BENCH_SHOP, BENCH_TIME_ZONE, now],
    );
    const ids = Array.from({ length: customers }, (_, k) => customerGid(k + 1));
    await client.query(`INSERT INTO "Customer" ("shop","gid") SELECT $1, g FROM unnest($2::text[]) AS u(g)`, [BENCH_SHOP, ids]);
    const rows = 50_000;
    for (let start = 0; start < orders.count; start += rows) {
      const end = Math.min(start + rows, orders.count);
      const gids: string[] = [];
      const customerGids: string[] = [];
      const at: string[] = [];
      const cancelled: (string | null)[] = [];
      const test: boolean[] = [];
      const totals: string[] = [];
      const refunds: string[] = [];
      for (let i = start; i < end; i++) {
        gids.push(orderGid(i));
        customerGids.push(customerGid(orders.customerIds[i]!));
        at.push(orders.processedAt[i]!);
        cancelled.push(orders.cancelled[i] ? orders.processedAt[i]! : null);
        test.push(orders.test[i] === 1);
        totals.push(String(orders.totalMinor[i]));
        refunds.push(String(orders.refundedMinor[i]));
      }
      // Text to timestamp keeps the UTC wall time ("Z" is ignored by timestamp without time zone).
      await client.query(
        `INSERT INTO "Order" (${ORDER_COLUMNS})
         SELECT $1, g, c, p::timestamp, p::timestamp, x::timestamp, t, 'USD', 'USD', tot, tot, r, tot - r, p::timestamp
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::bigint[], $8::bigint[]) AS u(g, c, p, x, t, tot, r)`,
        [BENCH_SHOP, gids, customerGids, at, cancelled, test, totals, refunds],
      );
    }
    await client.query("COMMIT");
    await client.query(`ANALYZE "Order"; ANALYZE "Customer"`);
  } finally {
    await client.end();
  }
}
