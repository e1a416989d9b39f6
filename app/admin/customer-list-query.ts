/**
 * The customers list's filters, sort and page, read from the page's URL (pure). A bad parameter is refused with a
 * message naming it, never silently dropped: a merchant who bookmarked a filter must not see a different list.
 */
import { z } from "zod";
import { SEGMENT_NAMES } from "../scoring/types.ts";

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

const number = (what: string) =>
  z
    .string()
    .trim()
    .transform((text, context) => {
      const value = Number(text);
      if (text === "" || !Number.isFinite(value)) {
        context.addIssue({ code: "custom", message: `${what} must be a number` });
        return z.NEVER;
      }
      return value;
    });

const QuerySchema = z
  .object({
    segment: z.enum(SEGMENT_NAMES).optional(),
    // One cell of the dashboard's RFM grid: the recency and frequency scores (1-5).
    r: z.coerce.number().int().min(1).max(5).optional(),
    f: z.coerce.number().int().min(1).max(5).optional(),
    // Predicted CLV bounds in the currency's major units, as the merchant types them.
    minClv: number("the lowest predicted CLV").pipe(z.number().min(0)).optional(),
    maxClv: number("the highest predicted CLV").pipe(z.number().min(0)).optional(),
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
  .refine((q) => q.minAlive === undefined || q.maxAlive === undefined || q.minAlive <= q.maxAlive, { path: ["maxAlive"], message: "below the lowest" });

export type CustomerListQuery = z.infer<typeof QuerySchema>;
export type CustomerListFilters = Omit<CustomerListQuery, "sort" | "dir" | "after">;

export type ParsedQuery = { ok: true; query: CustomerListQuery } | { ok: false; errors: Record<string, string> };

/** Empty parameters (a cleared filter field) count as absent; the embedded admin's own parameters are ignored. */
export const ADMIN_PARAMS: ReadonlySet<string> = new Set(["embedded", "shop", "host", "id_token", "locale", "hmac", "session", "timestamp"]);

export function parseCustomerListQuery(params: URLSearchParams): ParsedQuery {
  const input: Record<string, string> = {};
  for (const [name, value] of params) if (!ADMIN_PARAMS.has(name) && value.trim() !== "") input[name] = value;
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
