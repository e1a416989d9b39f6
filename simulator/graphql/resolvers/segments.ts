import type { GraphQLResolveInfo } from "graphql";
import { checkSegmentQuery } from "../../store/segment-query.ts";
import type { SimSegment } from "../../store/types.ts";
import type { ResolverContext } from "../context.ts";
import type { SearchField } from "../search-query.ts";
import { dateTime, requireScope, resolversFor, stringArg, unsupported, type Args } from "./common.ts";
import type { ConnectionSpec } from "./list.ts";

interface UserError {
  field: string[];
  message: string;
}

const byId = (s: SimSegment) => s.legacyId;

export const SEGMENT_CONNECTION: ConnectionSpec<SimSegment> = {
  defaultSortKey: "CREATION_DATE",
  sortKeys: {
    CREATION_DATE: { value: (s) => s.creationDate.getTime(), id: byId },
    ID: { value: byId, id: byId },
    LAST_EDIT_DATE: { value: (s) => s.lastEditDate.getTime(), id: byId },
    RELEVANCE: { value: byId, id: byId },
  },
  searchFields: {
    id: { type: "number", get: byId },
    name: { type: "string", get: (s) => s.name },
  } satisfies Record<string, SearchField<SimSegment>>,
};

/**
 * `segmentCreate`: names are unique in the shop; the query must be one Shopify accepts (a `query` user error
 * otherwise) and one the simulator evaluates (see simulator/store/segment-query.ts).
 */
export function segmentCreate(args: Args, ctx: ResolverContext, info: GraphQLResolveInfo) {
  requireScope(ctx, "write_customers", info);
  const shop = ctx.shop;
  const name = (stringArg(args, "name") ?? "").trim();
  const query = stringArg(args, "query") ?? "";
  const userErrors: UserError[] = [];
  if (!name) userErrors.push({ field: ["name"], message: "Name can't be blank" });
  else if (name.length > 255) userErrors.push({ field: ["name"], message: "Name is too long (maximum is 255 characters)" });
  else if ([...shop.segmentRecords()].some((s) => s.name === name)) userErrors.push({ field: ["name"], message: "Name has already been taken" });
  const check = checkSegmentQuery(query);
  if (check.kind === "unsupported") throw unsupported(`segmentCreate with a query on ${check.filter} (only customer_tags is evaluated)`);
  if (check.kind === "invalid") userErrors.push({ field: ["query"], message: check.message });
  if (userErrors.length) return { segment: null, userErrors };

  const { legacyId, gid } = shop.nextId("Segment");
  const now = shop.now();
  const segment: SimSegment = { gid, legacyId, name, query, creationDate: now, lastEditDate: now };
  shop.putSegment(segment);
  return { segment, userErrors: [] };
}

/** `customerSegmentMembership`: one answer per segment id, in order; an unknown segment or customer is no member. */
export function customerSegmentMembership(args: Args, ctx: ResolverContext, info: GraphQLResolveInfo) {
  requireScope(ctx, "read_customers", info);
  const customerId = stringArg(args, "customerId") ?? "";
  const segmentIds = Array.isArray(args.segmentIds) ? (args.segmentIds as string[]) : [];
  return { memberships: segmentIds.map((segmentId) => ({ segmentId, isMember: ctx.shop.segmentHasCustomer(segmentId, customerId) })) };
}

export const segmentResolvers = resolversFor<SimSegment>({
  id: (s) => s.gid,
  name: (s) => s.name,
  query: (s) => s.query,
  creationDate: (s) => dateTime(s.creationDate),
  lastEditDate: (s) => dateTime(s.lastEditDate),
});
