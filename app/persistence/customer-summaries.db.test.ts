import { describe, expect, test } from "vitest";
import { summarize, type CustomerSummary } from "../scoring/index.ts";
import { createRandom } from "../scoring/math/random.ts";
import { summaryFromAggregate } from "../scoring-jobs/summaries.ts";
import { isoDay, localDayNumber, offsetPeriods } from "../domain/time-zone.ts";
import { customerGid, engineOrdersOf, installShop, storeOrders, type HistoryOrder } from "../../tests/factories/shop-history.ts";
import { customerPurchaseSummaries, customersWithoutPurchases } from "./customer-summaries.server.ts";

const shop = "summaries.myshopify.com";
const zone = "America/New_York";

/** The SQL summaries next to `summarize` of the same stored orders, as of `now`, both sorted by customer. */
async function bothSummaries(now: Date, timeZone = zone) {
  const periods = offsetPeriods(timeZone, new Date(0), now);
  const endDay = localDayNumber(periods, now);
  const fromSql = (await customerPurchaseSummaries(shop, periods, endDay)).map((row) => summaryFromAggregate(row, endDay, 100));
  const fromEngine = summarize(await engineOrdersOf(shop, timeZone), { observationEnd: isoDay(endDay) });
  const byCustomer = (a: CustomerSummary, b: CustomerSummary) => a.customerId.localeCompare(b.customerId);
  return { fromSql: fromSql.sort(byCustomer), fromEngine: fromEngine.sort(byCustomer), periods, endDay };
}

function expectSameSummaries(fromSql: CustomerSummary[], fromEngine: CustomerSummary[]): void {
  expect(fromSql.map((s) => s.customerId)).toEqual(fromEngine.map((s) => s.customerId));
  fromSql.forEach((sql, i) => {
    const engine = fromEngine[i]!;
    const { monetary, netSpend, ...exact } = sql;
    const { monetary: engineMonetary, netSpend: engineNetSpend, ...engineExact } = engine;
    expect(exact, sql.customerId).toEqual(engineExact);
    // The engine adds dollars in floating point; the database adds cents exactly.
    expect(monetary, sql.customerId).toBeCloseTo(engineMonetary, 9);
    expect(netSpend, sql.customerId).toBeCloseTo(engineNetSpend, 9);
  });
}

describe("customerPurchaseSummaries", () => {
  test("equals summarize of the same orders: one purchase per day, refunds, cancelled and test orders, the zone's days", async () => {
    await installShop(shop, zone);
    await installShop("other.myshopify.com", zone);
    const orders: HistoryOrder[] = [
      // "a": two orders on 7 March in New York, one of them after midnight UTC; a partial refund; a $0 sample
      { customer: "a", processedAt: "2026-03-07T15:00:00Z", totalMinor: 2_000n },
      { customer: "a", processedAt: "2026-03-08T04:30:00Z", totalMinor: 1_500n, refund: "5.00" },
      { customer: "a", processedAt: "2026-03-20T12:00:00Z", totalMinor: 0n },
      { customer: "a", processedAt: "2026-04-02T12:00:00Z", totalMinor: 3_333n },
      // "b": 23:30 on the evenings before and after the spring change, and 00:30 the morning after: three days
      { customer: "b", processedAt: "2026-03-08T04:30:00Z", totalMinor: 1_000n },
      { customer: "b", processedAt: "2026-03-09T03:30:00Z", totalMinor: 1_100n },
      { customer: "b", processedAt: "2026-03-09T04:30:00Z", totalMinor: 1_200n },
      // "c": refunded in full, cancelled, a test, deleted: no purchase at all
      { customer: "c", processedAt: "2026-02-01T12:00:00Z", totalMinor: 4_000n, refund: "40.00" },
      { customer: "c", processedAt: "2026-02-02T12:00:00Z", totalMinor: 4_000n, cancelled: true },
      { customer: "c", processedAt: "2026-02-03T12:00:00Z", totalMinor: 4_000n, test: true },
      { customer: "c", processedAt: "2026-02-04T12:00:00Z", totalMinor: 4_000n, deleted: true },
      // "d": a purchase otherwise, but a refunded-in-full order does not count as a purchase day
      { customer: "d", processedAt: "2026-01-10T12:00:00Z", totalMinor: 2_500n },
      { customer: "d", processedAt: "2026-01-20T12:00:00Z", totalMinor: 2_500n, refund: "25.00" },
      // "e": the last minute of the observation's last day counts, the first minute of the next does not
      { customer: "e", processedAt: "2026-01-15T12:00:00Z", totalMinor: 900n },
      { customer: "e", processedAt: "2026-04-30T03:59:00Z", totalMinor: 800n },
      { customer: "e", processedAt: "2026-04-30T04:00:00Z", totalMinor: 700n },
    ];
    await storeOrders(shop, orders);
    await storeOrders("other.myshopify.com", [{ customer: "a", processedAt: "2026-03-10T12:00:00Z", totalMinor: 99_999n }]);

    // 29 April in New York
    const { fromSql, fromEngine, periods, endDay } = await bothSummaries(new Date("2026-04-30T01:00:00Z"));
    expect(isoDay(endDay)).toBe("2026-04-29");
    expectSameSummaries(fromSql, fromEngine);
    expect(fromSql.find((s) => s.customerId === customerGid("a"))).toMatchObject({ frequency: 2, orderCount: 4, netSpend: 63.33 });
    expect(fromSql.find((s) => s.customerId === customerGid("b"))).toMatchObject({ frequency: 2, orderCount: 3, firstPurchase: "2026-03-07" });
    expect(fromSql.find((s) => s.customerId === customerGid("e"))).toMatchObject({ frequency: 1, lastPurchase: "2026-04-29" });
    expect(await customersWithoutPurchases(shop, periods, endDay)).toEqual([customerGid("c")]);
  });

  test("equals summarize on a seeded random history", async () => {
    const seed = 20_261_123;
    console.log(`customer-summaries random history seed: ${seed}`);
    const random = createRandom(seed);
    await installShop(shop, "Australia/Sydney");
    const start = Date.parse("2024-01-01T00:00:00Z");
    const orders: HistoryOrder[] = Array.from({ length: 120 }, () => {
      const total = BigInt(Math.floor(random.uniform() * 20_000));
      const u = random.uniform();
      return {
        customer: `r${Math.floor(random.uniform() * 25)}`,
        // whole minutes over two years, so many orders fall near midnight and daylight-saving changes
        processedAt: new Date(start + Math.floor(random.uniform() * 2 * 365 * 1440) * 60_000),
        totalMinor: total,
        refund: u < 0.1 ? (Number(total) / 100).toFixed(2) : u < 0.2 ? (Number(total / 3n) / 100).toFixed(2) : undefined,
        cancelled: u >= 0.2 && u < 0.25,
        test: u >= 0.25 && u < 0.27,
      };
    });
    await storeOrders(shop, orders);
    const { fromSql, fromEngine } = await bothSummaries(new Date("2025-12-31T13:30:00Z"), "Australia/Sydney");
    expect(fromSql.length).toBeGreaterThan(15);
    expectSameSummaries(fromSql, fromEngine);
  });
});
