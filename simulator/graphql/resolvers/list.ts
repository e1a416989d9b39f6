import type { GraphQLResolveInfo } from "graphql";
import { completeConnection, paginate, sortItems, type Connection, type SortKey } from "../connection.ts";
import type { ResolverContext } from "../context.ts";
import { compileSearch, type SearchField } from "../search-query.ts";
import { boolArg, fieldPath, stringArg, unsupported, type Args } from "./common.ts";

export type SearchFields<T> = Readonly<Record<string, SearchField<T>>>;

export interface ConnectionSpec<T> {
  sortKeys: Readonly<Record<string, SortKey<T>>>;
  defaultSortKey: string;
  /** A function when what a field matches depends on the request (protected customer fields). */
  searchFields?: SearchFields<T> | ((ctx: ResolverContext) => SearchFields<T>);
}

export function searchFieldsOf<T>(spec: ConnectionSpec<T>, ctx: ResolverContext): SearchFields<T> {
  return typeof spec.searchFields === "function" ? spec.searchFields(ctx) : (spec.searchFields ?? {});
}

/**
 * A connection field: filters by `query:`, sorts by `sortKey`/`reverse` and pages by `first`/`after`/`last`/
 * `before`. Inside a bulk operation it returns every item; the top-level connection then returns the run's
 * current page of root items.
 */
export function resolveConnection<T>(items: Iterable<T>, args: Args, ctx: ResolverContext, info: GraphQLResolveInfo, spec: ConnectionSpec<T>): Connection<T> {
  const sortKeyName = stringArg(args, "sortKey") ?? spec.defaultSortKey;
  const sort = spec.sortKeys[sortKeyName];
  if (!sort) throw unsupported(`${info.parentType.name}.${info.fieldName}(sortKey: ${sortKeyName})`);
  const reverse = boolArg(args, "reverse") ?? false;
  const query = stringArg(args, "query");

  const sorted = (): T[] => {
    let list: Iterable<T> = items;
    if (spec.searchFields && query) {
      const search = compileSearch(query, searchFieldsOf(spec, ctx), ctx.shop.ianaTimezone);
      if (search.warnings.length) ctx.searchWarnings.push({ path: fieldPath(info), query, warnings: search.warnings });
      list = [...items].filter(search.matches);
    }
    return sortItems(list, sort, reverse);
  };

  if (ctx.bulk) {
    if (info.path.prev === undefined) {
      ctx.bulk.state.rootItems ??= sorted();
      const page = ctx.bulk.state.rootItems.slice(ctx.bulk.offset, ctx.bulk.offset + ctx.bulk.limit) as T[];
      return completeConnection(page, sort);
    }
    return completeConnection(sorted(), sort);
  }
  return paginate(sorted(), args, sort);
}
