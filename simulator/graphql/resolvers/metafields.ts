import { createHash } from "node:crypto";
import type { GraphQLResolveInfo } from "graphql";
import { nextChangeTimestamp } from "../../clock.ts";
import { parseGid } from "../../ids.ts";
import type { ShopStore } from "../../store/shop.ts";
import type { SimMetafield } from "../../store/types.ts";
import type { ResolverContext } from "../context.ts";
import { dateTime, requireScope, resolveNamespace, resolversFor, stringArg, type Args, type FieldResolvers } from "./common.ts";
import { resolveConnection, type ConnectionSpec } from "./list.ts";

/** Owner types whose metafields the simulator keeps, with the scope needed to write them. */
const OWNER_WRITE_SCOPES: Readonly<Record<string, string | null>> = {
  Customer: "write_customers",
  Order: "write_orders",
  Shop: null,
};

export const MAX_METAFIELDS_PER_SET = 25;

const NAMESPACE_NOT_ALLOWED = "Access to this namespace and key on Metafields for this resource type is not allowed.";

/** `app--<id>` namespaces belong to the app with that id; only the calling app's own (and its `--sub`) are open to it. */
function isOtherAppsNamespace(namespace: string, appNamespace: string): boolean {
  return namespace.startsWith("app--") && namespace !== appNamespace && !namespace.startsWith(`${appNamespace}--`);
}

export function compareDigest(metafield: SimMetafield): string {
  return createHash("sha256")
    .update(JSON.stringify([metafield.namespace, metafield.key, metafield.type, metafield.value, metafield.updatedAt.getTime()]))
    .digest("hex");
}

function ownerExists(shop: ShopStore, ownerGid: string): boolean {
  const parsed = parseGid(ownerGid);
  if (!parsed) return false;
  if (parsed.type === "Customer") return shop.customerRecord(ownerGid) !== undefined;
  if (parsed.type === "Order") return shop.orderRecord(ownerGid) !== undefined;
  if (parsed.type === "Shop") return ownerGid === shop.gid;
  return false;
}

const METAFIELD_CONNECTION: ConnectionSpec<SimMetafield> = {
  defaultSortKey: "ID",
  sortKeys: { ID: { value: (m) => m.legacyId, id: (m) => m.legacyId } },
};

/** `metafield(namespace:, key:)` and `metafields(...)` for an owner type. */
export function metafieldFields<S>(ownerGid: (source: S) => string): FieldResolvers<S> {
  return {
    metafield: (source, args, ctx) => {
      const namespace = resolveNamespace(stringArg(args, "namespace"), ctx.shop.appNamespace);
      return ctx.shop.metafieldRecord(ownerGid(source), namespace, stringArg(args, "key") ?? "") ?? null;
    },
    metafields: (source, args, ctx, info) => {
      const namespaceArg = stringArg(args, "namespace");
      const namespace = namespaceArg === null ? null : resolveNamespace(namespaceArg, ctx.shop.appNamespace);
      const keys = Array.isArray(args.keys) ? (args.keys as string[]) : null;
      const items = ctx.shop.metafieldRecords(ownerGid(source)).filter((m) => {
        if (namespace !== null && m.namespace !== namespace) return false;
        if (keys !== null && !keys.includes(`${m.namespace}.${m.key}`)) return false;
        return true;
      });
      return resolveConnection(items, args, ctx, info, METAFIELD_CONNECTION);
    },
  };
}

function parsedValue(metafield: SimMetafield): unknown {
  switch (metafield.type) {
    case "number_integer":
      return Number(metafield.value);
    case "number_decimal":
      return metafield.value;
    case "boolean":
      return metafield.value === "true";
    case "json":
    case "money":
    case "rating":
      return JSON.parse(metafield.value) as unknown;
    default:
      return metafield.value;
  }
}

export const metafieldResolvers = resolversFor<SimMetafield>({
  id: (m) => m.gid,
  legacyResourceId: (m) => String(m.legacyId),
  namespace: (m) => m.namespace,
  key: (m) => m.key,
  value: (m) => m.value,
  type: (m) => m.type,
  jsonValue: (m) => parsedValue(m),
  compareDigest: (m) => compareDigest(m),
  createdAt: (m) => dateTime(m.createdAt),
  updatedAt: (m) => dateTime(m.updatedAt),
  ownerType: (m) => parseGid(m.ownerGid)?.type.toUpperCase() ?? null,
  owner: (m, _args, ctx) => {
    const type = parseGid(m.ownerGid)?.type;
    if (type === "Customer") return ctx.shop.customerRecord(m.ownerGid) ?? null;
    if (type === "Order") return ctx.shop.orderRecord(m.ownerGid) ?? null;
    return ctx.shop;
  },
});

// ---- metafieldsSet ----

const SUPPORTED_TYPES = [
  "boolean",
  "date",
  "date_time",
  "json",
  "money",
  "multi_line_text_field",
  "number_decimal",
  "number_integer",
  "rating",
  "single_line_text_field",
  "url",
] as const;

/** Why `value` is not a valid value of metafield type `type`, or null. */
export function metafieldValueProblem(type: string, value: string): string | null {
  switch (type) {
    case "single_line_text_field":
      return value.includes("\n") ? "Value must be a single line of text." : null;
    case "multi_line_text_field":
      return null;
    case "number_integer":
      return /^-?\d+$/.test(value) && Number.isSafeInteger(Number(value)) ? null : "Value must be an integer.";
    case "number_decimal":
      return /^-?\d+(\.\d+)?$/.test(value) ? null : "Value must be a decimal.";
    case "boolean":
      return value === "true" || value === "false" ? null : "Value must be true or false.";
    case "date":
      return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? null : "Value must be in YYYY-MM-DD format.";
    case "date_time":
      return /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)) ? null : "Value must be in ISO 8601 date and time format.";
    case "url":
      return /^(https?|mailto|sms|tel):/.test(value) ? null : "Value must be a valid URL.";
    case "json":
    case "money":
    case "rating": {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        return "Value is invalid JSON.";
      }
      if (type === "money") {
        const m = parsed as { amount?: unknown; currency_code?: unknown } | null;
        if (!m || typeof m !== "object" || typeof m.amount !== "string" || !/^-?\d+(\.\d+)?$/.test(m.amount) || typeof m.currency_code !== "string") {
          return 'Value must be a JSON object with "amount" (a decimal string) and "currency_code".';
        }
      }
      if (type === "rating") {
        const r = parsed as { value?: unknown; scale_min?: unknown; scale_max?: unknown } | null;
        if (!r || typeof r !== "object" || typeof r.value !== "string" || typeof r.scale_min !== "string" || typeof r.scale_max !== "string") {
          return 'Value must be a JSON object with "value", "scale_min" and "scale_max".';
        }
      }
      return null;
    }
    default:
      return null;
  }
}

interface MetafieldsSetUserError {
  field: string[];
  message: string;
  code: string;
  elementIndex: number | null;
}

interface MetafieldsSetInput {
  ownerId: string;
  namespace?: string | null;
  key: string;
  type?: string | null;
  value: string;
  compareDigest?: string | null;
}

export function metafieldsSet(args: Args, ctx: ResolverContext, info: GraphQLResolveInfo) {
  const inputs = (Array.isArray(args.metafields) ? args.metafields : []) as MetafieldsSetInput[];
  if (inputs.length > MAX_METAFIELDS_PER_SET) {
    const error: MetafieldsSetUserError = {
      field: ["metafields"],
      message: `Exceeded the maximum metafields input limit of ${MAX_METAFIELDS_PER_SET}.`,
      code: "LESS_THAN_OR_EQUAL_TO",
      elementIndex: null,
    };
    return { metafields: [], userErrors: [error] };
  }
  for (const input of inputs) {
    const ownerType = parseGid(input.ownerId)?.type;
    const scope = ownerType ? OWNER_WRITE_SCOPES[ownerType] : undefined;
    if (scope) requireScope(ctx, scope, info);
  }

  const shop = ctx.shop;
  const userErrors: MetafieldsSetUserError[] = [];
  const planned: { input: MetafieldsSetInput; namespace: string; type: string; existing: SimMetafield | undefined }[] = [];
  // biome-ignore lint/suspicious/useIterableCallbackReturn: each check ends the input's callback early with `return err(...)`, which returns nothing
  inputs.forEach((input, index) => {
    const err = (field: string, code: string, message: string) => {
      userErrors.push({ field: ["metafields", String(index), field], message, code, elementIndex: index });
    };
    const ownerType = parseGid(input.ownerId)?.type;
    if (!ownerType || !(ownerType in OWNER_WRITE_SCOPES) || !ownerExists(shop, input.ownerId)) {
      err("ownerId", "INVALID", "Owner does not exist.");
      return;
    }
    const namespace = resolveNamespace(input.namespace, shop.appNamespace);
    if (isOtherAppsNamespace(namespace, shop.appNamespace)) {
      err("namespace", "APP_NOT_AUTHORIZED", NAMESPACE_NOT_ALLOWED);
      return;
    }
    if (namespace.length < 3) return err("namespace", "TOO_SHORT", "Namespace is too short (minimum is 3 characters)");
    if (namespace.length > 255) return err("namespace", "TOO_LONG", "Namespace is too long (maximum is 255 characters)");
    if (input.key.length < 2) return err("key", "TOO_SHORT", "Key is too short (minimum is 2 characters)");
    if (input.key.length > 64) return err("key", "TOO_LONG", "Key is too long (maximum is 64 characters)");
    if (!/^[A-Za-z0-9_-]+$/.test(input.key)) return err("key", "INVALID", "Key contains one or more invalid characters.");
    const existing = shop.metafieldRecord(input.ownerId, namespace, input.key);
    const type = input.type ?? existing?.type;
    if (!type) return err("type", "BLANK", "Type can't be blank");
    if (!(SUPPORTED_TYPES as readonly string[]).includes(type)) {
      return err("type", "INCLUSION", `Type must be one of the following: ${SUPPORTED_TYPES.join(", ")}.`);
    }
    if (existing && existing.type !== type) {
      return err("type", "INVALID_TYPE", `Type must be the same as the existing metafield type (${existing.type}).`);
    }
    const problem = metafieldValueProblem(type, input.value);
    if (problem) return err("value", "INVALID_VALUE", problem);
    if (input.compareDigest !== undefined && input.compareDigest !== null) {
      if (!existing || compareDigest(existing) !== input.compareDigest) {
        return err("compareDigest", "INVALID_COMPARE_DIGEST", "The resource has been updated since it was loaded. Try again with an updated `compareDigest` value.");
      }
    }
    planned.push({ input, namespace, type, existing });
    return undefined;
  });
  if (userErrors.length) return { metafields: [], userErrors };

  const now = shop.now();
  const written = planned.map(({ input, namespace, type, existing }) => {
    if (existing) {
      existing.value = input.value;
      existing.type = type;
      existing.updatedAt = nextChangeTimestamp(now, existing.updatedAt);
      return existing;
    }
    const { legacyId, gid } = shop.nextId("Metafield");
    const created: SimMetafield = {
      gid,
      legacyId,
      ownerGid: input.ownerId,
      namespace,
      key: input.key,
      type,
      value: input.value,
      createdAt: now,
      updatedAt: now,
    };
    shop.putMetafield(created);
    return created;
  });
  return { metafields: written, userErrors: [] };
}

// ---- metafieldsDelete ----

interface MetafieldIdentifierInput {
  ownerId: string;
  namespace: string;
  key: string;
}

/**
 * `metafieldsDelete`: deletes each identified metafield and answers each identifier in order, null for one that
 * did not exist (the call still succeeds). `$app` names the app's namespace as in metafieldsSet; another app's
 * reserved namespace refuses the whole call. Lists above 250 are refused before this runs (graphql/input-size.ts).
 */
export function metafieldsDelete(args: Args, ctx: ResolverContext, info: GraphQLResolveInfo) {
  const inputs = (Array.isArray(args.metafields) ? args.metafields : []) as MetafieldIdentifierInput[];
  for (const input of inputs) {
    const ownerType = parseGid(input.ownerId)?.type;
    const scope = ownerType ? OWNER_WRITE_SCOPES[ownerType] : undefined;
    if (scope) requireScope(ctx, scope, info);
  }
  const shop = ctx.shop;
  const userErrors: { field: string[]; message: string }[] = [];
  const identifiers = inputs.map((input, index) => {
    const namespace = resolveNamespace(input.namespace, shop.appNamespace);
    if (isOtherAppsNamespace(namespace, shop.appNamespace)) {
      userErrors.push({ field: ["metafields", String(index), "namespace"], message: NAMESPACE_NOT_ALLOWED });
    }
    return { ownerId: input.ownerId, namespace, key: input.key };
  });
  if (userErrors.length) return { deletedMetafields: null, userErrors };
  const deletedMetafields = identifiers.map((identifier) => (shop.deleteMetafield(identifier.ownerId, identifier.namespace, identifier.key) ? identifier : null));
  return { deletedMetafields, userErrors: [] };
}
