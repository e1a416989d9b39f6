import { adminGraphql } from "../shopify/admin-graphql.server.ts";
import { saveShopDetails } from "../persistence/shops.server.ts";
import { unauthenticated } from "../shopify.server.ts";
import type { JobContext } from "../jobs/types.ts";
import { startBackfill } from "./backfill.server.ts";
import { ShopDetailsQuery, type ShopDetailsData } from "./graphql/ShopDetailsQuery.ts";

/**
 * The installed job, after Shopify installed the app on a shop (the afterAuth hook recorded the install and sent
 * it): reads the shop's name, currency and time zone, and backfills its history unless a backfill of this install
 * is running or completed (startBackfill claims the start).
 */
export async function onInstalled({ shop }: { shop: string }, { now }: Pick<JobContext, "now">): Promise<void> {
  const { admin } = await unauthenticated.admin(shop);
  const { shop: details } = await adminGraphql<ShopDetailsData>(admin, ShopDetailsQuery);
  await saveShopDetails(shop, details);
  await startBackfill(shop, admin, now());
}
