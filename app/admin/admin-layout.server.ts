/** What every admin page needs: the session, the shop's currency and time zone, and the admin's language. */
import { env } from "../env.server.ts";
import { appError } from "./error-page.tsx";
import type { Locale } from "../i18n/locale.ts";
import { findShop } from "../persistence/shops.server.ts";
import { authenticate } from "../shopify.server.ts";
import { pageLocale } from "./page-locale.server.ts";

export interface AdminLayoutData {
  apiKey: string;
  appBridgeUrl: string | null;
  locale: Locale;
  shop: string;
  currencyCode: string;
  timeZone: string;
}

/**
 * A request that is not from Shopify admin at all (no shop, no session token) gets a page saying where to open the app,
 * not the library's message for developers.
 */
export function isFromShopifyAdmin(request: Request): boolean {
  const url = new URL(request.url);
  return url.searchParams.has("shop") || url.searchParams.has("id_token") || (request.headers.get("authorization") ?? "").startsWith("Bearer ");
}

export async function adminLayout(request: Request): Promise<{ data: AdminLayoutData; headers: Headers }> {
  const config = env();
  if (!isFromShopifyAdmin(request)) throw appError(400, "notFromAdmin");
  const { session } = await authenticate.admin(request);
  const shop = await findShop(session.shop);
  const { locale, setCookie } = pageLocale(request, config.SHOPIFY_APP_URL);
  const headers = new Headers();
  if (setCookie) headers.append("Set-Cookie", setCookie);
  return {
    data: {
      apiKey: config.SHOPIFY_API_KEY,
      appBridgeUrl: config.APP_BRIDGE_URL ?? null,
      locale,
      shop: session.shop,
      // Until the installed job has read the shop's details.
      currencyCode: shop?.currencyCode ?? "USD",
      timeZone: shop?.ianaTimezone ?? "UTC",
    },
    headers,
  };
}
