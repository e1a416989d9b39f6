import { describe, expect, test } from "vitest";
import { databaseProvider } from "../../prisma/provider.ts";
import { db } from "../db.server.ts";
import { countedOrder } from "./customer-summaries.server.ts";

const provider = databaseProvider(process.env.DATABASE_URL ?? "");

// SQLite plans without statistics (a new install has none: nothing runs ANALYZE), so an index that matches as many
// equality terms as the right one looks as good to it. An index on Order (shop, deletedAt) did: the correlated
// lookups below then scanned every order of the shop for each customer, and a rescoring of 100,000 customers never
// finished (decision 0013). PostgreSQL plans from the statistics its autovacuum keeps.
describe.runIf(provider === "sqlite")("SQLite's plans on a database without statistics", () => {
  async function plan(sql: string): Promise<string[]> {
    const rows = await db.$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${sql}`);
    return rows.map((row) => row.detail);
  }

  test("a customer's counted orders, looked up for each customer (Prospects, at-risk retention), use the customer's index", async () => {
    const lines = await plan(
      `SELECT c."gid" FROM "Customer" c WHERE c."shop" = 'a.myshopify.com' AND c."deletedAt" IS NULL
       AND NOT EXISTS (SELECT 1 FROM "Order" o WHERE o."shop" = c."shop" AND o."customerGid" = c."gid" AND ${countedOrder("o", "'2026-01-01'")})`,
    );
    const lookup = lines.find((line) => line.startsWith("SEARCH o "));
    expect(lines.join("\n")).toContain("CORRELATED");
    expect(lookup).toMatch(/USING (COVERING )?INDEX Order_shop_customerGid\w* \(shop=\? AND customerGid=\?/);
  });

  test("the status card's count of the orders held reads one index, not the table", async () => {
    const lines = await plan(`SELECT COUNT(*) FROM "Order" WHERE "shop" = 'a.myshopify.com' AND "deletedAt" IS NULL`);
    expect(lines).toEqual([expect.stringMatching(/^SEARCH Order USING COVERING INDEX \w+ \(shop=\?/)]);
  });
});
