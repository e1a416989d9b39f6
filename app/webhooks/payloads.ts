/**
 * The fields of Shopify's webhook payloads that the app uses, as zod schemas.
 * Parsing strips every other field, so names, emails, phones and addresses in a payload
 * are never stored (protected customer data, level 1).
 */
import { z } from "zod";
import { currencyExponent, toMinorUnits } from "../utils/money.ts";
import type { WebhookTopic } from "./topics.ts";

const MAX_MINOR_UNITS = 2n ** 63n - 1n;

function isCurrencyCode(code: string): boolean {
  try {
    currencyExponent(code);
    return true;
  } catch {
    return false;
  }
}

const numericId = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String);
const timestamp = z
  .string()
  .datetime({ offset: true })
  .pipe(z.string().refine((text) => !Number.isNaN(Date.parse(text)), "not a date that exists"));
// What toMinorUnits reads: a plain decimal number, no exponent, no spaces ("abc" and "1e3" are refused here, at
// intake, rather than failing each time the delivery is applied).
const DECIMAL = /^-?\d+(\.\d+)?$/;
const decimal = z.union([z.string(), z.number()]).transform(String).pipe(z.string().regex(DECIMAL, "not a decimal amount"));
const currencyCode = z.string().refine(isCurrencyCode, "not an ISO 4217 currency code");
// The amount must fit its currency's minor units and a 64-bit column, or storing it would fail on every try.
const money = z.object({ amount: decimal, currency_code: currencyCode }).superRefine((value, context) => {
  // Refinements run on a dirty object too: only an amount and a currency that each passed are checked together.
  if (!DECIMAL.test(value.amount) || !isCurrencyCode(value.currency_code)) return;
  let minor: bigint;
  try {
    minor = toMinorUnits(value.amount, value.currency_code);
  } catch {
    context.addIssue({ code: z.ZodIssueCode.custom, path: ["amount"], message: "has more decimals than its currency allows" });
    return;
  }
  if (minor > MAX_MINOR_UNITS || minor < -MAX_MINOR_UNITS) {
    context.addIssue({ code: z.ZodIssueCode.custom, path: ["amount"], message: "is too large" });
  }
});
const moneyBag = z.object({ shop_money: money, presentment_money: money });

export const RefundPayload = z.object({
  admin_graphql_api_id: z.string().startsWith("gid://shopify/Refund/"),
  order_id: numericId,
  created_at: timestamp,
  processed_at: timestamp.nullish(),
  transactions: z
    .array(
      z.object({
        kind: z.string(),
        status: z.string(),
        amount: decimal,
        currency: currencyCode.nullish(),
      }),
    )
    .default([]),
});
export type RefundPayload = z.infer<typeof RefundPayload>;

export const OrderPayload = z.object({
  admin_graphql_api_id: z.string().startsWith("gid://shopify/Order/"),
  customer: z.object({ admin_graphql_api_id: z.string().startsWith("gid://shopify/Customer/") }).nullish(),
  created_at: timestamp,
  updated_at: timestamp,
  processed_at: timestamp.nullish(),
  cancelled_at: timestamp.nullish(),
  test: z.boolean(),
  currency: currencyCode,
  presentment_currency: currencyCode,
  total_price_set: moneyBag,
  // Only the code: what it took off is not needed to know which of the app's codes an order redeemed.
  discount_codes: z.array(z.object({ code: z.string() })).default([]),
  refunds: z.array(RefundPayload).default([]),
});
export type OrderPayload = z.infer<typeof OrderPayload>;

export const OrderDeletePayload = z.object({ id: numericId });

export const CustomerPayload = z.object({
  admin_graphql_api_id: z.string().startsWith("gid://shopify/Customer/"),
  created_at: timestamp.nullish(),
  updated_at: timestamp.nullish(),
});
export type CustomerPayload = z.infer<typeof CustomerPayload>;

export const CustomerDeletePayload = z.object({
  admin_graphql_api_id: z.string().startsWith("gid://shopify/Customer/"),
});

export const CustomersRedactPayload = z.object({
  shop_domain: z.string(),
  customer: z.object({ id: numericId }),
  orders_to_redact: z.array(numericId).default([]),
});

export const CustomersDataRequestPayload = z.object({
  shop_domain: z.string(),
  customer: z.object({ id: numericId }),
  orders_requested: z.array(numericId).default([]),
  data_request: z.object({ id: numericId }),
});

export const ShopRedactPayload = z.object({ shop_domain: z.string() });

export const AppUninstalledPayload = z.object({});

export const ScopesUpdatePayload = z.object({ current: z.array(z.string()) });

export const BulkOperationFinishPayload = z.object({
  admin_graphql_api_id: z.string().startsWith("gid://shopify/BulkOperation/"),
  status: z.string(),
  error_code: z.string().nullish(),
  completed_at: timestamp.nullish(),
});

export const PAYLOAD_SCHEMAS = {
  "orders/create": OrderPayload,
  "orders/updated": OrderPayload,
  "orders/paid": OrderPayload,
  "orders/cancelled": OrderPayload,
  "orders/delete": OrderDeletePayload,
  "refunds/create": RefundPayload,
  "customers/create": CustomerPayload,
  "customers/update": CustomerPayload,
  "customers/delete": CustomerDeletePayload,
  "app/uninstalled": AppUninstalledPayload,
  "app/scopes_update": ScopesUpdatePayload,
  "bulk_operations/finish": BulkOperationFinishPayload,
  "customers/data_request": CustomersDataRequestPayload,
  "customers/redact": CustomersRedactPayload,
  "shop/redact": ShopRedactPayload,
} as const satisfies Record<WebhookTopic, z.ZodTypeAny>;

export type PayloadOf<T extends WebhookTopic> = z.infer<(typeof PAYLOAD_SCHEMAS)[T]>;

/**
 * Describes the first problems of a payload that does not match its topic's schema: each field's path (the schema's
 * own keys and array positions) and what is wrong with it, never the value that was sent. Zod's messages name types
 * and expected formats; the few that quote what was received (an enum, a literal, unknown keys) are replaced.
 */
export function describePayloadError(topic: string, error: z.ZodError): string {
  const issues = error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join(".") || "(payload)"}: ${describeIssue(issue)}`)
    .join("; ");
  return `${topic} payload rejected: ${issues}`;
}

function describeIssue(issue: z.ZodIssue): string {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      return issue.received === "undefined" ? "missing" : `expected ${issue.expected}, received ${issue.received}`;
    case z.ZodIssueCode.invalid_enum_value:
    case z.ZodIssueCode.invalid_literal:
      return "not one of the values the app reads";
    case z.ZodIssueCode.unrecognized_keys:
      return "has keys the app does not read";
    case z.ZodIssueCode.invalid_union:
      return "not a value the app reads";
    case z.ZodIssueCode.invalid_string:
      // The message names the format (our regexes' own words, startsWith's expected prefix), never the input.
      if (issue.validation === "datetime") return "not an ISO 8601 date and time with an offset";
      return issue.message === "Invalid" ? "not in the expected format" : issue.message;
    default:
      return issue.message;
  }
}
