import { db } from "../db.server.ts";

export interface ShopDetails {
  name: string;
  currencyCode: string;
  ianaTimezone: string;
}

/** Records an install (or re-install). The backfill state of an earlier install is kept. */
export async function recordInstall(domain: string, scopes: string | undefined, at: Date) {
  return db.shop.upsert({
    where: { domain },
    create: { domain, state: "installed", scopes, installedAt: at },
    update: { state: "installed", scopes, installedAt: at, uninstalledAt: null },
  });
}

export async function saveShopDetails(domain: string, details: ShopDetails): Promise<void> {
  await db.shop.update({ where: { domain }, data: details });
}

export async function findShop(domain: string) {
  return db.shop.findUnique({ where: { domain } });
}

/** app/uninstalled: Shopify has revoked the tokens; sessions go, the shop is marked uninstalled. */
export async function recordUninstall(domain: string, at: Date): Promise<void> {
  await db.session.deleteMany({ where: { shop: domain } });
  await db.shop.updateMany({ where: { domain }, data: { state: "uninstalled", uninstalledAt: at } });
}

export async function updateScopes(domain: string, scopes: string): Promise<void> {
  await db.session.updateMany({ where: { shop: domain }, data: { scope: scopes } });
  await db.shop.updateMany({ where: { domain }, data: { scopes } });
}
