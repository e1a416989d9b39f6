export { startSimulator, type CreateShopOptions, type Simulator } from "./simulator.ts";
export type { SimulatorOptions } from "./options.ts";
export type { AdminCall, SimShop } from "./store/shop.ts";
export { PROTECTED_CUSTOMER_FIELDS, type ProtectedCustomerField } from "./store/protected-customer-fields.ts";
export type {
  CancelReason,
  ChangeOptions,
  CustomerInput,
  CustomerPatch,
  FinancialStatus,
  LineItemInput,
  OrderInput,
  OrderPatch,
  RefundInput,
  SimCustomer,
  SimDiscountCodeBasic,
  SimLineItem,
  SimMetafield,
  SimOrder,
  SimRefund,
  SimSegment,
  FlowTriggerRun,
} from "./store/types.ts";
export type { BulkOperationRecord } from "./bulk/operation.ts";
export type { DeliveryAttempt, DeliveryRecord, DeliveryStatus, ReleaseOrder, WebhookMode } from "./webhooks/deliver.ts";
export type { WebhookSubscription } from "./webhooks/subscriptions.ts";
export { webhooksFromAppToml } from "./webhooks/subscriptions.ts";
export { webhookHmac } from "./webhooks/hmac.ts";
export { ADMIN_API_VERSION } from "./graphql/schema.ts";
export { formatMinor, currencyExponent } from "./money.ts";
