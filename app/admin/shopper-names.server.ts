/**
 * What the admin pages show of shoppers beyond their scores, asked of Shopify for each page and never stored: names
 * of the rows on screen, and the GIDs that match a name or email search (docs/decisions/0004).
 */
import { errorMessage, logger } from "../logger.server.ts";
import { adminGraphql } from "../shopify/admin-graphql.server.ts";
import type { AdminClient } from "../shopify.server.ts";
import { CustomerNames, type CustomerNamesData } from "./graphql/CustomerNamesQuery.ts";
import { CustomerSearch, type CustomerSearchData } from "./graphql/CustomerSearchQuery.ts";

/** At most this many search results are joined to the scores: the list shows them as one filtered page. */
export const SEARCH_LIMIT = 100;

/**
 * The display names of these shoppers, by GID. A shopper is missing when Shopify gives no name: the shop did not
 * grant the app name fields (ACCESS_DENIED), the shopper has none, or Shopify could not be asked; the page then shows
 * the customer's number. A page must load without names, so a failure is logged, not thrown.
 */
export async function shopperNames(admin: AdminClient, shop: string, gids: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (gids.length === 0) return names;
  try {
    const data = await adminGraphql<CustomerNamesData>(admin, CustomerNames, { ids: gids }, { shop, tries: 1, timeoutMs: 5_000 });
    for (const node of data.nodes) {
      if (!node || !("id" in node)) continue;
      const name = [node.firstName, node.lastName].filter((part) => typeof part === "string" && part.trim() !== "").join(" ");
      if (name !== "") names.set(node.id, name);
    }
  } catch (error) {
    logger.warn("shopper names not available", { shop, error: errorMessage(error) });
  }
  return names;
}

/** Shopify's search for a name or email, as a quoted phrase so that the merchant's text is not read as search syntax. */
export async function searchShoppers(admin: AdminClient, shop: string, text: string): Promise<string[]> {
  const phrase = `"${text.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
  const data = await adminGraphql<CustomerSearchData>(admin, CustomerSearch, { query: phrase, first: SEARCH_LIMIT }, { shop, tries: 2, timeoutMs: 10_000 });
  return data.customers.nodes.map((node) => node.id);
}
