import { afterEach, expect, test } from "vitest";
import { db } from "../../app/db.server.ts";
import { DEFAULT_LOYALTY_RULES } from "../../app/loyalty/rules.ts";
import { saveLoyaltyRules } from "../../app/loyalty/settings.server.ts";
import { loader as homeLoader } from "../../app/routes/app._index.tsx";
import type { SimShop } from "../../simulator/index.ts";
import { embeddedUrl } from "../factories/session-token.ts";
import { useSimulatedStore } from "../support/simulated-store.ts";

const store = useSimulatedStore();
const DAY = 86_400_000;
let shops = 0;

afterEach(() => store.sim.setWebhookMode({}));

/**
 * A shop the app holds as installed (it takes webhooks only from such shops) without a session or a backfill: its order
 * webhooks are applied, and no rescoring or push runs to add offers of its own.
 */
async function newShop(): Promise<{ domain: string; shop: SimShop }> {
  const domain = `redemptions-${++shops}.myshopify.com`;
  await db.shop.create({ data: { domain, state: "installed", installedAt: new Date() } });
  return { domain, shop: store.sim.createShop(domain, { currencyCode: "USD", ianaTimezone: "UTC" }) };
}

/** An offer as the push records it: the shopper's own code, or their place under the segment's shared code. */
async function recordOffer(domain: string, customerGid: string, row: { ruleId: string; code: string; codes?: "per-shopper" | "per-segment" }) {
  const offeredAt = new Date(Date.now() - 5 * DAY);
  return db.loyaltyOffer.create({
    data: {
      shop: domain,
      customerGid,
      ruleId: row.ruleId,
      holdout: false,
      percentOff: 10,
      offeredAt,
      endsAt: new Date(offeredAt.getTime() + 60 * DAY),
      codes: row.codes ?? "per-shopper",
      code: row.code,
      status: "created",
    },
  });
}

const redemptionsOf = (domain: string) => db.loyaltyRedemption.findMany({ where: { shop: domain }, orderBy: [{ orderGid: "asc" }, { code: "asc" }] });

test("an order with the shopper's code, through the webhooks, is one redemption, however often and in whatever order it arrives", async () => {
  const { domain, shop } = await newShop();
  const ada = shop.createCustomer({}, { silent: true });
  const offer = await recordOffer(domain, ada.gid, { ruleId: "vip", code: "CRM-VIP-7KQ2M9XA3B" });

  store.sim.setWebhookMode({ duplicates: 2, hold: true });
  // Typed in lower case at checkout: Shopify's codes are case-insensitive.
  const order = shop.createOrder({ customerGid: ada.gid, totalMinor: 4_500, discountCodes: ["crm-vip-7kq2m9xa3b"] }); // orders/create + orders/paid
  shop.updateOrder(order.gid, { note: "gift wrap" }); // orders/updated
  store.sim.releaseHeld("reverse");
  await store.settle();

  const stored = await db.order.findUniqueOrThrow({ where: { shop_gid: { shop: domain, gid: order.gid } } });
  expect(stored.discountCodes).toBe("CRM-VIP-7KQ2M9XA3B");
  expect(await redemptionsOf(domain)).toEqual([
    {
      shop: domain,
      orderGid: order.gid,
      code: "CRM-VIP-7KQ2M9XA3B",
      customerGid: ada.gid,
      ruleId: "vip",
      offerId: offer.id,
      redeemedAt: order.processedAt,
      netMinor: 4_500n,
    },
  ]);
  expect(await db.loyaltyOffer.findUniqueOrThrow({ where: { id: offer.id } })).toMatchObject({ redeemedOrderGid: order.gid, redeemedAt: order.processedAt });

  // A partial refund lowers the redemption's net; cancelling the order takes the redemption, and the offer's mark, away.
  store.sim.setWebhookMode({});
  shop.refundOrder(order.gid, { amountMinor: 1_500 });
  await store.settle();
  expect(await redemptionsOf(domain)).toMatchObject([{ orderGid: order.gid, netMinor: 3_000n }]);
  shop.cancelOrder(order.gid);
  await store.settle();
  expect(await redemptionsOf(domain)).toEqual([]);
  expect(await db.loyaltyOffer.findUniqueOrThrow({ where: { id: offer.id } })).toMatchObject({ redeemedOrderGid: null, redeemedAt: null });
});

test("a segment's shared code is redeemed under the rule, with the offer of the shopper who used it; an unrelated code records nothing", async () => {
  const { domain, shop } = await newShop();
  const [ada, bob, cy] = [0, 1, 2].map(() => shop.createCustomer({}, { silent: true }));
  const code = "CRM-WIN-BACK-SHARED22";
  await db.loyaltySegmentCode.create({
    data: { shop: domain, ruleId: "win-back", code, status: "created", createdAt: new Date(), endsAt: new Date(Date.now() + 30 * DAY) },
  });
  await recordOffer(domain, ada!.gid, { ruleId: "win-back", code, codes: "per-segment" });
  const bobs = await recordOffer(domain, bob!.gid, { ruleId: "win-back", code, codes: "per-segment" });
  // A code of another shop is not this shop's.
  await db.loyaltyOffer.create({
    data: {
      shop: "elsewhere.myshopify.com",
      customerGid: cy!.gid,
      ruleId: "vip",
      holdout: false,
      percentOff: 10,
      offeredAt: new Date(),
      endsAt: new Date(Date.now() + DAY),
      codes: "per-shopper",
      code: "CRM-VIP-ELSEWHERE01",
      status: "created",
    },
  });

  const used = shop.createOrder({ customerGid: bob!.gid, totalMinor: 8_000, discountCodes: [code, "SUMMER10"] });
  const unrelated = shop.createOrder({ customerGid: cy!.gid, totalMinor: 2_000, discountCodes: ["summer10", "CRM-VIP-ELSEWHERE01"] });
  const none = shop.createOrder({ customerGid: ada!.gid, totalMinor: 1_000 });
  await store.settle();

  expect(await redemptionsOf(domain)).toMatchObject([{ orderGid: used.gid, code, customerGid: bob!.gid, ruleId: "win-back", offerId: bobs.id, netMinor: 8_000n }]);
  const codes = await db.order.findMany({ where: { shop: domain }, select: { gid: true, discountCodes: true }, orderBy: { id: "asc" } });
  expect(codes).toEqual([
    { gid: used.gid, discountCodes: `${code},SUMMER10` },
    { gid: unrelated.gid, discountCodes: "SUMMER10,CRM-VIP-ELSEWHERE01" },
    { gid: none.gid, discountCodes: "" },
  ]);
  expect(await db.loyaltyRedemption.count()).toBe(1);

  // Deleting the order takes the redemption away.
  shop.deleteOrder(used.gid);
  await store.settle();
  expect(await redemptionsOf(domain)).toEqual([]);
});

test("an order with an issued code, through the backfill, is one redemption; its webhooks after the import add none", async () => {
  const { domain, shop } = await newShop();
  // Rules without offers, so that the push after the first rescoring records none of its own.
  const rules = { ...DEFAULT_LOYALTY_RULES, rules: DEFAULT_LOYALTY_RULES.rules.map(({ offer: _offer, ...rule }) => rule) };
  expect(await saveLoyaltyRules(domain, rules)).toMatchObject({ ok: true });
  const ada = shop.createCustomer({ createdAt: new Date(Date.now() - 400 * DAY) }, { silent: true });
  const bob = shop.createCustomer({ createdAt: new Date(Date.now() - 400 * DAY) }, { silent: true });
  const offer = await recordOffer(domain, ada.gid, { ruleId: "vip", code: "CRM-VIP-BACKFILL01" });
  const at = (days: number) => new Date(Date.now() - days * DAY);
  shop.createOrder({ customerGid: ada.gid, totalMinor: 3_000, createdAt: at(200) }, { silent: true });
  const redeemed = shop.createOrder({ customerGid: ada.gid, totalMinor: 5_400, discountCodes: ["CRM-VIP-BACKFILL01"], createdAt: at(3) }, { silent: true });
  shop.createOrder({ customerGid: bob.gid, totalMinor: 2_500, discountCodes: ["WELCOME"], createdAt: at(2) }, { silent: true });

  await homeLoader({ request: new Request(embeddedUrl(store.appUrl, "/app", domain, await store.sim.sessionToken(domain))), params: {}, context: {} });
  await store.settle(); // install, backfill (the bulk query asks for discountCodes), the first rescoring
  expect(await db.order.count({ where: { shop: domain } })).toBe(3);
  expect(await redemptionsOf(domain)).toMatchObject([{ orderGid: redeemed.gid, code: "CRM-VIP-BACKFILL01", ruleId: "vip", offerId: offer.id, netMinor: 5_400n }]);
  expect(await db.loyaltyOffer.findUniqueOrThrow({ where: { id: offer.id } })).toMatchObject({ redeemedOrderGid: redeemed.gid });

  shop.updateOrder(redeemed.gid, { note: "left at the door" });
  await store.settle();
  expect(await db.loyaltyRedemption.count({ where: { shop: domain } })).toBe(1);
});
