/**
 * The fields of Shopify's webhook payloads that the app uses, as zod schemas.
 * Parsing strips every other field, so names, emails, phones and addresses in a payload
 * are never stored (protected customer data, level 1).
 */
import { z } from "zod";
import type { WebhookTopic } from "./topics.ts";

const numericId = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String);
const timestamp = z.string().datetime({ offset: true });
const decimal = z.union([z.string(), z.number()]).transform(String);
const money = z.object({ amount: decimal, currency_code: z.string().length(3) });
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
        currency: z.string().length(3).nullish(),
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
  currency: z.string().length(3),
  presentment_currency: z.string().length(3),
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

/** Describes the first problems of a payload that does not match its topic's schema. */
export function describePayloadError(topic: string, error: z.ZodError): string {
  const issues = error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join(".") || "(payload)"}: ${issue.message}`)
    .join("; ");
  return `${topic} payload rejected: ${issues}`;
}
