import { isoInTimeZone, timeZoneOffsetString } from "../clock.ts";
import { convertMinor, formatMinor } from "../money.ts";
import type { SimCustomer, SimLineItem, SimOrder, SimRefund } from "../store/types.ts";
import { samplePayload } from "./samples.ts";

/**
 * Webhook payloads in Shopify's REST shape. Each starts from Shopify's documented example for its topic
 * (`samplePayload`) and gets the store's values, so fields this store does not model keep the example's shape.
 */

export interface ShopProfile {
  domain: string;
  legacyId: number;
  gid: string;
  name: string;
  email: string;
  currencyCode: string;
  ianaTimezone: string;
}

type Json = Record<string, unknown>;

function moneySet(shopMinor: number, shopCurrency: string, presentmentMinor: number, presentmentCurrency: string): Json {
  return {
    shop_money: { amount: formatMinor(shopMinor, shopCurrency), currency_code: shopCurrency },
    presentment_money: { amount: formatMinor(presentmentMinor, presentmentCurrency), currency_code: presentmentCurrency },
  };
}

function orderMoneySet(order: SimOrder, shopMinor: number, presentmentMinor: number): Json {
  return moneySet(shopMinor, order.currency, presentmentMinor, order.presentmentCurrency);
}

function time(shop: ShopProfile, date: Date | null): string | null {
  return date ? isoInTimeZone(date, shop.ianaTimezone) : null;
}

function firstElement(value: unknown): Json {
  if (Array.isArray(value) && value[0] && typeof value[0] === "object") return structuredClone(value[0] as Json);
  return {};
}

export function customerPayload(shop: ShopProfile, customer: SimCustomer): Json {
  return { ...samplePayload("customers/create"), ...customerFields(shop, customer), addresses: [] };
}

/** A customer's fields as the customer and order payloads carry them. */
function customerFields(shop: ShopProfile, customer: SimCustomer): Json {
  return {
    id: customer.legacyId,
    created_at: time(shop, customer.createdAt),
    updated_at: time(shop, customer.updatedAt),
    first_name: customer.firstName,
    last_name: customer.lastName,
    state: customer.state,
    note: customer.note,
    verified_email: customer.email !== null,
    multipass_identifier: null,
    tax_exempt: customer.taxExempt,
    email: customer.email,
    phone: customer.phone,
    currency: shop.currencyCode,
    tax_exemptions: [],
    admin_graphql_api_id: customer.gid,
    default_address: null,
  };
}

export function customerDeletePayload(customer: SimCustomer): Json {
  const payload = samplePayload("customers/delete");
  Object.assign(payload, { id: customer.legacyId, tax_exemptions: [], admin_graphql_api_id: customer.gid });
  return payload;
}

function embeddedCustomer(shop: ShopProfile, customer: SimCustomer, template: unknown): Json {
  const base = template && typeof template === "object" ? (template as Json) : {};
  return { ...structuredClone(base), ...customerFields(shop, customer) };
}

function lineItemPayload(order: SimOrder, item: SimLineItem, template: Json): Json {
  const payload = structuredClone(template);
  const zero = orderMoneySet(order, 0, 0);
  Object.assign(payload, {
    id: item.legacyId,
    admin_graphql_api_id: item.gid,
    attributed_staffs: [],
    current_quantity: order.cancelledAt ? 0 : item.quantity,
    fulfillable_quantity: order.cancelledAt ? 0 : item.quantity,
    fulfillment_service: "manual",
    fulfillment_status: null,
    gift_card: false,
    grams: 0,
    name: item.title,
    price: formatMinor(item.presentmentUnitPriceMinor, order.presentmentCurrency),
    price_set: orderMoneySet(order, item.unitPriceMinor, item.presentmentUnitPriceMinor),
    product_exists: false,
    product_id: null,
    properties: [],
    quantity: item.quantity,
    requires_shipping: false,
    sales_line_item_group_id: null,
    sku: null,
    taxable: false,
    title: item.title,
    total_discount: formatMinor(0, order.presentmentCurrency),
    total_discount_set: zero,
    variant_id: null,
    variant_inventory_management: null,
    variant_title: null,
    vendor: null,
    tax_lines: [],
    duties: [],
    discount_allocations: [],
  });
  return payload;
}

function transactionPayload(shop: ShopProfile, order: SimOrder, refund: SimRefund, template: Json): Json {
  const payload = structuredClone(template);
  Object.assign(payload, {
    id: refund.transactionLegacyId,
    order_id: order.legacyId,
    kind: "refund",
    gateway: order.test ? "bogus" : "manual",
    status: "success",
    message: null,
    created_at: time(shop, refund.createdAt),
    test: order.test,
    authorization: null,
    location_id: null,
    user_id: null,
    parent_id: null,
    processed_at: time(shop, refund.processedAt),
    device_id: null,
    error_code: null,
    source_name: "web",
    receipt: {},
    amount: formatMinor(refund.presentmentAmountMinor, refund.presentmentCurrency),
    currency: refund.presentmentCurrency,
    payment_id: `${order.name}.1`,
    total_unsettled_set: {
      presentment_money: { amount: formatMinor(0, refund.presentmentCurrency), currency: refund.presentmentCurrency },
      shop_money: { amount: formatMinor(0, refund.currency), currency: refund.currency },
    },
    manual_payment_gateway: !order.test,
    amount_rounding: null,
    admin_graphql_api_id: refund.transactionGid,
  });
  return payload;
}

export function refundPayload(shop: ShopProfile, order: SimOrder, refund: SimRefund): Json {
  const payload = samplePayload("refunds/create");
  const transactionTemplate = firstElement(payload.transactions);
  Object.assign(payload, {
    id: refund.legacyId,
    order_id: order.legacyId,
    created_at: time(shop, refund.createdAt),
    note: refund.note,
    user_id: null,
    processed_at: time(shop, refund.processedAt),
    duties: [],
    total_duties_set: orderMoneySet(order, 0, 0),
    return: null,
    refund_shipping_lines: [],
    restock: false,
    admin_graphql_api_id: refund.gid,
    order_adjustments: [],
    refund_line_items: [],
    transactions: [transactionPayload(shop, order, refund, transactionTemplate)],
  });
  return payload;
}

/** Orders are paid in full unless pending or authorized; refunds lower the current totals. */
export function orderPayload(shop: ShopProfile, order: SimOrder, refunds: readonly SimRefund[], customer: SimCustomer | null): Json {
  const payload = samplePayload("orders/create");
  const lineItemTemplate = firstElement(payload.line_items);
  const currentShop = order.totalMinor - order.refundedMinor;
  const currentPresentment = order.presentmentTotalMinor - order.presentmentRefundedMinor;
  const unpaid = order.financialStatus === "pending" || order.financialStatus === "authorized";
  const zero = orderMoneySet(order, 0, 0);
  const total = orderMoneySet(order, order.totalMinor, order.presentmentTotalMinor);
  const current = orderMoneySet(order, currentShop, currentPresentment);
  const presentment = (minor: number) => formatMinor(minor, order.presentmentCurrency);
  const email = order.email ?? customer?.email ?? null;
  const token = order.legacyId.toString(16);
  const discountMinor = order.discountCodes.reduce((sum, c) => sum + c.presentmentAmountMinor, 0);
  const discounts = orderMoneySet(order, convertMinor(discountMinor, order.exchangeRate), discountMinor);

  Object.assign(payload, {
    id: order.legacyId,
    admin_graphql_api_id: order.gid,
    app_id: null,
    browser_ip: null,
    buyer_accepts_marketing: false,
    cancel_reason: order.cancelReason,
    cancelled_at: time(shop, order.cancelledAt),
    cart_token: null,
    checkout_token: null,
    client_details: null,
    closed_at: time(shop, order.closedAt),
    confirmation_number: token.toUpperCase().slice(-9),
    confirmed: true,
    contact_email: email,
    created_at: time(shop, order.createdAt),
    currency: order.currency,
    current_shipping_price_set: zero,
    current_subtotal_price: presentment(currentPresentment),
    current_subtotal_price_set: current,
    current_total_additional_fees_set: null,
    current_total_discounts: presentment(discountMinor),
    current_total_discounts_set: discounts,
    current_total_duties_set: null,
    current_total_price: presentment(currentPresentment),
    current_total_price_set: current,
    current_total_tax: presentment(0),
    current_total_tax_set: zero,
    customer_locale: "en",
    device_id: null,
    discount_codes: order.discountCodes.map((c) => ({ code: c.code, amount: presentment(c.presentmentAmountMinor), type: c.type })),
    duties_included: false,
    email,
    estimated_taxes: false,
    financial_status: order.financialStatus,
    fulfillment_status: null,
    landing_site: null,
    landing_site_ref: null,
    location_id: null,
    merchant_of_record_app_id: null,
    name: order.name,
    note: order.note,
    note_attributes: [],
    number: order.number,
    order_number: order.number + 1000,
    order_status_url: `https://${shop.domain}/${shop.legacyId}/orders/${token}/authenticate?key=${token}`,
    original_total_additional_fees_set: null,
    original_total_duties_set: null,
    payment_gateway_names: [order.test ? "bogus" : "manual"],
    phone: null,
    po_number: null,
    presentment_currency: order.presentmentCurrency,
    processed_at: time(shop, order.processedAt),
    reference: null,
    referring_site: null,
    source_identifier: null,
    source_name: "web",
    source_url: null,
    subtotal_price: presentment(order.presentmentTotalMinor),
    subtotal_price_set: total,
    tags: order.tags.join(", "),
    tax_exempt: false,
    tax_lines: [],
    taxes_included: false,
    test: order.test,
    token,
    total_cash_rounding_payment_adjustment_set: zero,
    total_cash_rounding_refund_adjustment_set: zero,
    total_discounts: presentment(discountMinor),
    total_discounts_set: discounts,
    total_line_items_price: presentment(order.presentmentTotalMinor),
    total_line_items_price_set: total,
    total_outstanding: presentment(unpaid ? order.presentmentTotalMinor : 0),
    total_price: presentment(order.presentmentTotalMinor),
    total_price_set: total,
    total_shipping_price_set: zero,
    total_tax: presentment(0),
    total_tax_set: zero,
    total_tip_received: presentment(0),
    total_weight: 0,
    updated_at: time(shop, order.updatedAt),
    user_id: null,
    billing_address: null,
    customer: customer ? embeddedCustomer(shop, customer, payload.customer) : null,
    discount_applications: [],
    fulfillments: [],
    line_items: order.lineItems.map((item) => lineItemPayload(order, item, lineItemTemplate)),
    payment_terms: null,
    refunds: refunds.map((refund) => refundPayload(shop, order, refund)),
    shipping_address: null,
    shipping_lines: [],
    returns: [],
    line_item_groups: [],
  });
  return payload;
}

/** `orders/delete` carries only the numeric id. */
export function orderDeletePayload(order: SimOrder): Json {
  const payload = samplePayload("orders/delete");
  Object.assign(payload, { id: order.legacyId });
  return payload;
}

/** `app/uninstalled` carries the shop object. */
export function shopPayload(shop: ShopProfile, now: Date): Json {
  const payload = samplePayload("app/uninstalled");
  const offset = timeZoneOffsetString(now, shop.ianaTimezone);
  Object.assign(payload, {
    id: shop.legacyId,
    name: shop.name,
    email: shop.email,
    domain: shop.domain,
    created_at: null,
    updated_at: null,
    currency: shop.currencyCode,
    customer_email: shop.email,
    timezone: `(GMT${offset}) ${shop.ianaTimezone}`,
    iana_timezone: shop.ianaTimezone,
    shop_owner: "Simulated Owner",
    money_format: "{{amount}}",
    money_with_currency_format: `{{amount}} ${shop.currencyCode}`,
    money_in_emails_format: "{{amount}}",
    money_with_currency_in_emails_format: `{{amount}} ${shop.currencyCode}`,
    plan_display_name: "Development",
    plan_name: "partner_test",
    myshopify_domain: shop.domain,
    enabled_presentment_currencies: [shop.currencyCode],
  });
  return payload;
}

export function customersDataRequestPayload(shop: ShopProfile, customer: SimCustomer, orderLegacyIds: number[], dataRequestId: number): Json {
  const payload = samplePayload("customers/data_request");
  Object.assign(payload, {
    shop_id: shop.legacyId,
    shop_domain: shop.domain,
    customer: { id: customer.legacyId, email: customer.email, phone: customer.phone },
    orders_requested: orderLegacyIds,
    data_request: { id: dataRequestId },
  });
  return payload;
}

export function customersRedactPayload(shop: ShopProfile, customer: SimCustomer, orderLegacyIds: number[]): Json {
  const payload = samplePayload("customers/redact");
  Object.assign(payload, {
    shop_id: shop.legacyId,
    shop_domain: shop.domain,
    customer: { id: customer.legacyId, email: customer.email, phone: customer.phone },
    orders_to_redact: orderLegacyIds,
  });
  return payload;
}

export function shopRedactPayload(shop: ShopProfile): Json {
  const payload = samplePayload("shop/redact");
  Object.assign(payload, { shop_id: shop.legacyId, shop_domain: shop.domain });
  return payload;
}

export interface FinishedBulkOperation {
  gid: string;
  status: string;
  errorCode: string | null;
  createdAt: Date;
  completedAt: Date | null;
  type: "QUERY" | "MUTATION";
}

export function bulkOperationFinishPayload(shop: ShopProfile, operation: FinishedBulkOperation): Json {
  const payload = samplePayload("bulk_operations/finish");
  Object.assign(payload, {
    admin_graphql_api_id: operation.gid,
    completed_at: time(shop, operation.completedAt),
    created_at: time(shop, operation.createdAt),
    error_code: operation.errorCode ? operation.errorCode.toLowerCase() : null,
    status: operation.status.toLowerCase(),
    type: operation.type.toLowerCase(),
  });
  return payload;
}
