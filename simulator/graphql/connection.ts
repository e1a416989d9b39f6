import { GraphQLError } from "graphql";

/**
 * Relay connections as Shopify pages them: `first`/`after` or `last`/`before`, a sort key with `reverse`, and
 * opaque cursors (base64 of `{"last_id":..,"last_value":..}`, the shape Shopify's cursors decode to).
 */

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface SortKey<T> {
  /** Sort value; ties are broken by id. */
  value: (item: T) => number | string;
  id: (item: T) => number;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
}

interface CursorPosition {
  last_id: number;
  last_value: number | string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify(position)).toString("base64");
}

function decodeCursor(cursor: string): CursorPosition {
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as Partial<CursorPosition>;
    if (typeof value.last_id === "number" && (typeof value.last_value === "number" || typeof value.last_value === "string")) {
      return { last_id: value.last_id, last_value: value.last_value };
    }
  } catch {
    // fall through
  }
  throw new GraphQLError("Invalid cursor for current pagination sort.", { extensions: { code: "BAD_REQUEST" } });
}

function compare(a: { value: number | string; id: number }, b: { value: number | string; id: number }): number {
  if (a.value < b.value) return -1;
  if (a.value > b.value) return 1;
  return a.id - b.id;
}

export const MAX_PAGE_SIZE = 250;

export function sortItems<T>(items: Iterable<T>, sort: SortKey<T>, reverse: boolean): T[] {
  const keyed = [...items].map((item) => ({ item, key: { value: sort.value(item), id: sort.id(item) } }));
  keyed.sort((a, b) => compare(a.key, b.key) * (reverse ? -1 : 1));
  return keyed.map((k) => k.item);
}

function connectionOf<T>(page: T[], sort: SortKey<T>, hasPreviousPage: boolean, hasNextPage: boolean): Connection<T> {
  const edges = page.map((node) => ({ cursor: encodeCursor({ last_id: sort.id(node), last_value: sort.value(node) }), node }));
  return {
    edges,
    nodes: page,
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** Every item in one connection (bulk operations page nothing). */
export function completeConnection<T>(sorted: T[], sort: SortKey<T>): Connection<T> {
  return connectionOf(sorted, sort, false, false);
}

/** One page of `sorted` (already sorted by `sort`, honouring `reverse`). */
export function paginate<T>(sorted: T[], args: PageArgs, sort: SortKey<T>): Connection<T> {
  const first = args.first ?? null;
  const last = args.last ?? null;
  if (first === null && last === null) {
    throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_REQUEST" } });
  }
  for (const [name, value] of [
    ["first", first],
    ["last", last],
  ] as const) {
    if (value !== null && (value < 0 || value > MAX_PAGE_SIZE)) {
      throw new GraphQLError(`The ${name} argument must be between 0 and ${MAX_PAGE_SIZE}.`, { extensions: { code: "BAD_REQUEST" } });
    }
  }
  const direction = args.reverse ? -1 : 1;
  const keyOf = (item: T) => ({ value: sort.value(item), id: sort.id(item) });
  let start = 0;
  let end = sorted.length;
  if (args.after) {
    const position = decodeCursor(args.after);
    const at = { value: position.last_value, id: position.last_id };
    while (start < end && compare(keyOf(sorted[start] as T), at) * direction <= 0) start++;
  }
  if (args.before) {
    const position = decodeCursor(args.before);
    const at = { value: position.last_value, id: position.last_id };
    while (end > start && compare(keyOf(sorted[end - 1] as T), at) * direction >= 0) end--;
  }
  let from = start;
  let to = end;
  if (first !== null) to = Math.min(to, from + first);
  if (last !== null) from = Math.max(from, to - last);
  return connectionOf(sorted.slice(from, to), sort, from > 0, to < sorted.length);
}
