/** Links from the app's pages into Shopify admin (pure). */

/** A shopper's page in Shopify admin; the app opens it in the admin's top frame. */
export function shopifyAdminCustomerUrl(shop: string, gid: string): string {
  return `https://admin.shopify.com/store/${shop.replace(/\.myshopify\.com$/, "")}/customers/${customerNumber(gid)}`;
}

/** The number at the end of a Customer GID: what Shopify admin shows as the customer's id. */
export function customerNumber(gid: string): string {
  return gid.slice(gid.lastIndexOf("/") + 1);
}
