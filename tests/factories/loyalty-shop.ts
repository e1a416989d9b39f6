/** A shop the loyalty push works on, and what its store must hold afterwards: shared by the push's integration tests. */
import { expect } from "vitest";
import { db } from "../../app/db.server.ts";
import { loader as homeLoader } from "../../app/routes/app._index.tsx";
import type { SimShop } from "../../simulator/index.ts";
import type { SimulatedStore } from "../support/simulated-store.ts";
import { embeddedUrl } from "./session-token.ts";

const DAY = 86_400_000;
let shops = 0;

/**
 * Sixty shoppers, from frequent recent buyers to one-time buyers of long ago, installed through the admin, backfilled,
 * scored and pushed once; the first shopper carries a tag of the merchant's.
 */
export async function installedLoyaltyShop(store: SimulatedStore, prefix: string): Promise<{ domain: string; shop: SimShop }> {
  const domain = `${prefix}-${++shops}.myshopify.com`;
  const shop = store.sim.createShop(domain, { currencyCode: "USD", ianaTimezone: "UTC" });
  const today = Date.now();
  for (let i = 0; i < 60; i++) {
    const customer = shop.createCustomer({ tags: i === 0 ? ["wholesale"] : [], createdAt: new Date(today - 800 * DAY) }, { silent: true });
    const orders = 1 + ((60 - i) % 9);
    for (let k = 0; k < orders; k++) {
      const at = new Date(today - (2 + i * 6 + k * 25) * DAY);
      shop.createOrder({ customerGid: customer.gid, totalMinor: 2_000 + (60 - i) * 150, processedAt: at, createdAt: at }, { silent: true });
    }
  }
  await homeLoader({ request: new Request(embeddedUrl(store.appUrl, "/app", domain, await store.sim.sessionToken(domain))), params: {}, context: {} });
  await store.settle(); // install, backfill, the first rescoring, and the push it queues
  return { domain, shop };
}

/** The app's `$app` metafields of a shopper, as Shopify stores them (namespace `app--<id>`), by key. */
export function appMetafields(shop: SimShop, gid: string): Record<string, string> {
  return Object.fromEntries(
    shop
      .metafields(gid)
      .filter((m) => m.namespace.startsWith("app--"))
      .map((m) => [m.key, m.value]),
  );
}

/**
 * The store holds exactly what the app recorded: tags, metafields, and one running code per treated shopper; every
 * code in Shopify is one the app recorded, once.
 */
export async function assertStoreMatchesRecords(domain: string, shop: SimShop, at = new Date()): Promise<void> {
  const offers = new Map((await db.loyaltyOffer.findMany({ where: { shop: domain, endsAt: { gt: at } } })).map((offer) => [offer.customerGid, offer]));
  const pushed = new Map((await db.pushedState.findMany({ where: { shop: domain } })).map((row) => [row.customerGid, row]));
  const discounts = shop.discounts().filter((d) => d.endsAt === null || d.endsAt > at);
  for (const customer of shop.customers()) {
    const gid = customer.gid;
    const offer = offers.get(gid);
    const record = pushed.get(gid);
    const metafields = appMetafields(shop, gid);
    const codes = discounts
      .filter((d) => d.context.kind === "customers" && d.context.customerGids.includes(gid))
      .flatMap((d) => d.codes.map((c) => c.code))
      .sort();
    expect(customer.tags.filter((t) => t.startsWith("crm-")).sort(), gid).toEqual(record?.tags ? record.tags.split(",") : []);
    expect(metafields, gid).toEqual(JSON.parse(record?.metafields ?? "{}"));
    if (offer && !offer.holdout) {
      expect(offer.status, gid).toBe("created");
      expect(codes, gid).toEqual([offer.code]);
      expect(metafields.active_code, gid).toBe(offer.code);
    } else {
      expect(codes, gid).toEqual([]);
      expect(metafields.active_code, gid).toBeUndefined();
    }
  }
  const all = shop.discounts().flatMap((d) => d.codes.map((c) => c.code));
  expect(new Set(all).size).toBe(all.length);
  const recorded = new Set((await db.loyaltyOffer.findMany({ where: { shop: domain, code: { not: null } } })).map((o) => o.code));
  for (const code of all) expect(recorded).toContain(code);
}
