import { db } from "../db.server.ts";
import { rowId } from "../utils/row-id.ts";
import { backfillProgress, type BackfillProgress } from "./bulk-imports.server.ts";
import { countWebhooksByStatus } from "./webhook-events.server.ts";

export interface ShopOverview {
  shop: string;
  currencyCode: string | null;
  customers: number;
  orders: number;
  backfill: BackfillProgress | null;
  webhooks: Record<string, number>;
  dataRequests: { id: number; requestId: string; createdAt: string }[];
}

/** What the app's home page shows for one shop; every query is scoped to that shop. */
export async function shopOverview(shop: string): Promise<ShopOverview> {
  const [found, customers, orders, backfill, webhooks, dataRequests] = await Promise.all([
    db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } }),
    db.customer.count({ where: { shop, deletedAt: null } }),
    db.order.count({ where: { shop, deletedAt: null } }),
    backfillProgress(shop),
    countWebhooksByStatus(shop),
    db.dataRequest.findMany({
      where: { shop },
      orderBy: { createdAt: "desc" },
      take: 20,
      select: { id: true, requestId: true, createdAt: true },
    }),
  ]);
  return {
    shop,
    currencyCode: found?.currencyCode ?? null,
    customers,
    orders,
    backfill,
    webhooks,
    dataRequests: dataRequests.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
  };
}

/** A data-request export of this shop, or null (another shop's id finds nothing). */
/** One of the shop's data-request exports by its id as the download's path carries it (digits only); null when none. */
export async function findDataRequest(shop: string, idText: string | undefined) {
  const id = rowId(idText);
  return id === null ? null : db.dataRequest.findFirst({ where: { id, shop } });
}
