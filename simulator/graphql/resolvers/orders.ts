import type { SortKey } from "../connection.ts";
import { hasScope, type ResolverContext } from "../context.ts";
import type { SearchField } from "../search-query.ts";
import type { SimLineItem, SimOrder, SimRefund } from "../../store/types.ts";
import { dateTime, intArg, moneyBag, protectedBy, requireScope, resolversFor, unsignedInt64 } from "./common.ts";
import { resolveConnection, type ConnectionSpec } from "./list.ts";
import { metafieldFields } from "./metafields.ts";

/** Without `read_all_orders`, apps see only the orders created in the last 60 days. */
const VISIBLE_WITHOUT_READ_ALL_ORDERS_MS = 60 * 24 * 60 * 60 * 1000;

export function canSeeOrder(ctx: ResolverContext, order: SimOrder): boolean {
  if (hasScope(ctx, "read_all_orders")) return true;
  return order.createdAt.getTime() >= ctx.shop.now().getTime() - VISIBLE_WITHOUT_READ_ALL_ORDERS_MS;
}

export function visibleOrders(ctx: ResolverContext, orders: Iterable<SimOrder>): SimOrder[] {
  return [...orders].filter((order) => canSeeOrder(ctx, order));
}

const byId = (o: SimOrder) => o.legacyId;

export const ORDER_CONNECTION: ConnectionSpec<SimOrder> = {
  defaultSortKey: "ID",
  sortKeys: {
    ID: { value: byId, id: byId },
    RELEVANCE: { value: byId, id: byId },
    CREATED_AT: { value: (o) => o.createdAt.getTime(), id: byId },
    UPDATED_AT: { value: (o) => o.updatedAt.getTime(), id: byId },
    PROCESSED_AT: { value: (o) => o.processedAt.getTime(), id: byId },
    ORDER_NUMBER: { value: (o) => o.number, id: byId },
    TOTAL_PRICE: { value: (o) => o.totalMinor, id: byId },
    CURRENT_TOTAL_PRICE: { value: (o) => o.totalMinor - o.refundedMinor, id: byId },
    FINANCIAL_STATUS: { value: (o) => o.financialStatus, id: byId },
  },
  /** `email` matches only when the shop granted the app customers' emails (protected customer data). */
  searchFields: (ctx) =>
    ({
      id: { type: "number", get: (o) => o.legacyId },
      created_at: { type: "date", get: (o) => o.createdAt },
      updated_at: { type: "date", get: (o) => o.updatedAt },
      processed_at: { type: "date", get: (o) => o.processedAt },
      test: { type: "boolean", get: (o) => o.test },
      financial_status: { type: "string", get: (o) => o.financialStatus },
      status: {
        type: "string",
        get: (o) => ["any", o.cancelledAt ? "cancelled" : o.closedAt ? "closed" : "open"],
      },
      customer_id: { type: "number", get: (o) => (o.customerGid ? Number(o.customerGid.split("/").pop()) : null) },
      tag: { type: "string", get: (o) => o.tags },
      name: { type: "string", get: (o) => o.name },
      email: { type: "string", get: (o) => (ctx.shop.grants("email") ? o.email : null) },
      currency: { type: "string", get: (o) => o.presentmentCurrency },
    }) satisfies Record<string, SearchField<SimOrder>>,
};

interface LineItemView {
  __typename: "LineItem";
  item: SimLineItem;
  order: SimOrder;
}

const LINE_ITEM_CONNECTION: ConnectionSpec<LineItemView> = {
  defaultSortKey: "ID",
  sortKeys: { ID: { value: (v) => v.item.legacyId, id: (v) => v.item.legacyId } } satisfies Record<string, SortKey<LineItemView>>,
};

function bag(order: SimOrder, shopMinor: number, presentmentMinor: number) {
  return moneyBag(shopMinor, order.currency, presentmentMinor, order.presentmentCurrency);
}

function received(order: SimOrder): { shop: number; presentment: number } {
  const unpaid = order.financialStatus === "pending" || order.financialStatus === "authorized" || order.financialStatus === "voided";
  return unpaid ? { shop: 0, presentment: 0 } : { shop: order.totalMinor, presentment: order.presentmentTotalMinor };
}

export const orderResolvers = resolversFor<SimOrder>({
  id: (o) => o.gid,
  legacyResourceId: (o) => unsignedInt64(o.legacyId),
  name: (o) => o.name,
  number: (o) => o.number,
  createdAt: (o) => dateTime(o.createdAt),
  updatedAt: (o) => dateTime(o.updatedAt),
  processedAt: (o) => dateTime(o.processedAt),
  cancelledAt: (o) => dateTime(o.cancelledAt),
  cancelReason: (o) => o.cancelReason?.toUpperCase() ?? null,
  closed: (o) => o.closedAt !== null,
  closedAt: (o) => dateTime(o.closedAt),
  confirmed: () => true,
  test: (o) => o.test,
  email: protectedBy("email", (o, _args, ctx) => o.email ?? (o.customerGid ? (ctx.shop.customerRecord(o.customerGid)?.email ?? null) : null)),
  note: (o) => o.note,
  tags: (o) => o.tags,
  discountCode: (o) => o.discountCodes[0]?.code ?? null,
  discountCodes: (o) => o.discountCodes.map((c) => c.code),
  displayFinancialStatus: (o) => o.financialStatus.toUpperCase(),
  displayFulfillmentStatus: () => "UNFULFILLED",
  currencyCode: (o) => o.currency,
  presentmentCurrencyCode: (o) => o.presentmentCurrency,
  customer: (o, _args, ctx, info) => {
    requireScope(ctx, "read_customers", info);
    return o.customerGid ? (ctx.shop.customerRecord(o.customerGid) ?? null) : null;
  },
  totalPriceSet: (o) => bag(o, o.totalMinor, o.presentmentTotalMinor),
  subtotalPriceSet: (o) => bag(o, o.totalMinor, o.presentmentTotalMinor),
  currentTotalPriceSet: (o) => bag(o, o.totalMinor - o.refundedMinor, o.presentmentTotalMinor - o.presentmentRefundedMinor),
  currentSubtotalPriceSet: (o) => bag(o, o.totalMinor - o.refundedMinor, o.presentmentTotalMinor - o.presentmentRefundedMinor),
  totalRefundedSet: (o) => bag(o, o.refundedMinor, o.presentmentRefundedMinor),
  totalReceivedSet: (o) => {
    const r = received(o);
    return bag(o, r.shop, r.presentment);
  },
  netPaymentSet: (o) => {
    const r = received(o);
    return bag(o, r.shop - o.refundedMinor, r.presentment - o.presentmentRefundedMinor);
  },
  refunds: (o, args, ctx) => {
    const refunds = ctx.shop.refundRecords(o.gid);
    const first = intArg(args, "first");
    return first === null ? [...refunds] : refunds.slice(0, Math.max(0, first));
  },
  lineItems: (o, args, ctx, info) =>
    resolveConnection(
      o.lineItems.map((item): LineItemView => ({ __typename: "LineItem", item, order: o })),
      args,
      ctx,
      info,
      LINE_ITEM_CONNECTION,
    ),
  ...metafieldFields<SimOrder>((o) => o.gid),
});

export const lineItemResolvers = resolversFor<LineItemView>({
  id: (v) => v.item.gid,
  name: (v) => v.item.title,
  title: (v) => v.item.title,
  quantity: (v) => v.item.quantity,
  currentQuantity: (v) => (v.order.cancelledAt ? 0 : v.item.quantity),
  sku: () => null,
  product: () => null,
  variant: () => null,
  originalUnitPriceSet: (v) => bag(v.order, v.item.unitPriceMinor, v.item.presentmentUnitPriceMinor),
  originalTotalSet: (v) => bag(v.order, v.item.unitPriceMinor * v.item.quantity, v.item.presentmentUnitPriceMinor * v.item.quantity),
  discountedTotalSet: (v) => bag(v.order, v.item.unitPriceMinor * v.item.quantity, v.item.presentmentUnitPriceMinor * v.item.quantity),
});

export const refundResolvers = resolversFor<SimRefund>({
  id: (r) => r.gid,
  legacyResourceId: (r) => unsignedInt64(r.legacyId),
  createdAt: (r) => dateTime(r.createdAt),
  updatedAt: (r) => dateTime(r.updatedAt),
  processedAt: (r) => dateTime(r.processedAt),
  note: (r) => r.note,
  order: (r, _args, ctx) => ctx.shop.orderRecord(r.orderGid) ?? null,
  totalRefundedSet: (r) => moneyBag(r.amountMinor, r.currency, r.presentmentAmountMinor, r.presentmentCurrency),
});
