import type { GraphQLResolveInfo } from "graphql";
import { parseGid } from "../../ids.ts";
import { tagListProblem, withTagsAdded, withTagsRemoved } from "../../store/tags.ts";
import type { ResolverContext } from "../context.ts";
import { requireScope, stringArg, type Args } from "./common.ts";

/** Taggable resources the simulator holds, with the scope needed to change their tags. */
const TAGGABLE: Readonly<Record<string, string>> = { Customer: "write_customers", Order: "write_orders" };

interface UserError {
  field: string[] | null;
  message: string;
}

/**
 * `tagsAdd` / `tagsRemove`. Tags given as "a, b" are split on commas; adding a tag that is already there (in any
 * letter case) and removing one that is not are no-ops. A change fires `customers/update` or `orders/updated`.
 */
export function changeTags(mode: "add" | "remove", args: Args, ctx: ResolverContext, info: GraphQLResolveInfo) {
  const id = stringArg(args, "id") ?? "";
  const tags = (Array.isArray(args.tags) ? args.tags : []) as string[];
  const type = parseGid(id)?.type;
  const scope = type ? TAGGABLE[type] : undefined;
  const fail = (error: UserError) => ({ node: null, userErrors: [error] });
  if (!type || !scope) return fail({ field: ["id"], message: "Invalid id or the resource does not support tags." });
  requireScope(ctx, scope, info);

  const customer = type === "Customer" ? ctx.shop.customerRecord(id) : undefined;
  const order = type === "Order" ? ctx.shop.orderRecord(id) : undefined;
  const record = customer ?? order;
  if (!record) return fail({ field: ["id"], message: `${type} does not exist` });
  const next = mode === "add" ? withTagsAdded(record.tags, tags) : withTagsRemoved(record.tags, tags);
  const problem = tagListProblem(next);
  if (problem) return fail({ field: ["tags"], message: problem });
  const changed = next.length !== record.tags.length || next.some((tag, i) => tag !== record.tags[i]);
  if (changed) {
    record.tags = next;
    if (customer) ctx.shop.touchCustomer(customer);
    if (order) ctx.shop.touchOrder(order);
  }
  return { node: record, userErrors: [] };
}
