/**
 * The customers list page and its CSV export: the query from the URL, Shopify's search when there is one, a page of
 * scores from the database, and the names of the rows on screen from Shopify.
 */
import { loyaltyRulesOf } from "../loyalty/settings.server.ts";
import { type CustomerListPage, customerListPage, customerListRows, type ListContext } from "../persistence/customer-list.server.ts";
import { latestScoringOf } from "../persistence/loyalty.server.ts";
import { findShop } from "../persistence/shops.server.ts";
import { SEGMENT_NAMES } from "../scoring/types.ts";
import type { AdminClient } from "../shopify.server.ts";
import { csvRecord } from "../utils/csv-cells.ts";
import { currencyExponent } from "../utils/money.ts";
import { shopifyAdminCustomerUrl } from "./admin-links.ts";
import { ADMIN_PARAMS, type CustomerListQuery, filterParams, PAGE_SIZE, parseCustomerListQuery } from "./customer-list-query.ts";
import { SEARCH_LIMIT, searchShoppers, shopperNames } from "./shopper-names.server.ts";

export interface CustomersPageData {
  shop: string;
  /** The filters as the page's form shows them (the URL's values, also when refused). */
  params: Record<string, string>;
  errors: Record<string, string>;
  page: CustomerListPage;
  names: Record<string, string>;
  /** The export link's query string. */
  exportQuery: string;
  /** Shopify's search found more than the list joins. */
  searchTruncated: boolean;
  segments: readonly string[];
  tagPrefix: string;
  scored: boolean;
}

async function listContext(shop: string, now: Date): Promise<{ context: ListContext; tagPrefix: string; scored: boolean }> {
  const [scoring, shopRow, rules] = await Promise.all([latestScoringOf(shop), findShop(shop), loyaltyRulesOf(shop)]);
  return {
    context: {
      shop,
      currencyCode: shopRow?.currencyCode ?? "USD",
      now,
      observationEnd: scoring.observationEnd,
      overdueAtLeast: rules.alerts.overdue?.atLeast ?? 1.5,
    },
    tagPrefix: rules.tagPrefix,
    scored: scoring.runId !== null,
  };
}

const EMPTY_PAGE: CustomerListPage = { rows: [], next: null };

export async function customersPage(admin: AdminClient, shop: string, url: URL, now: Date): Promise<CustomersPageData> {
  const params = Object.fromEntries([...url.searchParams].filter(([name]) => !ADMIN_PARAMS.has(name)));
  const parsed = parseCustomerListQuery(url.searchParams);
  const { context, tagPrefix, scored } = await listContext(shop, now);
  const base = { shop, params, segments: SEGMENT_NAMES, tagPrefix, scored };
  if (!parsed.ok) return { ...base, errors: parsed.errors, page: EMPTY_PAGE, names: {}, exportQuery: "", searchTruncated: false };
  const query = parsed.query;
  const searchGids = query.q === undefined ? undefined : await searchShoppers(admin, shop, query.q);
  let page: CustomerListPage;
  try {
    page = await customerListPage(query, { ...context, ...(searchGids ? { searchGids } : {}) }, PAGE_SIZE);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { ...base, errors: { after: error.message }, page: EMPTY_PAGE, names: {}, exportQuery: "", searchTruncated: false };
  }
  const names = await shopperNames(
    admin,
    shop,
    page.rows.map((row) => row.customerGid),
  );
  return {
    ...base,
    errors: {},
    page,
    names: Object.fromEntries(names),
    exportQuery: filterParams(query).toString(),
    searchTruncated: (searchGids?.length ?? 0) >= SEARCH_LIMIT,
  };
}

const CSV_HEADER = [
  "customer_id",
  "shopify_admin_url",
  "segment",
  "recency_score",
  "frequency_score",
  "monetary_score",
  "orders",
  "last_order",
  "historic_clv",
  "predicted_clv",
  "p_alive",
  "expected_next_order",
  "app_tags",
  "active_code",
];

/**
 * The filtered list as CSV, every row, streamed a page at a time (no names: the app keeps none, and an export would
 * be a copy of them). Amounts in the currency's major units; cells a spreadsheet would run as formulas are escaped.
 */
export async function customersCsv(
  admin: AdminClient,
  shop: string,
  url: URL,
  now: Date,
): Promise<{ ok: true; filename: string; body: ReadableStream<Uint8Array> } | { ok: false; errors: Record<string, string> }> {
  const parsed = parseCustomerListQuery(url.searchParams);
  if (!parsed.ok) return parsed;
  const query: CustomerListQuery = parsed.query;
  const { context } = await listContext(shop, now);
  const searchGids = query.q === undefined ? undefined : await searchShoppers(admin, shop, query.q);
  const rows = customerListRows(query, { ...context, ...(searchGids ? { searchGids } : {}) });
  const scale = 10 ** currencyExponent(context.currencyCode);
  const money = (minor: string | null) => (minor === null ? "" : (Number(minor) / scale).toFixed(Math.log10(scale)));
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvRecord(CSV_HEADER)));
    },
    async pull(controller) {
      const { value: row, done } = await rows.next();
      if (done) return controller.close();
      controller.enqueue(
        encoder.encode(
          csvRecord([
            row.customerGid.split("/").at(-1) ?? row.customerGid,
            shopifyAdminCustomerUrl(shop, row.customerGid),
            row.segment,
            String(row.rfm.recency ?? ""),
            String(row.rfm.frequency ?? ""),
            String(row.rfm.monetary ?? ""),
            String(row.orderCount),
            row.lastPurchaseOn ?? "",
            money(row.historicClvMinor),
            money(row.predictedClvMinor),
            row.pAlive === null ? "" : row.pAlive.toFixed(4),
            row.expectedNextPurchaseOn ?? "",
            row.tags.join(" "),
            row.activeCode ?? "",
          ]),
        ),
      );
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  return { ok: true, filename: `customers-${shop.replace(/\.myshopify\.com$/, "")}-${now.toISOString().slice(0, 10)}.csv`, body };
}
