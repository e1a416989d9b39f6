import { expect, test } from "vitest";
import { db } from "../../app/db.server.ts";
import { APP_METAFIELDS } from "../../app/loyalty/metafields.ts";
import { pushLoyalty, type PushOptions } from "../../app/loyalty/push.server.ts";
import { DEFAULT_LOYALTY_RULES } from "../../app/loyalty/rules.ts";
import { saveLoyaltyRules } from "../../app/loyalty/settings.server.ts";
import { loader as homeLoader } from "../../app/routes/app._index.tsx";
import { rescoreShop } from "../../app/scoring-jobs/rescore.server.ts";
import type { AdminCall, SimShop } from "../../simulator/index.ts";
import { appMetafields, assertStoreMatchesRecords, installedLoyaltyShop } from "../factories/loyalty-shop.ts";
import { embeddedUrl } from "../factories/session-token.ts";
import { useSimulatedStore } from "../support/simulated-store.ts";

const store = useSimulatedStore();
const DAY = 86_400_000;

const mutationsSent = (shop: SimShop) => shop.adminCalls().filter((call) => call.kind === "mutation" && !call.throttled).length;

/** The offers the app recorded that still run at `at`, by shopper. */
async function offersByShopper(domain: string, at = new Date()) {
  const offers = await db.loyaltyOffer.findMany({ where: { shop: domain, endsAt: { gt: at } } });
  return new Map(offers.map((offer) => [offer.customerGid, offer]));
}

test("after a rescoring each VIP carries the tag, the metafields and one code of their own; the control group no code; the merchant's tags survive; a second push sends nothing", async () => {
  const { domain, shop } = await installedLoyaltyShop(store, "loyalty-push");
  const scores = await db.customerScore.findMany({ where: { shop: domain } });
  const vips = scores.filter((s) => shop.customer(s.customerGid)?.tags.includes("crm-vip"));
  expect(vips.length).toBeGreaterThan(2);
  for (const s of scores.filter((s) => s.segment === "Champions")) expect(vips.map((v) => v.customerGid)).toContain(s.customerGid);
  expect(shop.customers()[0]!.tags).toContain("wholesale");

  const offers = await offersByShopper(domain);
  const discounts = shop.discounts();
  for (const vip of vips) {
    const offer = offers.get(vip.customerGid)!;
    expect(offer.ruleId).toBe("vip");
    const metafields = appMetafields(shop, vip.customerGid);
    expect(metafields.historic_clv).toBe(JSON.stringify({ amount: (Number(vip.historicClvMinor) / 100).toFixed(2), currency_code: "USD" }));
    expect(metafields.rfm_group).toBe(vip.segment);
    expect(metafields.rfm_recency).toBe(String(vip.rfmRecency));
    expect(metafields.p_alive).toBe(vip.pAlive!.toFixed(4));
    expect(Object.keys(metafields).every((key) => key in APP_METAFIELDS)).toBe(true);
    if (offer.holdout) {
      expect(offer.status).toBe("control");
      expect(metafields.active_code).toBeUndefined();
      continue;
    }
    const discount = discounts.find((d) => d.codes.some((c) => c.code === offer.code))!;
    expect(discount).toMatchObject({ usageLimit: 1, appliesOncePerCustomer: true, context: { kind: "customers", customerGids: [vip.customerGid] } });
    expect(discount.value).toEqual({ kind: "percentage", percentage: 0.1 });
    expect(discount.endsAt!.getTime() - offer.offeredAt.getTime()).toBe(60 * DAY);
    expect(metafields.active_code).toBe(offer.code);
    expect(metafields.active_code_expires_at).toBe(offer.endsAt.toISOString());
  }
  await assertStoreMatchesRecords(domain, shop);

  // Nothing changed: a second push sends no mutation and makes no code.
  const before = mutationsSent(shop);
  const discountsBefore = shop.discounts().length;
  expect(await pushLoyalty({ shop: domain }, { now: () => new Date(), signal: new AbortController().signal })).toMatchObject({
    changed: 0,
    mutations: 0,
    codesCreated: 0,
  });
  expect(mutationsSent(shop)).toBe(before);
  expect(shop.discounts()).toHaveLength(discountsBefore);
  const audit = await db.pushAudit.findMany({ where: { shop: domain } });
  expect(audit.filter((row) => row.action === "discount-create" && row.result === "ok")).toHaveLength(shop.discounts().length);
  // The home page shows the offers: codes given and control per rule.
  const home = await homeLoader({ request: new Request(embeddedUrl(store.appUrl, "/app", domain, await store.sim.sessionToken(domain))), params: {}, context: {} });
  const vipRule = home.loyalty.rules.find((rule) => rule.ruleId === "vip")!;
  const vipOffers = [...offers.values()].filter((offer) => offer.ruleId === "vip");
  expect(vipRule).toMatchObject({ treated: vipOffers.filter((o) => !o.holdout).length, control: vipOffers.filter((o) => o.holdout).length, redemptions: 0 });
  expect(vipRule.treated).toBeGreaterThan(0);
  // The first rescoring is the baseline: no early warning, nothing sent to Flow.
  expect(await db.loyaltyAlert.count({ where: { shop: domain } })).toBe(0);
  expect(shop.flowTriggerRuns()).toEqual([]);
});

test("a VIP whose orders are refunded leaves VIP: the tag comes off, the code stays until it ends, and nobody gets a second code", async () => {
  const { domain, shop } = await installedLoyaltyShop(store, "loyalty-push");
  const offers = await offersByShopper(domain);
  const leaving = shop
    .customers()
    .filter((c) => c.tags.includes("crm-vip") && offers.get(c.gid)?.holdout === false)
    .slice(0, 2)
    .map((c) => c.gid);
  expect(leaving).toHaveLength(2);
  for (const order of shop.orders().filter((o) => leaving.includes(o.customerGid ?? ""))) shop.refundOrder(order.gid, { amountMinor: order.totalMinor });
  await store.settle();
  const later = new Date(Date.now() + DAY);
  expect(await rescoreShop(domain, { now: later, clock: () => later })).toMatchObject({ status: "succeeded" });
  const pushed = await pushLoyalty({ shop: domain }, { now: () => later, signal: new AbortController().signal });
  for (const gid of leaving) {
    expect(shop.customer(gid)!.tags, gid).not.toContain("crm-vip");
    // Their code runs until its end: still theirs, still the only one.
    expect(appMetafields(shop, gid).active_code, gid).toBe(offers.get(gid)!.code);
  }
  // Staff are warned: a "VIP lost" alert each, kept for the alerts page and sent to Flow with the shopper's id.
  const lost = await db.loyaltyAlert.findMany({ where: { shop: domain, kind: "vip-lost" }, orderBy: { customerGid: "asc" } });
  expect(lost.map((alert) => alert.customerGid)).toEqual([...leaving].sort());
  expect(pushed.alerts).toBeGreaterThanOrEqual(2);
  await store.settle(); // the send-flow-alerts job the push queued
  const runs = shop.flowTriggerRuns().filter((run) => run.handle === "clv-crm-vip-lost");
  expect(runs.map((run) => `gid://shopify/Customer/${run.payload.customer_id}`).sort()).toEqual([...leaving].sort());
  for (const run of runs) expect(run.payload).toMatchObject({ "RFM group": expect.any(String), "Probability alive": expect.any(Number) });
  expect((await db.loyaltyAlert.findMany({ where: { shop: domain } })).every((alert) => alert.flowStatus === "sent")).toBe(true);
  // The same scores pushed again raise nothing twice and send nothing more.
  const flowRuns = shop.flowTriggerRuns().length;
  expect(await pushLoyalty({ shop: domain }, { now: () => later, signal: new AbortController().signal })).toMatchObject({ alerts: 0 });
  await store.settle();
  expect(shop.flowTriggerRuns()).toHaveLength(flowRuns);
  const all = await db.loyaltyOffer.findMany({ where: { shop: domain } });
  expect(new Set(all.map((o) => o.customerGid)).size).toBe(all.length);
  expect(shop.customers()[0]!.tags).toContain("wholesale");
  await assertStoreMatchesRecords(domain, shop, later);
});

test.each<[string, PushOptions, (call: AdminCall, mutations: number) => boolean]>([
  // Cut off after the fourth mutation: some codes, tags or metafields in, the rest not.
  ["one call per change", { bulkAbove: 1_000 }, (_call, mutations) => mutations === 4],
  // Cut off while Shopify runs the first bulk mutation (the codes): the next push must read its results.
  ["bulk mutations", { bulkAbove: 0, pollMs: 5 }, (call) => call.operationName === "BulkMutationRun"],
])("a push cut off halfway (%s) and started again ends with exactly the intended store: tags, metafields, one code per shopper", async (mode, options, cutOff) => {
  const { domain, shop } = await installedLoyaltyShop(store, "loyalty-push");
  // Another period of offers for everyone: the running ones end, so every eligible shopper gets a new code.
  const later = new Date(Date.now() + 75 * DAY);
  expect(await rescoreShop(domain, { now: later, clock: () => later })).toMatchObject({ status: "succeeded" });
  const controller = new AbortController();
  let mutations = 0;
  const stop = shop.onAdminCall((call) => {
    if (call.kind === "mutation" && cutOff(call, ++mutations) && !controller.signal.aborted) controller.abort(new Error("the app process died"));
  });
  await expect(pushLoyalty({ shop: domain }, { now: () => later, signal: controller.signal }, options)).rejects.toThrow("the app process died");
  stop();
  if (mode === "bulk mutations") expect(await db.loyaltyBulkPush.count({ where: { shop: domain } })).toBe(1);
  const result = await pushLoyalty({ shop: domain }, { now: () => later, signal: new AbortController().signal }, options);
  expect(result.shoppers).toBe(60);
  await assertStoreMatchesRecords(domain, shop, later);
  const running = await db.loyaltyOffer.findMany({ where: { shop: domain, endsAt: { gt: later } } });
  expect(running.length).toBeGreaterThan(0);
  expect(new Set(running.map((o) => o.customerGid)).size).toBe(running.length);
  // Every code in Shopify is one the app recorded, once.
  const codes = shop.discounts().flatMap((d) => d.codes.map((c) => c.code));
  expect(new Set(codes).size).toBe(codes.length);
  const recorded = new Set((await db.loyaltyOffer.findMany({ where: { shop: domain, code: { not: null } } })).map((o) => o.code));
  for (const code of codes) expect(recorded).toContain(code);
  expect(await db.loyaltyBulkPush.count({ where: { shop: domain } })).toBe(0);
});

test("a code Shopify created but the app did not record (cut off between the answer and the write) is found, not made twice", async () => {
  const { domain, shop } = await installedLoyaltyShop(store, "loyalty-push");
  const offer = (await db.loyaltyOffer.findFirst({ where: { shop: domain, status: "created", codes: "per-shopper" } }))!;
  await db.loyaltyOffer.update({ where: { id: offer.id }, data: { status: "pending", discountGid: null } });
  const discounts = shop.discounts().length;
  await pushLoyalty({ shop: domain }, { now: () => new Date(), signal: new AbortController().signal });
  expect(shop.discounts()).toHaveLength(discounts);
  expect(await db.loyaltyOffer.findUnique({ where: { id: offer.id } })).toMatchObject({ status: "created", discountGid: offer.discountGid });
});

test("a per-segment rule shares one code, limited to a Shopify segment on its offer tag that the control group stays out of", async () => {
  const { domain, shop } = await installedLoyaltyShop(store, "loyalty-push");
  const rules = {
    ...DEFAULT_LOYALTY_RULES,
    rules: DEFAULT_LOYALTY_RULES.rules.map((rule) =>
      rule.id === "vip" && rule.offer ? { ...rule, offer: { ...rule.offer, codes: "per-segment" as const } } : rule,
    ),
  };
  expect(await saveLoyaltyRules(domain, rules)).toMatchObject({ ok: true });
  const later = new Date(Date.now() + 75 * DAY);
  expect(await rescoreShop(domain, { now: later, clock: () => later })).toMatchObject({ status: "succeeded" });
  await pushLoyalty({ shop: domain }, { now: () => later, signal: new AbortController().signal });
  const [shared] = await db.loyaltySegmentCode.findMany({ where: { shop: domain } });
  expect(shared).toMatchObject({ ruleId: "vip", status: "created" });
  const discount = shop.discounts().find((d) => d.codes.some((c) => c.code === shared!.code))!;
  expect(discount.context).toEqual({ kind: "customerSegments", segmentGids: [shared!.segmentGid] });
  const treated = await db.loyaltyOffer.findMany({ where: { shop: domain, ruleId: "vip", codes: "per-segment", endsAt: { gt: later } } });
  expect(treated.length).toBeGreaterThan(0);
  for (const offer of treated) {
    const tags = shop.customer(offer.customerGid)!.tags;
    expect(tags.includes("crm-vip-offer"), offer.customerGid).toBe(!offer.holdout);
    if (!offer.holdout) expect(appMetafields(shop, offer.customerGid).active_code).toBe(shared!.code);
  }
});
