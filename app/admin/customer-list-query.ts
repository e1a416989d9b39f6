/**
 * The customers list's filters, sort and page, read from the page's URL (pure). A bad parameter is refused with a
 * message naming it, never silently dropped: a merchant who bookmarked a filter must not see a different list.
 */
import { z } from "zod";
import { SEGMENT_NAMES } from "../scoring/types.ts";
import { decodeCursor, type KeysetCursor } from "./keyset-cursor.ts";

/** The columns the list sorts by, and the CustomerScore column of each. */
export const SORT_COLUMNS = {
  predictedClv: "predictedClvMinor",
  historicClv: "historicClvMinor",
  pAlive: "pAlive",
  orders: "orderCount",
  lastOrder: "lastPurchaseOn",
  recency: "rfmRecency",
  frequency: "rfmFrequency",
  monetary: "rfmMonetary",
} as const;
export type SortKey = keyof typeof SORT_COLUMNS;
export const SORT_KEYS = Object.keys(SORT_COLUMNS) as SortKey[];

export const PAGE_SIZE = 50;

/** The highest CLV bound, in major units: beyond it no shop's figures go, and its minor units still fit a 64-bit column. */
export const MAX_CLV = 1_000_000_000_000;

// Decimal notation only: Number() also reads "0x1f", "0b1" and "Infinity", which no merchant types for a bound.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;
const WHOLE = /^\d+$/;

const number = (what: string, syntax = DECIMAL, kind = "a number") =>
  z
    .string()
    .trim()
    .transform((text, context) => {
      const value = Number(text);
      if (!syntax.test(text) || !Number.isFinite(value)) {
        context.addIssue({ code: "custom", message: `${what} must be ${kind}` });
        return z.NEVER;
      }
      return value;
    });
const score = (what: string) => number(what, WHOLE, "a whole number").pipe(z.number().int().min(1).max(5));
const clvBound = (what: string) =>
  number(what).pipe(
    z
      .number()
      .min(0)
      .max(MAX_CLV, `at most ${MAX_CLV.toLocaleString("en-US")}`),
  );

/** The page cursor's message: one the app did not write for this sort (edited, forged, or from another list). */
export const FOREIGN_CURSOR = "the page cursor is not one this app wrote; open the list from its first page";
const CUSTOMER_GID = /^gid:\/\/shopify\/Customer\/[1-9]\d{0,19}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The position a cursor holds, when the app could have written it for this sort: a customer GID, and a value of the
 * sort column's kind (a day for the last order, a finite number within 2^53 for the others) or null. A value of
 * another kind would reach the SQL as a comparison of a number with text, which PostgreSQL refuses.
 */
export function listCursor(text: string, sort: SortKey): KeysetCursor | null {
  const cursor = decodeCursor(text);
  if (cursor === null || !CUSTOMER_GID.test(cursor.gid)) return null;
  const { value } = cursor;
  if (value === null) return cursor;
  if (sort === "lastOrder") return typeof value === "string" && DAY.test(value) ? cursor : null;
  return typeof value === "number" && Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER ? cursor : null;
}

const QuerySchema = z
  .object({
    segment: z.enum(SEGMENT_NAMES).optional(),
    // One cell of the dashboard's RFM grid: the recency and frequency scores (1-5).
    r: score("the recency score").optional(),
    f: score("the frequency score").optional(),
    // Predicted CLV bounds in the currency's major units, as the merchant types them.
    minClv: clvBound("the lowest predicted CLV").optional(),
    maxClv: clvBound("the highest predicted CLV").optional(),
    // P(alive) bounds in percent.
    minAlive: number("the lowest P(alive)").pipe(z.number().min(0).max(100)).optional(),
    maxAlive: number("the highest P(alive)").pipe(z.number().min(0).max(100)).optional(),
    // One of the app's tags (the merchant's own tags are not kept).
    tag: z
      .string()
      .trim()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "a tag is lower-case letters, digits and dashes")
      .max(60)
      .optional(),
    code: z.enum(["with", "without"]).optional(),
    overdue: z.literal("1").optional(),
    // Name or email, searched in Shopify (the app keeps neither).
    q: z.string().trim().min(1).max(100).optional(),
    sort: z.enum(SORT_KEYS as [SortKey, ...SortKey[]]).default("predictedClv"),
    dir: z.enum(["asc", "desc"]).default("desc"),
    after: z.string().max(300).optional(),
  })
  .strict()
  .refine((q) => q.minClv === undefined || q.maxClv === undefined || q.minClv <= q.maxClv, { path: ["maxClv"], message: "below the lowest" })
  .refine((q) => q.minAlive === undefined || q.maxAlive === undefined || q.minAlive <= q.maxAlive, { path: ["maxAlive"], message: "below the lowest" })
  .refine((q) => q.after === undefined || listCursor(q.after, q.sort) !== null, { path: ["after"], message: FOREIGN_CURSOR });

export type CustomerListQuery = z.infer<typeof QuerySchema>;
export type CustomerListFilters = Omit<CustomerListQuery, "sort" | "dir" | "after">;

export type ParsedQuery = { ok: true; query: CustomerListQuery } | { ok: false; errors: Record<string, string> };

/** Empty parameters (a cleared filter field) count as absent; the embedded admin's own parameters are ignored. */
export const ADMIN_PARAMS: ReadonlySet<string> = new Set(["embedded", "shop", "host", "id_token", "locale", "hmac", "session", "timestamp"]);

export function parseCustomerListQuery(params: URLSearchParams): ParsedQuery {
  // Without a prototype, so that a parameter named __proto__ is a parameter like any other (and refused as unknown).
  const input: Record<string, string> = Object.create(null);
  // A parameter given twice is refused: which of its values a list would use is a guess (the form sends each once).
  const repeated = new Set<string>();
  for (const [name, value] of params) {
    if (ADMIN_PARAMS.has(name) || value.trim() === "") continue;
    if (Object.hasOwn(input, name)) repeated.add(name);
    input[name] = value;
  }
  if (repeated.size > 0) return { ok: false, errors: Object.fromEntries([...repeated].map((name) => [name, `${name} is given more than once`])) };
  const parsed = QuerySchema.safeParse(input);
  if (parsed.success) return { ok: true, query: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "query");
    errors[field] ??= issue.code === "unrecognized_keys" ? `unknown parameters: ${issue.keys.join(", ")}` : issue.message;
  }
  return { ok: false, errors };
}

/** The filters of a query as URL parameters, for the export link and the pages after this one. */
export function filterParams(query: CustomerListQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && name !== "after") params.set(name, String(value));
  return params;
}
