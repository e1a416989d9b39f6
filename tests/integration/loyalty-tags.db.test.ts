import { expect, test } from "vitest";
import { db } from "../../app/db.server.ts";
import { pushLoyalty } from "../../app/loyalty/push.server.ts";
import { DEFAULT_LOYALTY_RULES } from "../../app/loyalty/rules.ts";
import { saveLoyaltyRules } from "../../app/loyalty/settings.server.ts";
import { loader as homeLoader } from "../../app/routes/app._index.tsx";
import type { SimShop } from "../../simulator/index.ts";
import { embeddedUrl } from "../factories/session-token.ts";
import { useSimulatedStore } from "../support/simulated-store.ts";

const store = useSimulatedStore();
const domain = "loyal-shoppers.myshopify.com";
const context = { now: () => new Date(), signal: new AbortController().signal };
const DAY = 86_400_000;

/** Forty shoppers, from a frequent recent buyer to one who bought once long ago; the first carries a tag of the merchant's. */
function seededShop(): SimShop {
  const shop = store.sim.createShop(domain, { currencyCode: "USD", ianaTimezone: "UTC" });
  const today = Date.now();
  for (let i = 0; i < 40; i++) {
    const customer = shop.createCustomer({ tags: i === 0 ? ["wholesale"] : [], createdAt: new Date(today - 800 * DAY) }, { silent: true });
    const orders = 1 + ((40 - i) % 8);
    for (let k = 0; k < orders; k++) {
      const at = new Date(today - (2 + i * 9 + k * 30) * DAY);
      shop.createOrder({ customerGid: customer.gid, totalMinor: 2_000 + (40 - i) * 150, processedAt: at, createdAt: at }, { silent: true });
    }
  }
  return shop;
}

const tagsOf = (shop: SimShop, gid: string) => shop.customer(gid)?.tags ?? [];
const customerUpdates = () => store.sim.deliveries().filter((d) => d.shop === domain && d.topic === "customers/update").length;

test("after a rescoring the store carries the rules' tags; the merchant's survive; nothing is sent twice; a disabled rule's tags come off", async () => {
  const shop = seededShop();
  await homeLoader({ request: new Request(embeddedUrl(store.appUrl, "/app", domain, await store.sim.sessionToken(domain))), params: {}, context: {} });
  await store.settle(); // install, backfill, the first rescoring, and the push it queues

  const scores = await db.customerScore.findMany({ where: { shop: domain }, select: { customerGid: true, segment: true } });
  expect(scores).toHaveLength(40);
  const champions = scores.filter((s) => s.segment === "Champions").map((s) => s.customerGid);
  expect(champions.length).toBeGreaterThan(0);
  for (const { customerGid, segment } of scores) {
    const tags = tagsOf(shop, customerGid);
    expect(tags, customerGid).toContain(`crm-segment-${segment.toLowerCase().replaceAll(" ", "-")}`);
    if (champions.includes(customerGid)) expect(tags, customerGid).toContain("crm-vip");
  }
  const merchantTagged = shop.customers().find((c) => c.tags.includes("wholesale"))!;
  expect(tagsOf(shop, merchantTagged.gid)).toContain("wholesale");

  // Nothing changed: no mutation, so no customers/update.
  const updatesBefore = customerUpdates();
  expect(await pushLoyalty({ shop: domain }, context)).toMatchObject({ shoppers: 40, changed: 0, mutations: 0 });
  await store.sim.webhooksSettled();
  expect(customerUpdates()).toBe(updatesBefore);

  // The merchant turns VIP off: its tag comes off; their own tag and the group tags stay.
  const rules = { ...DEFAULT_LOYALTY_RULES, rules: DEFAULT_LOYALTY_RULES.rules.map((rule) => ({ ...rule, enabled: rule.id !== "vip" })) };
  expect(await saveLoyaltyRules(domain, rules)).toMatchObject({ ok: true });
  const vipsBefore = shop.customers().filter((c) => c.tags.includes("crm-vip")).length;
  expect(vipsBefore).toBeGreaterThanOrEqual(champions.length);
  expect(await pushLoyalty({ shop: domain }, context)).toMatchObject({ shoppers: 40, changed: vipsBefore });
  expect(shop.customers().filter((c) => c.tags.includes("crm-vip"))).toEqual([]);
  expect(tagsOf(shop, merchantTagged.gid)).toContain("wholesale");
  for (const { customerGid } of scores) expect(tagsOf(shop, customerGid).some((t) => t.startsWith("crm-segment-"))).toBe(true);

  // Overdue against their own cycle: exactly the shoppers whose days since the last order reach 1.5 cycles.
  const overdueRules = { ...rules, rules: [...rules.rules, { id: "overdue", tag: "overdue", when: { overdue: { atLeast: 1.5 } } }] };
  expect(await saveLoyaltyRules(domain, overdueRules)).toMatchObject({ ok: true });
  await pushLoyalty({ shop: domain }, context);
  const rows = await db.customerScore.findMany({
    where: { shop: domain },
    select: { customerGid: true, lastPurchaseOn: true, expectedDaysBetweenPurchases: true, scoredAt: true },
  });
  const day = (ms: number) => Math.floor(ms / DAY);
  const overdue = rows
    .filter(
      (r) =>
        r.lastPurchaseOn &&
        r.expectedDaysBetweenPurchases &&
        (day(r.scoredAt.getTime()) - day(Date.parse(r.lastPurchaseOn))) / r.expectedDaysBetweenPurchases >= 1.5,
    )
    .map((r) => r.customerGid)
    .sort();
  expect(overdue.length).toBeGreaterThan(0);
  expect(overdue.length).toBeLessThan(40);
  expect(
    shop
      .customers()
      .filter((c) => c.tags.includes("crm-overdue"))
      .map((c) => c.gid)
      .sort(),
  ).toEqual(overdue);
});

test("invalid rules are refused field by field, and nothing is saved", async () => {
  const refused = await saveLoyaltyRules(domain, { rules: [{ id: "vip", tag: "VIP", when: { segment: ["Champions"] } }] });
  expect(refused).toEqual({ ok: false, errors: ["rules[0].tag: use lower-case letters, digits and single dashes"] });
  expect(await db.loyaltySettings.count()).toBe(0);
});
