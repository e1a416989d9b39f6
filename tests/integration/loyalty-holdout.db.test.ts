import { expect, test } from "vitest";
import { db } from "../../app/db.server.ts";
import { ruleHoldoutReportFromOutcomes, type Comparison, type ShopperOutcome } from "../../app/loyalty/holdout-report.ts";
import { holdoutReport } from "../../app/loyalty/holdout-report.server.ts";
import type { SimShop } from "../../simulator/index.ts";
import { useSimulatedStore } from "../support/simulated-store.ts";

const store = useSimulatedStore();
const DAY = 86_400_000;
const SHOPPERS_PER_GROUP = 40;
let shops = 0;

/** What one shopper does after the offer: each entry an order's total in cents (none: they do not come back). */
type Behaviour = (index: number) => number[];

function ready(comparison: Comparison) {
  if (comparison.state !== "ready") throw new Error(`expected a ready comparison, got: ${comparison.reason}`);
  return comparison;
}

/**
 * A shop the app holds as installed (it takes webhooks only from such shops) without a session or a backfill (so no
 * push records offers of its own), with VIP offers recorded for 40 treated
 * and 40 control shoppers twenty days ago. Every shopper bought once before the offer; after it, each group behaves
 * as told. The orders reach the app as the store's webhooks. Some orders must not count: cancelled, test, refunded in
 * full, placed before the offer, or after the report's clock.
 */
async function shopWithOffers(now: Date, treatedBehaviour: Behaviour, controlBehaviour: Behaviour): Promise<{ domain: string; shop: SimShop }> {
  const domain = `holdout-${++shops}.myshopify.com`;
  await db.shop.create({ data: { domain, state: "installed", installedAt: new Date(now.getTime() - 500 * DAY) } });
  const shop = store.sim.createShop(domain, { currencyCode: "USD", ianaTimezone: "UTC" });
  const offeredAt = new Date(now.getTime() - 20 * DAY);
  const at = (daysAfterOffer: number) => new Date(offeredAt.getTime() + daysAfterOffer * DAY);
  for (const holdout of [false, true]) {
    const behaviour = holdout ? controlBehaviour : treatedBehaviour;
    for (let i = 0; i < SHOPPERS_PER_GROUP; i++) {
      const customer = shop.createCustomer({ createdAt: at(-400) }, { silent: true });
      await db.loyaltyOffer.create({
        data: {
          shop: domain,
          ruleId: "vip",
          customerGid: customer.gid,
          holdout,
          percentOff: 10,
          offeredAt,
          endsAt: at(60),
          codes: "per-shopper",
          code: holdout ? null : `CRM-VIP-H${shops}T${i}`,
          status: holdout ? "control" : "created",
        },
      });
      // A later period's offer does not make the shopper a second one, nor move their window.
      if (i % 8 === 0) {
        await db.loyaltyOffer.create({
          data: {
            shop: domain,
            ruleId: "vip",
            customerGid: customer.gid,
            holdout: false,
            percentOff: 10,
            offeredAt: at(10),
            endsAt: at(70),
            codes: "per-shopper",
            code: `CRM-VIP-H${shops}L${holdout}${i}`,
            status: "created",
          },
        });
      }
      shop.createOrder({ customerGid: customer.gid, totalMinor: 3_000 + 37 * i, createdAt: at(-30 - (i % 5)) });
      behaviour(i).forEach((totalMinor, k) => {
        shop.createOrder({ customerGid: customer.gid, totalMinor, createdAt: at(1 + ((i + 3 * k) % 15)) });
      });
      if (i % 10 === 1) {
        shop.cancelOrder(shop.createOrder({ customerGid: customer.gid, totalMinor: 90_000, createdAt: at(2) }).gid);
        shop.createOrder({ customerGid: customer.gid, totalMinor: 90_000, test: true, createdAt: at(3) });
        const refunded = shop.createOrder({ customerGid: customer.gid, totalMinor: 90_000, createdAt: at(4) });
        shop.refundOrder(refunded.gid, { amountMinor: 90_000 });
        shop.createOrder({ customerGid: customer.gid, totalMinor: 90_000, createdAt: new Date(now.getTime() + DAY) });
      }
    }
  }
  await store.settle();
  return { domain, shop };
}

/** The same report computed in memory from the store's own orders, by the definitions of decision 0406. */
async function reportFromTheStore(domain: string, shop: SimShop, now: Date) {
  const offers = await db.loyaltyOffer.findMany({ where: { shop: domain, ruleId: "vip" }, orderBy: [{ offeredAt: "asc" }, { id: "asc" }] });
  const first = new Map<string, (typeof offers)[number]>();
  for (const offer of offers) if (!first.has(offer.customerGid)) first.set(offer.customerGid, offer);
  const outcomes: ShopperOutcome[] = [...first.values()].map((offer) => {
    const counted = shop
      .orders()
      .filter(
        (o) =>
          o.customerGid === offer.customerGid &&
          o.cancelledAt === null &&
          !o.test &&
          o.totalMinor - o.refundedMinor > 0 &&
          o.processedAt > offer.offeredAt &&
          o.processedAt <= now,
      );
    return { holdout: offer.holdout, orderedAgain: counted.length > 0, netMinor: BigInt(counted.reduce((sum, o) => sum + o.totalMinor - o.refundedMinor, 0)) };
  });
  return ruleHoldoutReportFromOutcomes(outcomes);
}

test("when treated shoppers buy more than control, both differences' 95% intervals exclude zero", async () => {
  const now = new Date();
  // 28 of 40 treated come back, for 25.00 to 60.00 (some twice); 8 of 40 control do, for 25.00 to 40.00.
  const treated: Behaviour = (i) => (i % 10 < 7 ? (i % 4 === 0 ? [2_500 + 100 * i, 1_800] : [2_500 + 100 * i]) : []);
  const control: Behaviour = (i) => (i % 5 === 0 ? [2_500 + 190 * (i % 9)] : []);
  const { domain, shop } = await shopWithOffers(now, treated, control);

  const report = await holdoutReport(domain, now);
  expect(report.rules.map((r) => r.ruleId)).toEqual(["vip", "win-back"]);
  const [vip, winBack] = report.rules;
  expect(vip?.report).toEqual(await reportFromTheStore(domain, shop, now));
  expect(vip?.report.treated).toMatchObject({ shoppers: 40, repeaters: 28 });
  expect(vip?.report.control).toMatchObject({ shoppers: 40, repeaters: 8 });
  const repeat = ready(vip!.report.repeatRate);
  expect(repeat.difference).toBeCloseTo(0.5, 12);
  expect(repeat.low).toBeGreaterThan(0);
  expect(repeat.excludesZero).toBe(true);
  const revenue = ready(vip!.report.revenuePerShopper);
  expect(revenue.low).toBeGreaterThan(0);
  expect(revenue.excludesZero).toBe(true);
  // The default win-back rule has offered nothing yet.
  expect(winBack?.report.repeatRate).toMatchObject({ state: "not-enough-shoppers" });
});

test("when both groups behave alike, both intervals include zero", async () => {
  const now = new Date();
  // 12 of 40 come back in each group, for about the same amounts.
  const treated: Behaviour = (i) => (i % 10 < 3 ? [2_000 + 150 * (i % 7)] : []);
  const control: Behaviour = (i) => (i % 10 >= 7 ? [2_100 + 140 * (i % 6)] : []);
  const { domain, shop } = await shopWithOffers(now, treated, control);

  const [vip] = (await holdoutReport(domain, now)).rules;
  expect(vip?.report).toEqual(await reportFromTheStore(domain, shop, now));
  const repeat = ready(vip!.report.repeatRate);
  expect(repeat.difference).toBe(0);
  expect(repeat.low).toBeLessThan(0);
  expect(repeat.high).toBeGreaterThan(0);
  expect(repeat.excludesZero).toBe(false);
  const revenue = ready(vip!.report.revenuePerShopper);
  expect(revenue.low).toBeLessThan(0);
  expect(revenue.high).toBeGreaterThan(0);
  expect(revenue.excludesZero).toBe(false);
});

test("before anyone is offered anything, every rule says not enough shoppers yet", async () => {
  const domain = `holdout-${++shops}.myshopify.com`;
  const report = await holdoutReport(domain, new Date());
  expect(report.rules.map((r) => [r.ruleId, r.report.repeatRate.state, r.report.revenuePerShopper.state])).toEqual([
    ["vip", "not-enough-shoppers", "not-enough-shoppers"],
    ["win-back", "not-enough-shoppers", "not-enough-shoppers"],
  ]);
});
