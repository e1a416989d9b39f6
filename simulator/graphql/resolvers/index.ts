import { bulkOperationResolvers } from "./bulk-operations.ts";
import type { FieldResolvers } from "./common.ts";
import { customerResolvers } from "./customers.ts";
import { discountCodeBasicResolvers, discountCodeNodeResolvers } from "./discounts.ts";
import { metafieldResolvers } from "./metafields.ts";
import { lineItemResolvers, orderResolvers, refundResolvers } from "./orders.ts";
import { mutationResolvers, queryRootResolvers } from "./root.ts";
import { segmentResolvers } from "./segments.ts";
import { shopResolvers } from "./shop.ts";

/** Resolvers per GraphQL type of the Admin schema. Types not listed resolve from plain value objects. */
export const RESOLVERS: Readonly<Record<string, FieldResolvers<unknown>>> = {
  QueryRoot: queryRootResolvers,
  Mutation: mutationResolvers,
  Shop: shopResolvers,
  Customer: customerResolvers,
  Order: orderResolvers,
  LineItem: lineItemResolvers,
  Refund: refundResolvers,
  Metafield: metafieldResolvers,
  BulkOperation: bulkOperationResolvers,
  DiscountCodeNode: discountCodeNodeResolvers,
  DiscountCodeBasic: discountCodeBasicResolvers,
  Segment: segmentResolvers,
};
