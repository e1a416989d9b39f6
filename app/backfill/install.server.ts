import type { Session } from "@shopify/shopify-api";
import { adminGraphql } from "../shopify/admin-graphql.server.ts";
import { recordInstall, saveShopDetails } from "../persistence/shops.server.ts";
import type { AdminClient } from "../shopify.server.ts";
import { startBackfill } from "./backfill.server.ts";
import { ShopDetailsQuery, type ShopDetailsData } from "./graphql/ShopDetailsQuery.ts";

/**
 * After Shopify installs the app on a shop (token exchange): record it and backfill its history,
 * unless a backfill of this install is running or completed (startBackfill claims the start).
 */
export async function onInstalled(session: Session, admin: AdminClient, now = new Date()): Promise<void> {
  await recordInstall(session.shop, session.scope, now);
  const { shop: details } = await adminGraphql<ShopDetailsData>(admin, ShopDetailsQuery);
  await saveShopDetails(session.shop, details);
  await startBackfill(session.shop, admin, now);
}
