/** Every webhook topic the app subscribes to (shopify.app.toml), with the route that receives it. */
export const WEBHOOK_TOPICS = [
  "orders/create",
  "orders/updated",
  "orders/paid",
  "orders/cancelled",
  "orders/delete",
  "refunds/create",
  "customers/create",
  "customers/update",
  "customers/delete",
  "app/uninstalled",
  "app/scopes_update",
  "bulk_operations/finish",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
] as const;

export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];

export const COMPLIANCE_TOPICS: readonly WebhookTopic[] = ["customers/data_request", "customers/redact", "shop/redact"];

/** The topics that carry changes to orders, refunds and customers (record-changes.ts): they commute. */
export const RECORD_TOPICS = [
  "orders/create",
  "orders/updated",
  "orders/paid",
  "orders/cancelled",
  "orders/delete",
  "refunds/create",
  "customers/create",
  "customers/update",
  "customers/delete",
] as const satisfies readonly WebhookTopic[];

export type RecordTopic = (typeof RECORD_TOPICS)[number];

export function isRecordTopic(topic: string): topic is RecordTopic {
  return (RECORD_TOPICS as readonly string[]).includes(topic);
}

export function isWebhookTopic(topic: string): topic is WebhookTopic {
  return (WEBHOOK_TOPICS as readonly string[]).includes(topic);
}

/** "orders/create" -> "/webhooks/orders/create", served by app/routes/webhooks.orders.create.tsx. */
export function webhookPath(topic: WebhookTopic): string {
  return `/webhooks/${topic}`;
}
