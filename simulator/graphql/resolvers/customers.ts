import type { SimCustomer } from "../../store/types.ts";
import { netSpendByCustomer } from "../../store/net-spend.ts";
import type { ResolverContext } from "../context.ts";
import type { SearchField } from "../search-query.ts";
import type { ProtectedCustomerField } from "../../store/protected-customer-fields.ts";
import { dateTime, money, protectedBy, requireScope, resolversFor, unsignedInt64 } from "./common.ts";
import { resolveConnection, type ConnectionSpec, type SearchFields } from "./list.ts";
import { metafieldFields } from "./metafields.ts";
import { ORDER_CONNECTION, visibleOrders } from "./orders.ts";

const byId = (c: SimCustomer) => c.legacyId;

/** The full name, else the email or phone (each only when `granted` lets the app see it), as Shopify falls back. */
export function displayName(c: SimCustomer, granted: (field: "email" | "phone") => boolean = () => true): string {
  const name = [c.firstName, c.lastName].filter(Boolean).join(" ");
  return name || (granted("email") ? c.email : null) || (granted("phone") ? c.phone : null) || "Unnamed customer";
}

/**
 * The search fields of `customers(query:)`. Name, email and phone match only when the shop granted the app that
 * protected field: without the grant a term on them matches no customer, and the free-text (`default`) search looks
 * only at the granted ones.
 */
function customerSearchFields(ctx: ResolverContext): SearchFields<SimCustomer> {
  const granted = (field: ProtectedCustomerField) => ctx.shop.grants(field);
  const name = granted("name");
  const email = granted("email");
  const phone = granted("phone");
  return {
    default: {
      type: "text",
      get: (c) => [name ? [c.firstName, c.lastName].filter(Boolean).join(" ") : null, email ? c.email : null, phone ? c.phone : null].filter((t) => t !== null),
    },
    id: { type: "number", get: (c) => c.legacyId },
    created_at: { type: "date", get: (c) => c.createdAt },
    updated_at: { type: "date", get: (c) => c.updatedAt },
    tag: { type: "string", get: (c) => c.tags },
    first_name: { type: "string", get: (c) => (name ? c.firstName : null) },
    last_name: { type: "string", get: (c) => (name ? c.lastName : null) },
    email: { type: "string", get: (c) => (email ? c.email : null) },
    phone: { type: "string", get: (c) => (phone ? c.phone : null) },
    state: { type: "string", get: (c) => c.state },
  } satisfies Record<string, SearchField<SimCustomer>>;
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
  searchFields: customerSearchFields,
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
  displayName: protectedBy("name", (c, _args, ctx) => displayName(c, (field) => ctx.shop.grants(field))),
  firstName: protectedBy("name", (c) => c.firstName),
  lastName: protectedBy("name", (c) => c.lastName),
  email: protectedBy("email", (c) => c.email),
  defaultEmailAddress: protectedBy("email", (c) => (c.email ? { emailAddress: c.email } : null)),
  phone: protectedBy("phone", (c) => c.phone),
  defaultPhoneNumber: protectedBy("phone", (c) => (c.phone ? { phoneNumber: c.phone } : null)),
  /** The simulator keeps no addresses: with the grant a customer has none. */
  addresses: protectedBy("address", () => []),
  defaultAddress: protectedBy("address", () => null),
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
