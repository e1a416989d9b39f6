import { randomUUID } from "node:crypto";
import type { BulkOperationRecord } from "../bulk/operation.ts";
import { nextChangeTimestamp, truncateToSecond, type Clock } from "../clock.ts";
import { gid, type IdSequence } from "../ids.ts";
import { convertMinor, minorUnitRate } from "../money.ts";
import type { WebhookEvent } from "../webhooks/deliver.ts";
import {
  customerDeletePayload,
  customerPayload,
  customersDataRequestPayload,
  customersRedactPayload,
  orderDeletePayload,
  orderPayload,
  refundPayload,
  shopPayload,
  shopRedactPayload,
  type ShopProfile,
} from "../webhooks/payloads.ts";
import { netSpendByCustomer } from "./net-spend.ts";
import { protectedCustomerFieldGrant, type ProtectedCustomerField } from "./protected-customer-fields.ts";
import { appliedDiscountCodes } from "./order-discount-codes.ts";
import { checkSegmentQuery } from "./segment-query.ts";
import { withTagsAdded } from "./tags.ts";
import type { AdminFault, ShopAvailability } from "./availability.ts";
import type {
  CancelReason,
  ChangeOptions,
  CustomerInput,
  CustomerPatch,
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
} from "./types.ts";

/** The scripted side of a simulated shop: what a test or the demo does as merchant and shoppers. */
/** One Admin GraphQL request as the shop answered it: its operation, and the points it cost (null when throttled). */
export interface AdminCall {
  readonly operationName: string | null;
  readonly kind: "query" | "mutation";
  readonly requestedCost: number;
  readonly actualCost: number | null;
  readonly throttled: boolean;
}

export interface SimShop {
  readonly domain: string;
  readonly name: string;
  readonly currencyCode: string;
  readonly ianaTimezone: string;
  /** Whether the app is installed: set by token exchange, cleared by `uninstallApp`. */
  readonly installed: boolean;
  /** The level 2 protected customer fields the app is granted (simulator/store/protected-customer-fields.ts). */
  readonly protectedCustomerFields: ReadonlySet<ProtectedCustomerField>;

  createCustomer(input?: CustomerInput, options?: ChangeOptions): SimCustomer;
  updateCustomer(customerGid: string, patch: CustomerPatch, options?: ChangeOptions): SimCustomer;
  deleteCustomer(customerGid: string, options?: ChangeOptions): void;

  createOrder(input: OrderInput, options?: ChangeOptions): SimOrder;
  updateOrder(orderGid: string, patch: OrderPatch, options?: ChangeOptions): SimOrder;
  payOrder(orderGid: string, options?: ChangeOptions): SimOrder;
  cancelOrder(orderGid: string, options?: ChangeOptions & { reason?: CancelReason }): SimOrder;
  deleteOrder(orderGid: string, options?: ChangeOptions): void;
  refundOrder(orderGid: string, input: RefundInput, options?: ChangeOptions): SimRefund;

  uninstallApp(): void;
  /** Grants the app exactly these protected customer fields from now on (`[]`: level 1, no names, emails, phones or addresses). */
  setProtectedCustomerFields(fields: readonly ProtectedCustomerField[]): void;
  /** How the Admin API answers for the shop from now on (simulator/store/availability.ts). */
  setAvailability(availability: ShopAvailability): void;
  /** Answers the next Admin API requests with these faults, one each, in order. */
  failNextAdminRequests(...faults: AdminFault[]): void;
  /** The next bulk mutation operation stops with FAILED (INTERNAL_SERVER_ERROR) after this many lines, its results so far as partial data. */
  failNextBulkMutation(fault: { afterLines: number }): void;
  /** Calls `listener` after each Admin GraphQL request the shop answered; returns the unsubscribe. */
  onAdminCall(listener: (call: AdminCall) => void): () => void;
  /** Every Admin GraphQL request the shop answered (throttled ones included), oldest first. */
  adminCalls(): AdminCall[];
  requestCustomerData(customerGid: string, orderGids?: string[]): void;
  redactCustomer(customerGid: string, orderGids?: string[]): void;
  redactShop(): void;

  customer(customerGid: string): SimCustomer | null;
  order(orderGid: string): SimOrder | null;
  customers(): SimCustomer[];
  orders(): SimOrder[];
  refunds(): SimRefund[];
  metafields(ownerGid?: string): SimMetafield[];
  discounts(): SimDiscountCodeBasic[];
  segments(): SimSegment[];
  /** The Flow triggers the app sent (flowTriggerReceive calls Shopify accepted), oldest first. */
  flowTriggerRuns(): FlowTriggerRun[];
  /** Whether a customer belongs to a segment now (false when either is unknown to the shop). */
  segmentHasCustomer(segmentGid: string, customerGid: string): boolean;
  bulkOperations(): BulkOperationRecord[];
  /** Per customer GID: sum over non-cancelled, non-test orders of total minus refunds, in shop-currency minor units. */
  netSpendByCustomer(): Map<string, number>;
}

export interface ShopSettings {
  domain: string;
  name: string;
  currencyCode: string;
  ianaTimezone: string;
  /** Undefined grants all four. */
  protectedCustomerFields?: readonly ProtectedCustomerField[];
}

export interface ShopDependencies {
  clock: Clock;
  ids: IdSequence;
  webhooks: { trigger(event: WebhookEvent): unknown };
  /** Called when the merchant uninstalls the app (revokes the app's tokens for this shop). */
  onUninstall: (domain: string) => void;
  /** `$app` metafield namespace of the app, for example `app--123456`. */
  appNamespace: string;
}

/** Topics sent even when the app is not installed. */
const LIFECYCLE_TOPICS = new Set(["app/uninstalled", "shop/redact", "customers/redact", "customers/data_request"]);

interface PendingEvent {
  topic: string;
  payload: () => unknown;
}

export class ShopStore implements SimShop {
  readonly domain: string;
  readonly name: string;
  readonly currencyCode: string;
  readonly ianaTimezone: string;
  readonly legacyId: number;
  readonly gid: string;
  readonly appNamespace: string;
  private isInstalled = true;
  private grantedCustomerFields: ReadonlySet<ProtectedCustomerField>;
  availability: ShopAvailability = "open";
  readonly adminFaults: AdminFault[] = [];
  private orderNumber = 0;
  private readonly customerMap = new Map<string, SimCustomer>();
  private readonly orderMap = new Map<string, SimOrder>();
  private readonly refundsByOrder = new Map<string, SimRefund[]>();
  private readonly ordersByCustomer = new Map<string, Set<string>>();
  private readonly metafieldsByOwner = new Map<string, Map<string, SimMetafield>>();
  private readonly discountMap = new Map<string, SimDiscountCodeBasic>();
  private readonly segmentMap = new Map<string, SimSegment>();
  private readonly flowRuns: FlowTriggerRun[] = [];
  private readonly adminCallLog: AdminCall[] = [];
  private bulkMutationFault: number | null = null;
  private readonly adminCallListeners = new Set<(call: AdminCall) => void>();
  readonly bulkOperationList: BulkOperationRecord[] = [];

  private readonly deps: ShopDependencies;

  constructor(settings: ShopSettings, deps: ShopDependencies) {
    this.deps = deps;
    this.domain = settings.domain;
    this.name = settings.name;
    this.currencyCode = settings.currencyCode;
    this.ianaTimezone = settings.ianaTimezone;
    this.grantedCustomerFields = protectedCustomerFieldGrant(settings.protectedCustomerFields);
    this.legacyId = deps.ids.next("Shop");
    this.gid = gid("Shop", this.legacyId);
    this.appNamespace = deps.appNamespace;
  }

  get installed(): boolean {
    return this.isInstalled;
  }

  get protectedCustomerFields(): ReadonlySet<ProtectedCustomerField> {
    return new Set(this.grantedCustomerFields);
  }

  setProtectedCustomerFields(fields: readonly ProtectedCustomerField[]): void {
    this.grantedCustomerFields = protectedCustomerFieldGrant(fields);
  }

  /** Whether the app may read this protected customer field (the resolvers ask on every field). */
  grants(field: ProtectedCustomerField): boolean {
    return this.grantedCustomerFields.has(field);
  }

  get profile(): ShopProfile {
    return {
      domain: this.domain,
      legacyId: this.legacyId,
      gid: this.gid,
      name: this.name,
      email: `owner@${this.domain}`,
      currencyCode: this.currencyCode,
      ianaTimezone: this.ianaTimezone,
    };
  }

  now(): Date {
    return truncateToSecond(this.deps.clock());
  }

  nextId(type: string): { legacyId: number; gid: string } {
    const legacyId = this.deps.ids.next(type);
    return { legacyId, gid: gid(type, legacyId) };
  }

  markInstalled(): void {
    this.isInstalled = true;
  }

  // ---- customers ----

  createCustomer(input: CustomerInput = {}, options: ChangeOptions = {}): SimCustomer {
    const { legacyId, gid: customerGid } = this.nextId("Customer");
    const createdAt = truncateToSecond(input.createdAt ?? this.now());
    const customer: SimCustomer = {
      gid: customerGid,
      legacyId,
      createdAt,
      updatedAt: createdAt,
      firstName: input.firstName ?? null,
      lastName: input.lastName ?? null,
      email: input.email ?? null,
      phone: input.phone ?? null,
      tags: withTagsAdded([], input.tags ?? []),
      note: input.note ?? null,
      state: input.state ?? "disabled",
      taxExempt: false,
      dataSaleOptOut: false,
    };
    this.customerMap.set(customerGid, customer);
    this.fire(options, [{ topic: "customers/create", payload: () => customerPayload(this.profile, customer) }]);
    return structuredClone(customer);
  }

  updateCustomer(customerGid: string, patch: CustomerPatch, options: ChangeOptions = {}): SimCustomer {
    const customer = this.requireCustomer(customerGid);
    if (patch.firstName !== undefined) customer.firstName = patch.firstName;
    if (patch.lastName !== undefined) customer.lastName = patch.lastName;
    if (patch.email !== undefined) customer.email = patch.email;
    if (patch.phone !== undefined) customer.phone = patch.phone;
    if (patch.note !== undefined) customer.note = patch.note;
    if (patch.state !== undefined) customer.state = patch.state;
    if (patch.tags !== undefined) customer.tags = withTagsAdded([], patch.tags);
    this.touchCustomer(customer, options);
    return structuredClone(customer);
  }

  /** Marks a customer changed (new `updatedAt`) and fires `customers/update`. */
  touchCustomer(customer: SimCustomer, options: ChangeOptions = {}): void {
    customer.updatedAt = nextChangeTimestamp(this.now(), customer.updatedAt);
    this.fire(options, [{ topic: "customers/update", payload: () => customerPayload(this.profile, customer) }]);
  }

  deleteCustomer(customerGid: string, options: ChangeOptions = {}): void {
    const customer = this.requireCustomer(customerGid);
    if ((this.ordersByCustomer.get(customerGid)?.size ?? 0) > 0) {
      throw new Error(`Customer ${customerGid} has orders; Shopify does not delete customers who have orders`);
    }
    this.customerMap.delete(customerGid);
    this.metafieldsByOwner.delete(customerGid);
    this.fire(options, [{ topic: "customers/delete", payload: () => customerDeletePayload(customer) }]);
  }

  // ---- orders ----

  createOrder(input: OrderInput, options: ChangeOptions = {}): SimOrder {
    const presentmentCurrency = input.currency ?? this.currencyCode;
    const rate = minorUnitRate(presentmentCurrency, this.currencyCode);
    const lineItems = this.buildLineItems(input, rate);
    const presentmentTotalMinor = lineItems.reduce((sum, i) => sum + i.presentmentUnitPriceMinor * i.quantity, 0);
    const customerGid = input.customerGid ?? null;
    if (customerGid !== null) this.requireCustomer(customerGid);
    const { legacyId, gid: orderGid } = this.nextId("Order");
    const createdAt = truncateToSecond(input.createdAt ?? this.now());
    const number = ++this.orderNumber;
    const order: SimOrder = {
      gid: orderGid,
      legacyId,
      number,
      name: `#${number + 1000}`,
      customerGid,
      email: input.email ?? null,
      createdAt,
      updatedAt: createdAt,
      processedAt: truncateToSecond(input.processedAt ?? createdAt),
      cancelledAt: null,
      cancelReason: null,
      closedAt: null,
      test: input.test ?? false,
      financialStatus: input.financialStatus ?? "paid",
      currency: this.currencyCode,
      presentmentCurrency,
      exchangeRate: rate,
      totalMinor: convertMinor(presentmentTotalMinor, rate),
      presentmentTotalMinor,
      refundedMinor: 0,
      presentmentRefundedMinor: 0,
      lineItems,
      discountCodes: appliedDiscountCodes(input.discountCodes ?? [], presentmentTotalMinor, rate, this.discountMap.values()),
      tags: withTagsAdded([], input.tags ?? []),
      note: input.note ?? null,
    };
    this.orderMap.set(orderGid, order);
    this.refundsByOrder.set(orderGid, []);
    if (customerGid !== null) this.indexOrderCustomer(orderGid, null, customerGid);
    const events: PendingEvent[] = [{ topic: "orders/create", payload: () => this.orderPayloadFor(order) }];
    if (order.financialStatus === "paid") events.push({ topic: "orders/paid", payload: () => this.orderPayloadFor(order) });
    this.fire(options, events);
    return structuredClone(order);
  }

  private buildLineItems(input: OrderInput, rate: number): SimLineItem[] {
    const items = input.lineItems ?? (input.totalMinor !== undefined ? [{ title: "Item", quantity: 1, priceMinor: input.totalMinor }] : null);
    if (!items || items.length === 0) throw new Error("createOrder needs totalMinor or lineItems");
    const built = items.map((item, index) => {
      const quantity = item.quantity ?? 1;
      if (!Number.isSafeInteger(item.priceMinor) || item.priceMinor < 0) {
        throw new RangeError(`lineItems[${index}].priceMinor must be a non-negative integer, got ${item.priceMinor}`);
      }
      if (!Number.isSafeInteger(quantity) || quantity < 1) {
        throw new RangeError(`lineItems[${index}].quantity must be a positive integer, got ${quantity}`);
      }
      const { legacyId, gid: lineItemGid } = this.nextId("LineItem");
      return {
        gid: lineItemGid,
        legacyId,
        title: item.title ?? `Item ${index + 1}`,
        quantity,
        presentmentUnitPriceMinor: item.priceMinor,
        unitPriceMinor: convertMinor(item.priceMinor, rate),
      };
    });
    if (input.lineItems && input.totalMinor !== undefined) {
      const sum = built.reduce((s, i) => s + i.presentmentUnitPriceMinor * i.quantity, 0);
      if (sum !== input.totalMinor) throw new RangeError(`totalMinor ${input.totalMinor} differs from the line items' sum ${sum}`);
    }
    return built;
  }

  updateOrder(orderGid: string, patch: OrderPatch, options: ChangeOptions = {}): SimOrder {
    const order = this.requireOrder(orderGid);
    if (patch.customerGid !== undefined) {
      if (patch.customerGid !== null) this.requireCustomer(patch.customerGid);
      this.indexOrderCustomer(orderGid, order.customerGid, patch.customerGid);
      order.customerGid = patch.customerGid;
    }
    if (patch.tags !== undefined) order.tags = withTagsAdded([], patch.tags);
    if (patch.note !== undefined) order.note = patch.note;
    if (patch.email !== undefined) order.email = patch.email;
    if (patch.processedAt !== undefined) order.processedAt = truncateToSecond(patch.processedAt);
    this.touchOrder(order, options);
    return structuredClone(order);
  }

  /** Marks an order changed (new `updatedAt`) and fires `orders/updated`. */
  touchOrder(order: SimOrder, options: ChangeOptions = {}): void {
    order.updatedAt = nextChangeTimestamp(this.now(), order.updatedAt);
    this.fire(options, [{ topic: "orders/updated", payload: () => this.orderPayloadFor(order) }]);
  }

  payOrder(orderGid: string, options: ChangeOptions = {}): SimOrder {
    const order = this.requireOrder(orderGid);
    if (!["pending", "authorized", "partially_paid"].includes(order.financialStatus)) {
      throw new Error(`Order ${orderGid} is ${order.financialStatus}; only pending, authorized or partially paid orders can be paid`);
    }
    order.financialStatus = "paid";
    order.updatedAt = nextChangeTimestamp(this.now(), order.updatedAt);
    this.fire(options, [
      { topic: "orders/paid", payload: () => this.orderPayloadFor(order) },
      { topic: "orders/updated", payload: () => this.orderPayloadFor(order) },
    ]);
    return structuredClone(order);
  }

  cancelOrder(orderGid: string, options: ChangeOptions & { reason?: CancelReason } = {}): SimOrder {
    const order = this.requireOrder(orderGid);
    if (order.cancelledAt) throw new Error(`Order ${orderGid} is already cancelled`);
    const at = nextChangeTimestamp(this.now(), order.updatedAt);
    order.cancelledAt = at;
    order.closedAt = at;
    order.cancelReason = options.reason ?? "customer";
    if (order.financialStatus === "pending" || order.financialStatus === "authorized") order.financialStatus = "voided";
    order.updatedAt = at;
    this.fire(options, [
      { topic: "orders/cancelled", payload: () => this.orderPayloadFor(order) },
      { topic: "orders/updated", payload: () => this.orderPayloadFor(order) },
    ]);
    return structuredClone(order);
  }

  deleteOrder(orderGid: string, options: ChangeOptions = {}): void {
    const order = this.requireOrder(orderGid);
    this.orderMap.delete(orderGid);
    this.refundsByOrder.delete(orderGid);
    this.metafieldsByOwner.delete(orderGid);
    if (order.customerGid) this.indexOrderCustomer(orderGid, order.customerGid, null);
    this.fire(options, [{ topic: "orders/delete", payload: () => orderDeletePayload(order) }]);
  }

  refundOrder(orderGid: string, input: RefundInput, options: ChangeOptions = {}): SimRefund {
    const order = this.requireOrder(orderGid);
    const remaining = order.presentmentTotalMinor - order.presentmentRefundedMinor;
    if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) {
      throw new RangeError(`Refund amountMinor must be a positive integer, got ${input.amountMinor}`);
    }
    if (input.amountMinor > remaining) {
      throw new RangeError(`Refund of ${input.amountMinor} exceeds the refundable ${remaining} ${order.presentmentCurrency} on ${orderGid}`);
    }
    const shopRemaining = order.totalMinor - order.refundedMinor;
    const amountMinor = input.amountMinor === remaining ? shopRemaining : Math.min(shopRemaining, convertMinor(input.amountMinor, order.exchangeRate));
    const at = nextChangeTimestamp(input.processedAt ?? this.now(), order.updatedAt);
    const { legacyId, gid: refundGid } = this.nextId("Refund");
    const transaction = this.nextId("OrderTransaction");
    const refund: SimRefund = {
      gid: refundGid,
      legacyId,
      orderGid,
      createdAt: at,
      updatedAt: at,
      processedAt: truncateToSecond(input.processedAt ?? at),
      amountMinor,
      presentmentAmountMinor: input.amountMinor,
      currency: order.currency,
      presentmentCurrency: order.presentmentCurrency,
      note: input.note ?? null,
      transactionGid: transaction.gid,
      transactionLegacyId: transaction.legacyId,
    };
    this.refundsByOrder.get(orderGid)?.push(refund);
    order.refundedMinor += amountMinor;
    order.presentmentRefundedMinor += input.amountMinor;
    order.financialStatus = order.presentmentRefundedMinor === order.presentmentTotalMinor ? "refunded" : "partially_refunded";
    order.updatedAt = at;
    this.fire(options, [
      { topic: "refunds/create", payload: () => refundPayload(this.profile, order, refund) },
      { topic: "orders/updated", payload: () => this.orderPayloadFor(order) },
    ]);
    return structuredClone(refund);
  }

  // ---- app lifecycle and compliance ----

  setAvailability(availability: ShopAvailability): void {
    this.availability = availability;
  }

  failNextAdminRequests(...faults: AdminFault[]): void {
    this.adminFaults.push(...faults);
  }

  failNextBulkMutation(fault: { afterLines: number }): void {
    this.bulkMutationFault = fault.afterLines;
  }

  /** The scripted bulk mutation fault, taken by the operation that starts next. */
  takeBulkMutationFault(): number | null {
    const fault = this.bulkMutationFault;
    this.bulkMutationFault = null;
    return fault;
  }

  onAdminCall(listener: (call: AdminCall) => void): () => void {
    this.adminCallListeners.add(listener);
    return () => this.adminCallListeners.delete(listener);
  }

  adminCalls(): AdminCall[] {
    return [...this.adminCallLog];
  }

  /** Called by the GraphQL handler after each request it answered. */
  recordAdminCall(call: AdminCall): void {
    this.adminCallLog.push(call);
    for (const listener of this.adminCallListeners) listener(call);
  }

  uninstallApp(): void {
    this.isInstalled = false;
    this.deps.onUninstall(this.domain);
    this.fire({}, [{ topic: "app/uninstalled", payload: () => shopPayload(this.profile, this.now()) }]);
  }

  requestCustomerData(customerGid: string, orderGids?: string[]): void {
    const customer = this.requireCustomer(customerGid);
    const orders = this.orderLegacyIds(customerGid, orderGids);
    const dataRequestId = this.deps.ids.next("CustomerDataRequest");
    this.fire({}, [
      {
        topic: "customers/data_request",
        payload: () => customersDataRequestPayload(this.profile, customer, orders, dataRequestId),
      },
    ]);
  }

  redactCustomer(customerGid: string, orderGids?: string[]): void {
    const customer = this.requireCustomer(customerGid);
    const orders = this.orderLegacyIds(customerGid, orderGids);
    this.fire({}, [{ topic: "customers/redact", payload: () => customersRedactPayload(this.profile, customer, orders) }]);
  }

  redactShop(): void {
    this.fire({}, [{ topic: "shop/redact", payload: () => shopRedactPayload(this.profile) }]);
  }

  private orderLegacyIds(customerGid: string, orderGids: string[] | undefined): number[] {
    const gids = orderGids ?? [...(this.ordersByCustomer.get(customerGid) ?? [])];
    return gids.map((orderGid) => this.requireOrder(orderGid).legacyId);
  }

  // ---- reading the store's truth ----

  customer(customerGid: string): SimCustomer | null {
    const customer = this.customerMap.get(customerGid);
    return customer ? structuredClone(customer) : null;
  }

  order(orderGid: string): SimOrder | null {
    const order = this.orderMap.get(orderGid);
    return order ? structuredClone(order) : null;
  }

  customers(): SimCustomer[] {
    return [...this.customerMap.values()].map((c) => structuredClone(c));
  }

  orders(): SimOrder[] {
    return [...this.orderMap.values()].map((o) => structuredClone(o));
  }

  refunds(): SimRefund[] {
    return [...this.refundsByOrder.values()].flat().map((r) => structuredClone(r));
  }

  metafields(ownerGid?: string): SimMetafield[] {
    const owners = ownerGid ? [this.metafieldsByOwner.get(ownerGid)] : [...this.metafieldsByOwner.values()];
    return owners.flatMap((m) => (m ? [...m.values()] : [])).map((m) => structuredClone(m));
  }

  discounts(): SimDiscountCodeBasic[] {
    return [...this.discountMap.values()].map((d) => structuredClone(d));
  }

  flowTriggerRuns(): FlowTriggerRun[] {
    return this.flowRuns.map((run) => structuredClone(run));
  }

  recordFlowTriggerRun(run: FlowTriggerRun): void {
    this.flowRuns.push(run);
  }

  segments(): SimSegment[] {
    return [...this.segmentMap.values()].map((s) => structuredClone(s));
  }

  segmentHasCustomer(segmentGid: string, customerGid: string): boolean {
    const segment = this.segmentMap.get(segmentGid);
    const customer = this.customerMap.get(customerGid);
    if (!segment || !customer) return false;
    const check = checkSegmentQuery(segment.query);
    if (check.kind !== "ok") throw new Error(`Segment ${segmentGid} has a query the simulator cannot evaluate: ${segment.query}`);
    return check.matches(customer);
  }

  bulkOperations(): BulkOperationRecord[] {
    return this.bulkOperationList.map((op) => structuredClone(op));
  }

  netSpendByCustomer(): Map<string, number> {
    return netSpendByCustomer(this.customerMap.keys(), this.orderMap.values());
  }

  // ---- live records, for the GraphQL resolvers ----

  customerRecord(customerGid: string): SimCustomer | undefined {
    return this.customerMap.get(customerGid);
  }

  orderRecord(orderGid: string): SimOrder | undefined {
    return this.orderMap.get(orderGid);
  }

  customerRecords(): IterableIterator<SimCustomer> {
    return this.customerMap.values();
  }

  orderRecords(): IterableIterator<SimOrder> {
    return this.orderMap.values();
  }

  refundRecords(orderGid: string): readonly SimRefund[] {
    return this.refundsByOrder.get(orderGid) ?? [];
  }

  refundRecord(refundGid: string): SimRefund | undefined {
    for (const refunds of this.refundsByOrder.values()) {
      const refund = refunds.find((r) => r.gid === refundGid);
      if (refund) return refund;
    }
    return undefined;
  }

  ordersOfCustomer(customerGid: string): SimOrder[] {
    return [...(this.ordersByCustomer.get(customerGid) ?? [])].flatMap((g) => this.orderMap.get(g) ?? []);
  }

  metafieldRecord(ownerGid: string, namespace: string, key: string): SimMetafield | undefined {
    return this.metafieldsByOwner.get(ownerGid)?.get(`${namespace}\u0000${key}`);
  }

  metafieldRecords(ownerGid: string): SimMetafield[] {
    return [...(this.metafieldsByOwner.get(ownerGid)?.values() ?? [])];
  }

  putMetafield(metafield: SimMetafield): void {
    let owned = this.metafieldsByOwner.get(metafield.ownerGid);
    if (!owned) {
      owned = new Map();
      this.metafieldsByOwner.set(metafield.ownerGid, owned);
    }
    owned.set(`${metafield.namespace}\u0000${metafield.key}`, metafield);
  }

  /** Removes one metafield; whether there was one. */
  deleteMetafield(ownerGid: string, namespace: string, key: string): boolean {
    return this.metafieldsByOwner.get(ownerGid)?.delete(`${namespace}\u0000${key}`) ?? false;
  }

  discountRecord(discountGid: string): SimDiscountCodeBasic | undefined {
    return this.discountMap.get(discountGid);
  }

  /** The discount holding a code; codes compare without regard to case, as on Shopify. */
  discountByCode(code: string): SimDiscountCodeBasic | undefined {
    const wanted = code.toLowerCase();
    for (const discount of this.discountMap.values()) {
      if (discount.codes.some((c) => c.code.toLowerCase() === wanted)) return discount;
    }
    return undefined;
  }

  discountCodeTaken(code: string): boolean {
    return this.discountByCode(code) !== undefined;
  }

  putDiscount(discount: SimDiscountCodeBasic): void {
    this.discountMap.set(discount.gid, discount);
  }

  segmentRecord(segmentGid: string): SimSegment | undefined {
    return this.segmentMap.get(segmentGid);
  }

  segmentRecords(): IterableIterator<SimSegment> {
    return this.segmentMap.values();
  }

  putSegment(segment: SimSegment): void {
    this.segmentMap.set(segment.gid, segment);
  }

  /** Fires a webhook from outside the scripted API (bulk operations); skipped while the app is uninstalled. */
  emit(topic: string, payload: () => unknown): void {
    this.fire({}, [{ topic, payload }]);
  }

  private orderPayloadFor(order: SimOrder): Record<string, unknown> {
    const customer = order.customerGid ? (this.customerMap.get(order.customerGid) ?? null) : null;
    return orderPayload(this.profile, order, this.refundRecords(order.gid), customer);
  }

  private indexOrderCustomer(orderGid: string, from: string | null, to: string | null): void {
    if (from) this.ordersByCustomer.get(from)?.delete(orderGid);
    if (to) {
      let set = this.ordersByCustomer.get(to);
      if (!set) {
        set = new Set();
        this.ordersByCustomer.set(to, set);
      }
      set.add(orderGid);
    }
  }

  private requireCustomer(customerGid: string): SimCustomer {
    const customer = this.customerMap.get(customerGid);
    if (!customer) throw new Error(`Shop ${this.domain} has no customer ${customerGid}`);
    return customer;
  }

  private requireOrder(orderGid: string): SimOrder {
    const order = this.orderMap.get(orderGid);
    if (!order) throw new Error(`Shop ${this.domain} has no order ${orderGid}`);
    return order;
  }

  /** One merchant action: its webhooks share an event id and trigger time. */
  private fire(options: ChangeOptions, events: PendingEvent[]): void {
    if (options.silent) return;
    const eventId = randomUUID();
    const triggeredAt = this.deps.clock();
    for (const event of events) {
      if (!this.isInstalled && !LIFECYCLE_TOPICS.has(event.topic)) continue;
      this.deps.webhooks.trigger({ shop: this.domain, topic: event.topic, eventId, triggeredAt, payload: event.payload });
    }
  }
}
