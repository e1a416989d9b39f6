import type { SimCustomer } from "../../store/types.ts";
import { netSpendByCustomer } from "../../store/net-spend.ts";
import type { ResolverContext } from "../context.ts";
import type { SearchField } from "../search-query.ts";
import { dateTime, money, requireScope, resolversFor, unsignedInt64 } from "./common.ts";
import { resolveConnection, type ConnectionSpec } from "./list.ts";
import { metafieldFields } from "./metafields.ts";
import { ORDER_CONNECTION, visibleOrders } from "./orders.ts";

const byId = (c: SimCustomer) => c.legacyId;

export function displayName(c: SimCustomer): string {
  const name = [c.firstName, c.lastName].filter(Boolean).join(" ");
  return name || c.email || c.phone || "Unnamed customer";
}

export const CUSTOMER_CONNECTION: ConnectionSpec<SimCustomer> = {
  defaultSortKey: "ID",
  sortKeys: {
    ID: { value: byId, id: byId },
    RELEVANCE: { value: byId, id: byId },
    CREATED_AT: { value: (c) => c.createdAt.getTime(), id: byId },
    UPDATED_AT: { value: (c) => c.updatedAt.getTime(), id: byId },
    NAME: { value: (c) => displayName(c).toLowerCase(), id: byId },
  },
  searchFields: {
    id: { type: "number", get: (c) => c.legacyId },
    created_at: { type: "date", get: (c) => c.createdAt },
    updated_at: { type: "date", get: (c) => c.updatedAt },
    tag: { type: "string", get: (c) => c.tags },
    email: { type: "string", get: (c) => c.email },
    state: { type: "string", get: (c) => c.state },
  } satisfies Record<string, SearchField<SimCustomer>>,
};

function ordersOf(ctx: ResolverContext, customer: SimCustomer) {
  return ctx.shop.ordersOfCustomer(customer.gid);
}

export const customerResolvers = resolversFor<SimCustomer>({
  id: (c) => c.gid,
  legacyResourceId: (c) => unsignedInt64(c.legacyId),
  createdAt: (c) => dateTime(c.createdAt),
  updatedAt: (c) => dateTime(c.updatedAt),
  tags: (c) => c.tags,
  displayName: (c) => displayName(c),
  firstName: (c) => c.firstName,
  lastName: (c) => c.lastName,
  email: (c) => c.email,
  defaultEmailAddress: (c) => (c.email ? { emailAddress: c.email } : null),
  note: (c) => c.note,
  state: (c) => c.state.toUpperCase(),
  verifiedEmail: (c) => c.email !== null,
  taxExempt: (c) => c.taxExempt,
  dataSaleOptOut: (c) => c.dataSaleOptOut,
  /** Orders that are not test orders. */
  numberOfOrders: (c, _args, ctx) => unsignedInt64(ordersOf(ctx, c).filter((o) => !o.test).length),
  /** Net spend: non-cancelled, non-test orders, total minus refunds, in the shop currency. */
  amountSpent: (c, _args, ctx) => money(netSpendByCustomer([c.gid], ordersOf(ctx, c)).get(c.gid) ?? 0, ctx.shop.currencyCode),
  lastOrder: (c, _args, ctx, info) => {
    requireScope(ctx, "read_orders", info);
    const orders = visibleOrders(ctx, ordersOf(ctx, c));
    return orders.reduce<(typeof orders)[number] | null>((latest, o) => (!latest || o.createdAt > latest.createdAt ? o : latest), null);
  },
  orders: (c, args, ctx, info) => {
    requireScope(ctx, "read_orders", info);
    return resolveConnection(visibleOrders(ctx, ordersOf(ctx, c)), args, ctx, info, ORDER_CONNECTION);
  },
  ...metafieldFields<SimCustomer>((c) => c.gid),
});
