import type { GraphQLResolveInfo } from "graphql";
import { parseGid } from "../../ids.ts";
import { formatMinor, parseDecimalToMinor } from "../../money.ts";
import type { DiscountContext, DiscountValue, SimDiscountCodeBasic } from "../../store/types.ts";
import type { ResolverContext } from "../context.ts";
import { dateTime, money, requireScope, resolversFor, unsupported, type Args } from "./common.ts";
import { resolveConnection, type ConnectionSpec } from "./list.ts";

interface DiscountUserError {
  field: string[];
  message: string;
  code: string;
  extraInfo: string | null;
}

type Input = Record<string, unknown>;

function object(value: unknown): Input | null {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Input) : null;
}

function ids(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

export function discountStatus(discount: SimDiscountCodeBasic, now: Date): "ACTIVE" | "EXPIRED" | "SCHEDULED" {
  if (discount.startsAt > now) return "SCHEDULED";
  if (discount.endsAt && discount.endsAt <= now) return "EXPIRED";
  return "ACTIVE";
}

function summary(discount: SimDiscountCodeBasic, currency: string): string {
  const value =
    discount.value.kind === "percentage"
      ? `${Math.round(discount.value.percentage * 10000) / 100}% off`
      : `${formatMinor(discount.value.amountMinor, currency)} ${currency} off`;
  const once = discount.appliesOncePerCustomer ? " • One use per customer" : "";
  return `${value} entire order${once}`;
}

/** `discountCodeBasicCreate`: a code discount on all items, for all buyers or selected customers or segments. */
export function discountCodeBasicCreate(args: Args, ctx: ResolverContext, info: GraphQLResolveInfo) {
  requireScope(ctx, "write_discounts", info);
  const input = object(args.basicCodeDiscount) ?? {};
  const errors: DiscountUserError[] = [];
  const err = (path: string[], code: string, message: string) => errors.push({ field: ["basicCodeDiscount", ...path], message, code, extraInfo: null });
  const shop = ctx.shop;
  const now = shop.now();

  const title = typeof input.title === "string" ? input.title.trim() : "";
  if (!title) err(["title"], "BLANK", "Title can't be blank");
  const code = typeof input.code === "string" ? input.code.trim() : "";
  if (!code) err(["code"], "BLANK", "Code can't be blank");
  else if (code.length > 255) err(["code"], "TOO_LONG", "Code is too long (maximum is 255 characters)");
  else if (shop.discountCodeTaken(code)) err(["code"], "TAKEN", "Code must be unique. Please try a different code.");

  const startsAt = typeof input.startsAt === "string" ? new Date(input.startsAt) : now;
  const endsAt = typeof input.endsAt === "string" ? new Date(input.endsAt) : null;
  if (Number.isNaN(startsAt.getTime())) err(["startsAt"], "INVALID", "Starts at is invalid");
  if (endsAt && Number.isNaN(endsAt.getTime())) err(["endsAt"], "INVALID", "Ends at is invalid");
  if (endsAt && endsAt <= startsAt) err(["endsAt"], "END_DATE_BEFORE_START_DATE", "Ends at needs to be after starts_at");

  const usageLimit = typeof input.usageLimit === "number" ? input.usageLimit : null;
  if (usageLimit !== null && usageLimit < 1) err(["usageLimit"], "GREATER_THAN", "Usage limit must be greater than 0");

  let context: DiscountContext = { kind: "all" };
  const contextInput = object(input.context);
  const selectionInput = object(input.customerSelection);
  if (contextInput && selectionInput) {
    err(["context"], "CONFLICT", "Only one of context or customerSelection can be provided.");
  } else if (contextInput) {
    if (contextInput.all === "ALL") context = { kind: "all" };
    else if (object(contextInput.customers)) context = { kind: "customers", customerGids: ids(object(contextInput.customers)?.add) };
    else if (object(contextInput.customerSegments)) {
      context = { kind: "customerSegments", segmentGids: ids(object(contextInput.customerSegments)?.add) };
    } else if (object(contextInput.markets)) context = { kind: "markets", marketGids: ids(object(contextInput.markets)?.add) };
  } else if (selectionInput) {
    if (selectionInput.all === true) context = { kind: "all" };
    else if (object(selectionInput.customers)) context = { kind: "customers", customerGids: ids(object(selectionInput.customers)?.add) };
    else if (object(selectionInput.customerSegments)) {
      context = { kind: "customerSegments", segmentGids: ids(object(selectionInput.customerSegments)?.add) };
    }
  }
  const contextField = contextInput ? "context" : "customerSelection";
  if (context.kind === "customers") {
    if (context.customerGids.length === 0) err([contextField, "customers", "add"], "BLANK", "Customers can't be blank");
    context.customerGids.forEach((customerGid, i) => {
      if (!shop.customerRecord(customerGid)) err([contextField, "customers", "add", String(i)], "INVALID", `Customer ${customerGid} does not exist`);
    });
  }
  if (context.kind === "customerSegments") {
    if (context.segmentGids.length === 0) err([contextField, "customerSegments", "add"], "BLANK", "Customer segments can't be blank");
    context.segmentGids.forEach((segmentGid, i) => {
      if (parseGid(segmentGid)?.type !== "Segment" || !shop.segmentRecord(segmentGid)) {
        err([contextField, "customerSegments", "add", String(i)], "INVALID", `Segment ${segmentGid} does not exist`);
      }
    });
  }

  let value: DiscountValue | null = null;
  const gets = object(input.customerGets);
  if (!gets) err(["customerGets"], "BLANK", "Customer gets can't be blank");
  else {
    const items = object(gets.items);
    if (!items) err(["customerGets", "items"], "BLANK", "Items can't be blank");
    else if (items.all !== true) throw unsupported("discountCodeBasicCreate with customerGets.items other than { all: true }");
    const valueInput = object(gets.value);
    const amountInput = object(valueInput?.discountAmount);
    if (valueInput && typeof valueInput.percentage === "number") {
      const percentage = valueInput.percentage;
      if (percentage <= 0 || percentage > 1) err(["customerGets", "value", "percentage"], "VALUE_OUTSIDE_RANGE", "Value must be between 0.0 and 1.0");
      value = { kind: "percentage", percentage };
    } else if (amountInput) {
      const amountMinor = parseDecimalToMinor(amountInput.amount, shop.currencyCode);
      if (amountMinor === null || amountMinor <= 0) err(["customerGets", "value", "discountAmount", "amount"], "GREATER_THAN", "Value must be greater than 0");
      value = { kind: "amount", amountMinor: amountMinor ?? 0, appliesOnEachItem: amountInput.appliesOnEachItem === true };
    } else if (valueInput && object(valueInput.discountOnQuantity)) {
      throw unsupported("discountCodeBasicCreate with customerGets.value.discountOnQuantity");
    } else {
      err(["customerGets", "value"], "BLANK", "Value can't be blank");
    }
  }

  if (errors.length || !value) return { codeDiscountNode: null, userErrors: errors };

  const combines = object(input.combinesWith) ?? {};
  const { legacyId, gid } = shop.nextId("DiscountCodeNode");
  const redeem = shop.nextId("DiscountRedeemCode");
  const discount: SimDiscountCodeBasic = {
    gid,
    legacyId,
    title,
    codes: [{ gid: redeem.gid, code }],
    startsAt,
    endsAt,
    usageLimit,
    appliesOncePerCustomer: input.appliesOncePerCustomer === true,
    context,
    value,
    combinesWith: {
      orderDiscounts: combines.orderDiscounts === true,
      productDiscounts: combines.productDiscounts === true,
      shippingDiscounts: combines.shippingDiscounts === true,
    },
    tags: Array.isArray(input.tags) ? (input.tags as string[]) : [],
    createdAt: now,
    updatedAt: now,
  };
  shop.putDiscount(discount);
  return { codeDiscountNode: discount, userErrors: [] };
}

/** DiscountCustomerSegments: the segments the discount is limited to that the shop still has. */
function customerSegments(segmentGids: readonly string[], ctx: ResolverContext) {
  return { __typename: "DiscountCustomerSegments", segments: segmentGids.flatMap((g) => ctx.shop.segmentRecord(g) ?? []) };
}

export const discountCodeNodeResolvers = resolversFor<SimDiscountCodeBasic>({
  id: (d) => d.gid,
  codeDiscount: (d) => ({ ...d, __typename: "DiscountCodeBasic" }),
});

const REDEEM_CODE_CONNECTION: ConnectionSpec<{ gid: string; code: string }> = {
  defaultSortKey: "ID",
  sortKeys: { ID: { value: (c) => Number(c.gid.split("/").pop()), id: (c) => Number(c.gid.split("/").pop()) } },
};

export const discountCodeBasicResolvers = resolversFor<SimDiscountCodeBasic>({
  title: (d) => d.title,
  status: (d, _args, ctx) => discountStatus(d, ctx.shop.now()),
  startsAt: (d) => dateTime(d.startsAt),
  endsAt: (d) => dateTime(d.endsAt),
  createdAt: (d) => dateTime(d.createdAt),
  updatedAt: (d) => dateTime(d.updatedAt),
  usageLimit: (d) => d.usageLimit,
  appliesOncePerCustomer: (d) => d.appliesOncePerCustomer,
  asyncUsageCount: () => 0,
  tags: (d) => d.tags,
  discountClass: () => "ORDER",
  discountClasses: () => ["ORDER"],
  summary: (d, _args, ctx) => summary(d, ctx.shop.currencyCode),
  shortSummary: (d, _args, ctx) => summary(d, ctx.shop.currencyCode),
  combinesWith: (d) => ({ ...d.combinesWith, productDiscountsWithTagsOnSameCartLine: null }),
  codes: (d, args, ctx, info) =>
    resolveConnection(
      d.codes.map((c) => ({ ...c, __typename: "DiscountRedeemCode", id: c.gid, asyncUsageCount: 0 })),
      args,
      ctx,
      info,
      REDEEM_CODE_CONNECTION,
    ),
  codesCount: (d) => ({ count: d.codes.length, precision: "EXACT" }),
  context: (d, _args, ctx) => {
    switch (d.context.kind) {
      case "all":
        return { __typename: "DiscountBuyerSelectionAll", all: "ALL" };
      case "customers":
        return { __typename: "DiscountCustomers", customers: d.context.customerGids.flatMap((g) => ctx.shop.customerRecord(g) ?? []) };
      case "customerSegments":
        return customerSegments(d.context.segmentGids, ctx);
      case "markets":
        throw unsupported("DiscountCodeBasic.context for markets");
    }
  },
  customerSelection: (d, _args, ctx) => {
    if (d.context.kind === "all") return { __typename: "DiscountCustomerAll", allCustomers: true };
    if (d.context.kind === "customers") {
      return { __typename: "DiscountCustomers", customers: d.context.customerGids.flatMap((g) => ctx.shop.customerRecord(g) ?? []) };
    }
    if (d.context.kind === "customerSegments") return customerSegments(d.context.segmentGids, ctx);
    throw unsupported("DiscountCodeBasic.customerSelection for markets");
  },
  customerGets: (d, _args, ctx) => ({
    appliesOnOneTimePurchase: true,
    appliesOnSubscription: false,
    items: { __typename: "AllDiscountItems", allItems: true },
    value:
      d.value.kind === "percentage"
        ? { __typename: "DiscountPercentage", percentage: d.value.percentage }
        : { __typename: "DiscountAmount", amount: money(d.value.amountMinor, ctx.shop.currencyCode), appliesOnEachItem: d.value.appliesOnEachItem },
  }),
});
