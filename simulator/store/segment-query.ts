import type { SimCustomer } from "./types.ts";

/**
 * Customer segment queries (shopify.dev "Segment query language reference"), the part the simulator evaluates:
 * `customer_tags CONTAINS 'tag'` and `customer_tags NOT CONTAINS 'tag'`, combined with `AND` / `OR` (AND binds
 * tighter) and grouped with parentheses. Tags compare without regard to case, as tags do everywhere in Shopify.
 *
 * A query that Shopify would refuse is `invalid`, with the message Shopify gives as the `query` user error
 * (`Query Line 1 Column 79: 'MATCHES' is unexpected.`, columns counted from 0 at the condition). A query on a
 * filter Shopify has but the simulator does not evaluate (amount_spent, number_of_orders, ...) is `unsupported`,
 * so a test learns that instead of reading a wrong membership.
 */
export type SegmentQueryCheck =
  | { kind: "ok"; matches: (customer: SimCustomer) => boolean }
  | { kind: "invalid"; message: string }
  | { kind: "unsupported"; filter: string };

/** Filters of Shopify's segment query language other than customer_tags (the reference's filter names). */
const OTHER_FILTERS = new Set([
  "abandoned_checkout_date",
  "amount_spent",
  "anniversary",
  "companies",
  "created_by_app_id",
  "customer_account_status",
  "customer_added_date",
  "customer_cities",
  "customer_countries",
  "customer_email_domain",
  "customer_language",
  "customer_regions",
  "customer_within_distance",
  "email_subscription_status",
  "first_order_date",
  "last_order_date",
  "number_of_orders",
  "orders_placed",
  "predicted_spend_tier",
  "product_subscription_status",
  "products_purchased",
  "rfm_group",
  "sms_subscription_status",
  "storefront_event",
  "store_credit_accounts",
]);

/** `column` is the offset in the query; messages turn it into a line and a column. */
type Token = { kind: "word" | "string" | "lparen" | "rparen" | "other"; text: string; column: number };

type Node = { kind: "and" | "or"; items: Node[] } | { kind: "tag"; tag: string; negated: boolean };

class QueryError extends Error {
  readonly offset: number;

  constructor(offset: number, message: string) {
    super(message);
    this.offset = offset;
  }
}

class UnsupportedFilter extends Error {
  readonly filter: string;

  constructor(filter: string) {
    super(filter);
    this.filter = filter;
  }
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "(" || c === ")") {
      tokens.push({ kind: c === "(" ? "lparen" : "rparen", text: c, column: i });
      i++;
    } else if (c === "'") {
      let text = "";
      let j = i + 1;
      for (; j < query.length && query[j] !== "'"; j++) {
        if (query[j] === "\\" && j + 1 < query.length) j++;
        text += query[j];
      }
      if (j >= query.length) throw new QueryError(i, "Unclosed string.");
      tokens.push({ kind: "string", text, column: i });
      i = j + 1;
    } else if (/[A-Za-z0-9_.-]/.test(c)) {
      const start = i;
      while (i < query.length && /[A-Za-z0-9_.:-]/.test(query[i] as string)) i++;
      tokens.push({ kind: "word", text: query.slice(start, i), column: start });
    } else {
      const start = i;
      while (i < query.length && /[^\sA-Za-z0-9_'()]/.test(query[i] as string)) i++;
      tokens.push({ kind: "other", text: query.slice(start, i), column: start });
    }
  }
  return tokens;
}

function parse(query: string): Node {
  const tokens = tokenize(query);
  let pos = 0;
  const keyword = (word: string) => tokens[pos]?.kind === "word" && tokens[pos]?.text.toUpperCase() === word;
  const unexpected = (token: Token | undefined, column: number): never => {
    if (!token) throw new QueryError(column, "The query ended unexpectedly.");
    throw new QueryError(column, `'${token.text}' is unexpected.`);
  };

  const parseCondition = (): Node => {
    const token = tokens[pos];
    if (token?.kind === "lparen") {
      pos++;
      const inner = parseOr();
      if (tokens[pos]?.kind !== "rparen") unexpected(tokens[pos], tokens[pos]?.column ?? query.length);
      pos++;
      return inner;
    }
    if (token?.kind !== "word") return unexpected(token, token?.column ?? query.length);
    const filter = token.text.toLowerCase();
    const start = token.column;
    if (filter !== "customer_tags") {
      if (OTHER_FILTERS.has(filter) || filter.startsWith("metafields.") || filter.startsWith("shopify_email.")) throw new UnsupportedFilter(filter);
      throw new QueryError(start, `'${token.text}' filter cannot be found.`);
    }
    pos++;
    const negated = keyword("NOT");
    if (negated) pos++;
    if (!keyword("CONTAINS")) unexpected(tokens[pos], start);
    pos++;
    const value = tokens[pos];
    if (value?.kind !== "string") return unexpected(value, start);
    pos++;
    return { kind: "tag", tag: value.text.toLowerCase(), negated };
  };
  const parseAnd = (): Node => {
    const items = [parseCondition()];
    while (keyword("AND")) {
      pos++;
      items.push(parseCondition());
    }
    return items.length === 1 ? (items[0] as Node) : { kind: "and", items };
  };
  const parseOr = (): Node => {
    const items = [parseAnd()];
    while (keyword("OR")) {
      pos++;
      items.push(parseAnd());
    }
    return items.length === 1 ? (items[0] as Node) : { kind: "or", items };
  };

  const node = parseOr();
  if (pos < tokens.length) unexpected(tokens[pos], tokens[pos]?.column ?? query.length);
  return node;
}

function compile(node: Node): (customer: SimCustomer) => boolean {
  if (node.kind === "tag") {
    return (customer) => customer.tags.some((t) => t.toLowerCase() === node.tag) !== node.negated;
  }
  const parts = node.items.map(compile);
  return node.kind === "and" ? (c) => parts.every((p) => p(c)) : (c) => parts.some((p) => p(c));
}

/** Checks a segment query and, when the simulator can evaluate it, returns who it matches. */
export function checkSegmentQuery(query: string): SegmentQueryCheck {
  if (query.trim() === "") return { kind: "invalid", message: "Query can't be blank" };
  try {
    return { kind: "ok", matches: compile(parse(query)) };
  } catch (error) {
    if (error instanceof UnsupportedFilter) return { kind: "unsupported", filter: error.filter };
    if (error instanceof QueryError) {
      const before = query.slice(0, error.offset);
      const line = before.split("\n").length;
      const column = error.offset - (before.lastIndexOf("\n") + 1);
      return { kind: "invalid", message: `Query Line ${line} Column ${column}: ${error.message}` };
    }
    throw error;
  }
}
