import { parseGid } from "../../ids.ts";
import { compileSearch } from "../search-query.ts";
import type { ResolverContext } from "../context.ts";
import { boolArg, fieldPath, intArg, requireScope, stringArg, type Args, resolversFor } from "./common.ts";
import { bulkOperationRunMutation, stagedUploadsCreate } from "./bulk-mutations.ts";
import { BULK_OPERATION_CONNECTION, currentBulkOperation } from "./bulk-operations.ts";
import { CUSTOMER_CONNECTION } from "./customers.ts";
import { discountCodeBasicCreate } from "./discounts.ts";
import { resolveConnection, searchFieldsOf } from "./list.ts";
import { flowTriggerReceive } from "./flow.ts";
import { metafieldsDelete, metafieldsSet } from "./metafields.ts";
import { canSeeOrder, ORDER_CONNECTION, visibleOrders } from "./orders.ts";
import { customerSegmentMembership, SEGMENT_CONNECTION, segmentCreate } from "./segments.ts";
import { changeTags } from "./tags.ts";

/** Any node the simulator holds, by GID, or null. Customers and orders need their read scopes. */
function nodeById(id: unknown, ctx: ResolverContext): unknown {
  const parsed = parseGid(id);
  if (!parsed || typeof id !== "string") return null;
  const { shop } = ctx;
  switch (parsed.type) {
    case "Customer":
      return hasRead(ctx, "customers") ? (shop.customerRecord(id) ?? null) : null;
    case "Order": {
      const order = shop.orderRecord(id);
      return order && hasRead(ctx, "orders") && canSeeOrder(ctx, order) ? order : null;
    }
    case "Refund":
      return hasRead(ctx, "orders") ? (shop.refundRecord(id) ?? null) : null;
    case "BulkOperation":
      return shop.bulkOperationList.find((op) => op.gid === id) ?? null;
    case "DiscountCodeNode":
      return shop.discountRecord(id) ?? null;
    case "Segment":
      return hasRead(ctx, "customers") ? (shop.segmentRecord(id) ?? null) : null;
    case "Shop":
      return id === shop.gid ? shop : null;
    default:
      return null;
  }
}

function hasRead(ctx: ResolverContext, resource: string): boolean {
  return ctx.scopes.has(`read_${resource}`) || ctx.scopes.has(`write_${resource}`);
}

/** `customersCount` / `ordersCount`: exact up to `limit` (default 10,000), then AT_LEAST. */
function count(total: number, args: Args) {
  const limit = intArg(args, "limit") ?? 10_000;
  return total > limit ? { count: limit, precision: "AT_LEAST" } : { count: total, precision: "EXACT" };
}

export const queryRootResolvers = resolversFor<unknown>({
  shop: (_root, _args, ctx) => ctx.shop,
  customer: (_root, args, ctx, info) => {
    requireScope(ctx, "read_customers", info);
    return ctx.shop.customerRecord(stringArg(args, "id") ?? "") ?? null;
  },
  customers: (_root, args, ctx, info) => {
    requireScope(ctx, "read_customers", info);
    return resolveConnection(ctx.shop.customerRecords(), args, ctx, info, CUSTOMER_CONNECTION);
  },
  customersCount: (_root, args, ctx, info) => {
    requireScope(ctx, "read_customers", info);
    const search = compileSearch(stringArg(args, "query"), searchFieldsOf(CUSTOMER_CONNECTION, ctx), ctx.shop.ianaTimezone);
    return count([...ctx.shop.customerRecords()].filter(search.matches).length, args);
  },
  order: (_root, args, ctx, info) => {
    requireScope(ctx, "read_orders", info);
    const order = ctx.shop.orderRecord(stringArg(args, "id") ?? "");
    return order && canSeeOrder(ctx, order) ? order : null;
  },
  orders: (_root, args, ctx, info) => {
    requireScope(ctx, "read_orders", info);
    return resolveConnection(visibleOrders(ctx, ctx.shop.orderRecords()), args, ctx, info, ORDER_CONNECTION);
  },
  ordersCount: (_root, args, ctx, info) => {
    requireScope(ctx, "read_orders", info);
    const query = stringArg(args, "query");
    const search = compileSearch(query, searchFieldsOf(ORDER_CONNECTION, ctx), ctx.shop.ianaTimezone);
    if (query && search.warnings.length) ctx.searchWarnings.push({ path: fieldPath(info), query, warnings: search.warnings });
    return count(visibleOrders(ctx, ctx.shop.orderRecords()).filter(search.matches).length, args);
  },
  node: (_root, args, ctx) => nodeById(args.id, ctx),
  nodes: (_root, args, ctx) => (Array.isArray(args.ids) ? args.ids.map((id) => nodeById(id, ctx)) : []),
  bulkOperation: (_root, args, ctx) => ctx.shop.bulkOperationList.find((op) => op.gid === stringArg(args, "id")) ?? null,
  bulkOperations: (_root, args, ctx, info) => resolveConnection(ctx.shop.bulkOperationList, args, ctx, info, BULK_OPERATION_CONNECTION),
  currentBulkOperation: (_root, args, ctx) => currentBulkOperation(ctx.shop.bulkOperationList, stringArg(args, "type") ?? "QUERY"),
  codeDiscountNode: (_root, args, ctx, info) => {
    requireScope(ctx, "read_discounts", info);
    return ctx.shop.discountRecord(stringArg(args, "id") ?? "") ?? null;
  },
  /** The code compares without regard to case, as on Shopify. */
  codeDiscountNodeByCode: (_root, args, ctx, info) => {
    requireScope(ctx, "read_discounts", info);
    return ctx.shop.discountByCode(stringArg(args, "code") ?? "") ?? null;
  },
  segment: (_root, args, ctx, info) => {
    requireScope(ctx, "read_customers", info);
    return ctx.shop.segmentRecord(stringArg(args, "id") ?? "") ?? null;
  },
  segments: (_root, args, ctx, info) => {
    requireScope(ctx, "read_customers", info);
    return resolveConnection(ctx.shop.segmentRecords(), args, ctx, info, SEGMENT_CONNECTION);
  },
  customerSegmentMembership: (_root, args, ctx, info) => customerSegmentMembership(args, ctx, info),
});

export const mutationResolvers = resolversFor<unknown>({
  tagsAdd: (_root, args, ctx, info) => changeTags("add", args, ctx, info),
  tagsRemove: (_root, args, ctx, info) => changeTags("remove", args, ctx, info),
  metafieldsSet: (_root, args, ctx, info) => metafieldsSet(args, ctx, info),
  metafieldsDelete: (_root, args, ctx, info) => metafieldsDelete(args, ctx, info),
  discountCodeBasicCreate: (_root, args, ctx, info) => discountCodeBasicCreate(args, ctx, info),
  bulkOperationRunQuery: (_root, args, ctx) => {
    const result = ctx.bulkOperations.start(ctx.shop, stringArg(args, "query") ?? "", boolArg(args, "groupObjects") ?? false, [...ctx.scopes]);
    return { bulkOperation: result.operation, userErrors: result.userErrors };
  },
  stagedUploadsCreate: (_root, args, ctx) => stagedUploadsCreate(args, ctx),
  bulkOperationRunMutation: (_root, args, ctx) => bulkOperationRunMutation(args, ctx),
  segmentCreate: (_root, args, ctx, info) => segmentCreate(args, ctx, info),
  flowTriggerReceive: (_root, args, ctx, info) => flowTriggerReceive(args, ctx, info),
  bulkOperationCancel: (_root, args, ctx) => {
    const result = ctx.bulkOperations.cancel(ctx.shop, stringArg(args, "id") ?? "");
    return { bulkOperation: result.operation, userErrors: result.userErrors };
  },
});
