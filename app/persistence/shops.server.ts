import { db } from "../db.server.ts";

export interface ShopDetails {
  name: string;
  currencyCode: string;
  ianaTimezone: string;
}

/**
 * Records an install (or re-install). Shopify sends no webhooks to an uninstalled app, so a shop
 * that comes back needs its history fetched again: its backfill goes back to pending, whatever
 * became of the earlier one (the upserts are idempotent and keep the newest version). The
 * conditional update resets it once: a concurrent install finds the shop installed already and
 * leaves a backfill the first one has started alone.
 */
export async function recordInstall(domain: string, scopes: string | undefined, at: Date) {
  await db.shop.updateMany({
    where: { domain, state: "uninstalled" },
    data: { state: "installed", backfillStatus: "pending", backfillError: null },
  });
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

/** The install state ("installed", "uninstalled") of each of these shops the app knows, by domain. */
export async function shopStates(domains: readonly string[]): Promise<Map<string, string>> {
  if (domains.length === 0) return new Map();
  const rows = await db.shop.findMany({ where: { domain: { in: [...domains] } }, select: { domain: true, state: true } });
  return new Map(rows.map((row) => [row.domain, row.state]));
}

/**
 * app/uninstalled (`at`: when it happened): Shopify has revoked the tokens; sessions go, the shop
 * is marked uninstalled. Only if the shop was installed before then: a delivery applied late, after
 * the merchant installed the app again, must not take the new install's session.
 */
export async function recordUninstall(domain: string, at: Date): Promise<"uninstalled" | "reinstalled since"> {
  const { count } = await db.shop.updateMany({ where: { domain, installedAt: { lt: at } }, data: { state: "uninstalled", uninstalledAt: at } });
  if (count === 1) {
    await db.session.deleteMany({ where: { shop: domain } });
    return "uninstalled";
  }
  return "reinstalled since";
}

/**
 * The shop was away (uninstalled) without the app knowing at its reinstall, so that install did
 * not fetch its history again: a finished backfill goes back to pending. Returns whether it did.
 */
export async function requireBackfillAgain(domain: string): Promise<boolean> {
  const { count } = await db.shop.updateMany({
    where: { domain, state: "installed", backfillStatus: { in: ["completed", "failed"] } },
    data: { backfillStatus: "pending", backfillError: null },
  });
  return count === 1;
}

export async function updateScopes(domain: string, scopes: string): Promise<void> {
  await db.session.updateMany({ where: { shop: domain }, data: { scope: scopes } });
  await db.shop.updateMany({ where: { domain }, data: { scopes } });
}
