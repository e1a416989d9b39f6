import type { GraphQLResolveInfo } from "graphql";
import { checkFlowPayload } from "../../flow/triggers.ts";
import type { ResolverContext } from "../context.ts";
import { requireScope, stringArg, unsupported, type Args } from "./common.ts";

/**
 * `flowTriggerReceive`: starts the shop's workflows on one of the app's triggers. The payload is checked against the
 * trigger's fields (simulator/flow/triggers.ts); a customer reference needs read_customers, as on Shopify. What was
 * received is kept on the shop (`SimShop.flowTriggerRuns()`), standing for the workflows it would start.
 */
export function flowTriggerReceive(args: Args, ctx: ResolverContext, info: GraphQLResolveInfo) {
  if (args.body !== undefined && args.body !== null) throw unsupported("flowTriggerReceive with the deprecated body argument");
  const handle = stringArg(args, "handle");
  const trigger = handle === null ? undefined : ctx.flowTriggers.get(handle);
  if (trigger?.fields.some((field) => field.type === "customer_reference")) requireScope(ctx, "read_customers", info);
  const check = checkFlowPayload(ctx.flowTriggers, handle, args.payload, (id) => ctx.shop.customerRecord(`gid://shopify/Customer/${id}`) !== undefined);
  if (!check.ok) return { userErrors: [{ field: check.field, message: check.message }] };
  ctx.shop.recordFlowTriggerRun({ handle: handle!, payload: structuredClone(args.payload) as Record<string, unknown>, receivedAt: ctx.shop.now() });
  return { userErrors: [] };
}
